import { describe, expect, it } from 'vitest';
import {
  CATEGORIES, PLAID_DETAILED, PLAID_PRIMARIES, SNAPTRADE_TYPES, categoryInfo, categoryLabel, isKnownCategory, normalizeCategory,
  resolveUserCategory,
} from '../../../../shared/categories/categories';

const bank = (category: string | null, amountMinor = -1000) => normalizeCategory({ category, amountMinor });
const broker = (activityType: string, amountMinor = 0) => normalizeCategory({ category: null, activityType, amountMinor });

/**
 * Plaid's personal-finance category taxonomy (primary → detailed), as published in
 * transactions-personal-finance-category-taxonomy.csv, with where each lands in Ledgerline's set.
 */
const PLAID_TAXONOMY: Record<string, Record<string, string>> = {
  INCOME: { DIVIDENDS: 'dividends_interest', INTEREST_EARNED: 'dividends_interest', RETIREMENT_PENSION: 'income', TAX_REFUND: 'income', UNEMPLOYMENT: 'income', WAGES: 'income', OTHER_INCOME: 'income' },
  TRANSFER_IN: { CASH_ADVANCES_AND_LOANS: 'transfer', DEPOSIT: 'transfer', INVESTMENT_AND_RETIREMENT_FUNDS: 'transfer', SAVINGS: 'transfer', ACCOUNT_TRANSFER: 'transfer', OTHER_TRANSFER_IN: 'transfer' },
  TRANSFER_OUT: { INVESTMENT_AND_RETIREMENT_FUNDS: 'transfer', SAVINGS: 'transfer', WITHDRAWAL: 'transfer', ACCOUNT_TRANSFER: 'transfer', OTHER_TRANSFER_OUT: 'transfer' },
  LOAN_PAYMENTS: { CAR_PAYMENT: 'loan_payments', CREDIT_CARD_PAYMENT: 'transfer', PERSONAL_LOAN_PAYMENT: 'loan_payments', MORTGAGE_PAYMENT: 'loan_payments', STUDENT_LOAN_PAYMENT: 'loan_payments', OTHER_PAYMENT: 'loan_payments' },
  BANK_FEES: { ATM_FEES: 'fees', FOREIGN_TRANSACTION_FEES: 'fees', INSUFFICIENT_FUNDS: 'fees', INTEREST_CHARGE: 'fees', OVERDRAFT_FEES: 'fees', OTHER_BANK_FEES: 'fees' },
  ENTERTAINMENT: { CASINOS_AND_GAMBLING: 'entertainment', MUSIC_AND_AUDIO: 'entertainment', SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS: 'entertainment', TV_AND_MOVIES: 'entertainment', VIDEO_GAMES: 'entertainment', OTHER_ENTERTAINMENT: 'entertainment' },
  FOOD_AND_DRINK: { BEER_WINE_AND_LIQUOR: 'groceries', COFFEE: 'coffee', FAST_FOOD: 'dining', GROCERIES: 'groceries', RESTAURANT: 'dining', VENDING_MACHINES: 'dining', OTHER_FOOD_AND_DRINK: 'dining' },
  GENERAL_MERCHANDISE: {
    BOOKSTORES_AND_NEWSSTANDS: 'shopping', CLOTHING_AND_ACCESSORIES: 'shopping', CONVENIENCE_STORES: 'shopping', DEPARTMENT_STORES: 'shopping', DISCOUNT_STORES: 'shopping',
    ELECTRONICS: 'shopping', GIFTS_AND_NOVELTIES: 'shopping', OFFICE_SUPPLIES: 'shopping', ONLINE_MARKETPLACES: 'shopping', PET_SUPPLIES: 'shopping', SPORTING_GOODS: 'shopping',
    SUPERSTORES: 'shopping', TOBACCO_AND_VAPE: 'shopping', OTHER_GENERAL_MERCHANDISE: 'shopping',
  },
  HOME_IMPROVEMENT: { FURNITURE: 'home', HARDWARE: 'home', REPAIR_AND_MAINTENANCE: 'home', SECURITY: 'home', OTHER_HOME_IMPROVEMENT: 'home' },
  MEDICAL: { DENTAL_CARE: 'health', EYE_CARE: 'health', NURSING_CARE: 'health', PHARMACIES_AND_SUPPLEMENTS: 'health', PRIMARY_CARE: 'health', VETERINARY_SERVICES: 'health', OTHER_MEDICAL: 'health' },
  PERSONAL_CARE: { GYMS_AND_FITNESS_CENTERS: 'personal_care', HAIR_AND_BEAUTY: 'personal_care', LAUNDRY_AND_DRY_CLEANING: 'personal_care', OTHER_PERSONAL_CARE: 'personal_care' },
  GENERAL_SERVICES: {
    ACCOUNTING_AND_FINANCIAL_PLANNING: 'services', AUTOMOTIVE: 'transport', CHILDCARE: 'services', CONSULTING_AND_LEGAL: 'services', EDUCATION: 'services',
    INSURANCE: 'services', POSTAGE_AND_SHIPPING: 'services', STORAGE: 'services', OTHER_GENERAL_SERVICES: 'services',
  },
  GOVERNMENT_AND_NON_PROFIT: { DONATIONS: 'government_charity', GOVERNMENT_DEPARTMENTS_AND_AGENCIES: 'government_charity', TAX_PAYMENT: 'government_charity', OTHER_GOVERNMENT_AND_NON_PROFIT: 'government_charity' },
  TRANSPORTATION: { BIKES_AND_SCOOTERS: 'transport', GAS: 'transport', PARKING: 'transport', PUBLIC_TRANSIT: 'transport', TAXIS_AND_RIDE_SHARES: 'transport', TOLLS: 'transport', OTHER_TRANSPORTATION: 'transport' },
  TRAVEL: { FLIGHTS: 'travel', LODGING: 'travel', RENTAL_CARS: 'travel', OTHER_TRAVEL: 'travel' },
  RENT_AND_UTILITIES: {
    GAS_AND_ELECTRICITY: 'rent_utilities', INTERNET_AND_CABLE: 'rent_utilities', RENT: 'rent_utilities', SEWAGE_AND_WASTE_MANAGEMENT: 'rent_utilities',
    TELEPHONE: 'rent_utilities', WATER: 'rent_utilities', OTHER_UTILITIES: 'rent_utilities',
  },
};

describe('the category set', () => {
  it('is one readable set of about twenty, unique ids and labels, each with a kind', () => {
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(18);
    expect(CATEGORIES.length).toBeLessThanOrEqual(22);
    expect(new Set(CATEGORIES.map((c) => c.id)).size).toBe(CATEGORIES.length);
    expect(new Set(CATEGORIES.map((c) => c.label.toLowerCase())).size).toBe(CATEGORIES.length);
    for (const c of CATEGORIES) {
      expect(c.id).toMatch(/^[a-z_]+$/);
      expect(c.label).toMatch(/^[A-Z]/);
      expect(['income', 'spending', 'transfer', 'investment']).toContain(c.kind);
    }
    expect(categoryInfo('groceries')).toMatchObject({ label: 'Groceries', kind: 'spending' });
    expect(categoryInfo('transfer')?.kind).toBe('transfer');
    expect(categoryInfo('investments')?.kind).toBe('investment');
    expect(categoryInfo('dividends_interest')?.kind).toBe('income');
  });

  it('every mapping table points into the set', () => {
    for (const id of [...Object.values(PLAID_PRIMARIES), ...Object.values(PLAID_DETAILED), ...Object.values(SNAPTRADE_TYPES)]) {
      expect(isKnownCategory(id), id).toBe(true);
    }
  });

  it('labels: the set’s label, else the text itself (a custom name)', () => {
    expect(categoryLabel('rent_utilities')).toBe('Rent & utilities');
    expect(categoryLabel('Household')).toBe('Household');
  });
});

describe('normalizeCategory: Plaid personal-finance categories', () => {
  const cases = Object.entries(PLAID_TAXONOMY).flatMap(([primary, details]) =>
    Object.entries(details).map(([detail, expected]) => [`${primary}_${detail}`, expected] as const));

  it.each(cases)('%s → %s', (code, expected) => {
    expect(bank(code)).toBe(expected);
  });

  it('every primary alone has a place (not uncategorized)', () => {
    for (const primary of Object.keys(PLAID_TAXONOMY)) {
      expect(PLAID_PRIMARIES[primary], primary).toBeDefined();
      expect(bank(primary)).not.toBe('uncategorized');
    }
  });

  it('groceries and dining out are told apart, and coffee is its own', () => {
    expect(bank('FOOD_AND_DRINK_GROCERIES')).toBe('groceries');
    expect(bank('FOOD_AND_DRINK_RESTAURANT')).toBe('dining');
    expect(bank('FOOD_AND_DRINK_FAST_FOOD')).toBe('dining');
    expect(bank('FOOD_AND_DRINK_COFFEE')).toBe('coffee');
    expect(bank('FOOD_AND_DRINK')).toBe('dining');
  });

  it('a detailed category Plaid adds later falls under its primary; TRANSFER_IN is not read as TRANSFER', () => {
    expect(bank('INCOME_GIG_ECONOMY')).toBe('income');
    expect(bank('TRAVEL_CRUISES')).toBe('travel');
    expect(bank('TRANSFER_IN_WIRE')).toBe('transfer');
    expect(bank('LOAN_DISBURSEMENTS_MORTGAGE')).toBe('transfer');
  });

  it('a refund keeps its category (it lowers that spending)', () => {
    expect(bank('GENERAL_MERCHANDISE_ONLINE_MARKETPLACES', 2500)).toBe('shopping');
  });
});

describe('normalizeCategory: MoneyKit dotted categories', () => {
  it.each([
    ['food_and_drink.coffee', 'coffee'],
    ['food_and_drink.groceries', 'groceries'],
    ['food_and_drink.restaurant', 'dining'],
    ['transportation.gas', 'transport'],
    ['transportation.taxis_and_ride_shares', 'transport'],
    ['entertainment.tv_and_movies', 'entertainment'],
    ['general_merchandise.online_marketplaces', 'shopping'],
    ['income.wages', 'income'],
    ['income.interest_earned', 'dividends_interest'],
    ['rent_and_utilities.rent', 'rent_utilities'],
    ['transfer_out.savings', 'transfer'],
    ['transfer_in.account_transfer', 'transfer'],
    ['loan_payments.credit_card_payment', 'transfer'],
    ['loan_payments.mortgage_payment', 'loan_payments'],
    ['bank_fees', 'fees'],
    // outside Plaid's taxonomy: read by its words
    ['shopping.clothing', 'shopping'],
    ['health.pharmacy', 'health'],
    ['travel.hotels', 'travel'],
    ['utilities.electricity', 'rent_utilities'],
    ['food.groceries', 'groceries'],
    ['misc.unknown_thing', 'uncategorized'],
  ])('%s → %s', (code, expected) => {
    expect(bank(code)).toBe(expected);
  });
});

describe('normalizeCategory: SnapTrade activity types', () => {
  it.each([
    ['BUY', 'investments'], ['SELL', 'investments'], ['REI', 'investments'], ['SPLIT', 'investments'],
    ['OPTIONEXPIRATION', 'investments'], ['OPTIONASSIGNMENT', 'investments'], ['OPTIONEXERCISE', 'investments'],
    ['DIVIDEND', 'dividends_interest'], ['STOCK_DIVIDEND', 'dividends_interest'], ['INTEREST', 'dividends_interest'],
    ['CONTRIBUTION', 'transfer'], ['WITHDRAWAL', 'transfer'], ['TRANSFER', 'transfer'],
    ['EXTERNAL_ASSET_TRANSFER_IN', 'transfer'], ['EXTERNAL_ASSET_TRANSFER_OUT', 'transfer'],
    ['FEE', 'fees'], ['TAX', 'government_charity'],
  ])('%s → %s', (type, expected) => {
    expect(broker(type)).toBe(expected);
  });

  it('is read case- and space-insensitively; a type SnapTrade does not normalize is brokerage activity', () => {
    expect(broker(' dividend ')).toBe('dividends_interest');
    expect(broker('ADR_PASS_THROUGH')).toBe('investments');
  });

  it('the activity type wins over any category text', () => {
    expect(normalizeCategory({ category: 'FOOD_AND_DRINK_COFFEE', activityType: 'BUY', amountMinor: -100 })).toBe('investments');
    expect(normalizeCategory({ category: 'FOOD_AND_DRINK_COFFEE', activityType: '', amountMinor: -100 })).toBe('coffee');
  });
});

describe('normalizeCategory: readable names and nothing', () => {
  it.each([
    // Plaid's legacy hierarchy (its last element is what mapPlaid keeps without a PFC)
    ['Coffee Shop', 'coffee'],
    ['Supermarkets and Groceries', 'groceries'],
    ['Gas Stations', 'transport'],
    ['Restaurants', 'dining'],
    ['Taxi', 'transport'],
    ['Subscription', 'entertainment'],
    ['Digital Purchase', 'shopping'],
    ['Payroll', 'income'],
    ['Interest Earned', 'dividends_interest'],
    ['Interest Charged', 'fees'],
    ['Rent', 'rent_utilities'],
    ['Credit Card', 'transfer'],
    ['Debit', 'transfer'],
    ['Credit', 'transfer'],
    ['Airlines and Aviation Services', 'travel'],
    ['Pharmacies', 'health'],
    ['Gyms and Fitness Centers', 'personal_care'],
    ['Overdraft', 'fees'],
    ['Charitable Giving', 'government_charity'],
    ['Something Else Entirely', 'uncategorized'],
  ])('%s → %s', (text, expected) => {
    expect(bank(text)).toBe(expected);
  });

  it('no category, or blank, is uncategorized', () => {
    expect(bank(null)).toBe('uncategorized');
    expect(bank('   ')).toBe('uncategorized');
    expect(bank(null, 5000)).toBe('uncategorized');
  });
});

describe('resolveUserCategory: what a stored userCategory means', () => {
  it('an id of the set is itself', () => {
    expect(resolveUserCategory('groceries')).toBe('groceries');
    expect(resolveUserCategory('rent_utilities')).toBe('rent_utilities');
  });
  it('a legacy name matching a label, case-insensitively, is that category', () => {
    expect(resolveUserCategory('Dining out')).toBe('dining');
    expect(resolveUserCategory('  GROCERIES ')).toBe('groceries');
    expect(resolveUserCategory('coffee')).toBe('coffee');
    expect(resolveUserCategory('Rent & Utilities')).toBe('rent_utilities');
  });
  it('the old form’s suggestions that plainly name one of ours resolve to it', () => {
    expect(resolveUserCategory('Rent')).toBe('rent_utilities');
    expect(resolveUserCategory('Utilities')).toBe('rent_utilities');
    expect(resolveUserCategory('Transfer')).toBe('transfer');
    expect(resolveUserCategory('Fees')).toBe('fees');
  });
  it('any other name is kept as the user wrote it: a custom label', () => {
    expect(resolveUserCategory('Gifts')).toBe('Gifts');
    expect(resolveUserCategory('Household')).toBe('Household');
    expect(categoryLabel(resolveUserCategory(' Birthday party ') ?? '')).toBe('Birthday party');
  });
  it('blank is no choice at all', () => {
    expect(resolveUserCategory(null)).toBeNull();
    expect(resolveUserCategory(undefined)).toBeNull();
    expect(resolveUserCategory('  ')).toBeNull();
  });
});
