/**
 * What the demo banks' ledger simulation draws from: Plaid-style categories, payees (merchants with
 * their raw card descriptors, and institutional ones like payroll) and the spending patterns that
 * decide how often, how much, and how a pending authorization differs from what posts.
 */
import { createRng, type Rng } from './rng';

export interface Category {
  readonly legacy: readonly string[];
  readonly legacyId: string;
  readonly primary: string;
  readonly detailed: string;
}

export interface Payee {
  /** The clean display name. */
  readonly name: string;
  /** The raw card-network descriptor, shown while pending and until the bank "cleans up" a row. */
  readonly descriptor: string;
  /** Only real merchants carry merchant_name, website, entity id and a counterparty. */
  readonly merchant: boolean;
  readonly website: string | null;
  readonly entityId: string | null;
  readonly category: Category;
  readonly channel: 'online' | 'in store' | 'other';
}

const category = (legacy: readonly string[], legacyId: string, primary: string, detail: string): Category => ({
  legacy,
  legacyId,
  primary,
  detailed: `${primary}_${detail}`,
});

export const CATEGORIES = {
  coffee: category(['Food and Drink', 'Restaurants', 'Coffee Shop'], '13005043', 'FOOD_AND_DRINK', 'COFFEE'),
  groceries: category(['Shops', 'Supermarkets and Groceries'], '19047000', 'FOOD_AND_DRINK', 'GROCERIES'),
  fuel: category(['Travel', 'Gas Stations'], '22009000', 'TRANSPORTATION', 'GAS'),
  restaurant: category(['Food and Drink', 'Restaurants'], '13005000', 'FOOD_AND_DRINK', 'RESTAURANT'),
  rideshare: category(['Travel', 'Taxi'], '22016000', 'TRANSPORTATION', 'TAXIS_AND_RIDE_SHARES'),
  streaming: category(['Service', 'Subscription'], '18061000', 'ENTERTAINMENT', 'TV_AND_MOVIES'),
  music: category(['Service', 'Subscription'], '18061000', 'ENTERTAINMENT', 'MUSIC_AND_AUDIO'),
  online: category(['Shops', 'Digital Purchase'], '19013000', 'GENERAL_MERCHANDISE', 'ONLINE_MARKETPLACES'),
  payroll: category(['Transfer', 'Payroll'], '21009000', 'INCOME', 'WAGES'),
  interest: category(['Interest', 'Interest Earned'], '15001000', 'INCOME', 'INTEREST_EARNED'),
  rent: category(['Payment', 'Rent'], '16002000', 'RENT_AND_UTILITIES', 'RENT'),
  transferOut: category(['Transfer', 'Debit'], '21006000', 'TRANSFER_OUT', 'SAVINGS'),
  transferIn: category(['Transfer', 'Credit'], '21005000', 'TRANSFER_IN', 'ACCOUNT_TRANSFER'),
  cardPayment: category(['Payment', 'Credit Card'], '16001000', 'LOAN_PAYMENTS', 'CREDIT_CARD_PAYMENT'),
  utilities: category(['Service', 'Utilities'], '18068000', 'RENT_AND_UTILITIES', 'GAS_AND_ELECTRICITY'),
  gym: category(['Recreation', 'Gyms and Fitness Centers'], '17018000', 'PERSONAL_CARE', 'GYMS_AND_FITNESS_CENTERS'),
} as const;

// Merchant entity ids are fixed per merchant, like Plaid's, so they are derived from the name.
const merchant = (name: string, descriptor: string, website: string, cat: Category, channel: Payee['channel']): Payee => ({
  name,
  descriptor,
  merchant: true,
  website,
  entityId: createRng('merchant', name).id(),
  category: cat,
  channel,
});

export const institutional = (name: string, descriptor: string, cat: Category): Payee => ({
  name,
  descriptor,
  merchant: false,
  website: null,
  entityId: null,
  category: cat,
  channel: 'other',
});

export interface SpendKind {
  readonly weight: number;
  readonly payees: readonly Payee[];
  readonly minCents: number;
  readonly maxCents: number;
  /** How the pending authorization differs from what posts. */
  readonly hold?: 'tip' | 'fuel';
  readonly refundable?: boolean;
}

export const SPEND_KINDS: readonly SpendKind[] = [
  {
    weight: 45, minCents: 350, maxCents: 780, payees: [
      merchant('Starbucks', 'STARBUCKS STORE 05412', 'starbucks.com', CATEGORIES.coffee, 'in store'),
      merchant('Blue Bottle Coffee', 'SQ *BLUE BOTTLE COFFEE', 'bluebottlecoffee.com', CATEGORIES.coffee, 'in store'),
      merchant("Peet's Coffee", 'PEETS COFFEE #0231', 'peets.com', CATEGORIES.coffee, 'in store'),
    ],
  },
  {
    weight: 10, minCents: 1800, maxCents: 9000, payees: [
      merchant('Whole Foods Market', 'WHOLEFDS MKT 10234', 'wholefoodsmarket.com', CATEGORIES.groceries, 'in store'),
      merchant("Trader Joe's", 'TRADER JOE S #552', 'traderjoes.com', CATEGORIES.groceries, 'in store'),
      merchant('Safeway', 'SAFEWAY #1711', 'safeway.com', CATEGORIES.groceries, 'in store'),
    ],
  },
  {
    weight: 5, minCents: 2800, maxCents: 7400, hold: 'fuel', payees: [
      merchant('Shell', 'SHELL OIL 57444238100', 'shell.com', CATEGORIES.fuel, 'in store'),
      merchant('Chevron', 'CHEVRON 0209417', 'chevron.com', CATEGORIES.fuel, 'in store'),
    ],
  },
  {
    weight: 8, minCents: 1500, maxCents: 6500, hold: 'tip', payees: [
      merchant('Zuni Cafe', 'TST* ZUNI CAFE', 'zunicafe.com', CATEGORIES.restaurant, 'in store'),
      merchant('Olive Garden', 'OLIVE GARDEN 0021', 'olivegarden.com', CATEGORIES.restaurant, 'in store'),
      merchant('The Cheesecake Factory', 'CHEESECAKE FACTORY #087', 'thecheesecakefactory.com', CATEGORIES.restaurant, 'in store'),
    ],
  },
  {
    weight: 8, minCents: 900, maxCents: 4200, payees: [
      merchant('Uber', 'UBER *TRIP HELP.UBER.COM', 'uber.com', CATEGORIES.rideshare, 'online'),
      merchant('Lyft', 'LYFT *RIDE THU 8PM', 'lyft.com', CATEGORIES.rideshare, 'online'),
    ],
  },
  { weight: 1, minCents: 1549, maxCents: 1549, payees: [merchant('Netflix', 'NETFLIX.COM', 'netflix.com', CATEGORIES.streaming, 'online')] },
  { weight: 1, minCents: 1199, maxCents: 1199, payees: [merchant('Spotify', 'SPOTIFY USA', 'spotify.com', CATEGORIES.music, 'online')] },
  {
    weight: 6, minCents: 1200, maxCents: 8900, refundable: true, payees: [
      merchant('Amazon', 'AMAZON MKTPL*2K4LT83B2', 'amazon.com', CATEGORIES.online, 'online'),
      merchant('Target', 'TARGET.COM *', 'target.com', CATEGORIES.online, 'online'),
    ],
  },
];
const TOTAL_SPEND_WEIGHT = SPEND_KINDS.reduce((sum, kind) => sum + kind.weight, 0);
/** The mean of one drawn spend, tips included; payroll is sized from it. */
export const MEAN_SPEND_CENTS =
  SPEND_KINDS.reduce((sum, k) => sum + (k.weight * (k.minCents + k.maxCents) * (k.hold === 'tip' ? 1.2 : 1)) / 2, 0) /
  TOTAL_SPEND_WEIGHT;
export const RENT_CENTS = 165_000;
export const SAVINGS_TRANSFER_CENTS = 30_000;

export const PAYROLL = institutional('Acme Corp Payroll', 'ACME CORP DIRECT DEP PPD ID: 1234567890', CATEGORIES.payroll);
export const RENT = merchant('Greenline Property Management', 'GREENLINE PROPERTY MGMT WEB PMTS', 'greenlineproperty.com', CATEGORIES.rent, 'other');
export const INTEREST = institutional('Interest Payment', 'INTEREST PAYMENT', CATEGORIES.interest);
export const CARD_PAYMENT_RECEIVED = institutional('Payment Thank You', 'PAYMENT - THANK YOU', CATEGORIES.cardPayment);

// The household's bills (ledger/household.ts): paid from the checking account of the bank that pays them.
export const UTILITY = merchant('City Power & Light', 'CITY POWER LIGHT BILLPAY', 'citypowerlight.com', CATEGORIES.utilities, 'online');
export const SUBSCRIPTION = merchant('Hulu', 'HULU 877-8244858', 'hulu.com', CATEGORIES.streaming, 'online');
export const GYM = merchant('Bay Club Fitness', 'BAY CLUB FITNESS DUES', 'bayclubs.com', CATEGORIES.gym, 'other');
/** The other bank's card, paid from this bank's checking, and the payment as that card shows it. */
export const OTHER_BANK_CARD_PAYMENT = institutional('Acorn Credit Union Card Payment', 'ACORN CU CARD PMT ONLINE', CATEGORIES.cardPayment);
export const OTHER_BANK_PAYMENT_RECEIVED = institutional('Payment Received', 'ONLINE PAYMENT RECEIVED - THANK YOU', CATEGORIES.cardPayment);

export interface Spend {
  readonly payee: Payee;
  readonly pendingCents: number;
  readonly finalCents: number;
}

function pickSpendKind(rng: Rng): SpendKind {
  let roll = rng.next() * TOTAL_SPEND_WEIGHT;
  for (const kind of SPEND_KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return SPEND_KINDS[SPEND_KINDS.length - 1] as SpendKind; // float rounding at the very top
}

export function drawSpend(rng: Rng): Spend {
  const kind = pickSpendKind(rng);
  const payee = rng.pick(kind.payees);
  const cents = rng.int(kind.minCents, kind.maxCents);
  if (kind.hold === 'tip') return { payee, pendingCents: cents, finalCents: Math.round((cents * (100 + rng.int(15, 25))) / 100) };
  // Pumps authorize a placeholder ($1 or $100) and settle for what was actually pumped.
  if (kind.hold === 'fuel' && rng.chance(0.7)) return { payee, pendingCents: rng.chance(0.5) ? 100 : 10_000, finalCents: cents };
  if (kind.refundable === true && rng.chance(0.06)) return { payee, pendingCents: -cents, finalCents: -cents };
  return { payee, pendingCents: cents, finalCents: cents };
}
