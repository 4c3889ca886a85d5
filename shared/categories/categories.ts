/**
 * Ledgerline's one readable category set, and the mapping from each provider's categories onto it:
 * Plaid's personal-finance categories (`FOOD_AND_DRINK_COFFEE`, or a primary alone), MoneyKit's
 * dotted ones (`food_and_drink.coffee`), SnapTrade's activity types (BUY, DIVIDEND, …), and — as a
 * last resort — readable names such as Plaid's legacy hierarchy ("Coffee Shop").
 * Pure: no DOM, no Node, no Dexie (the ledger index's Web Worker uses it too).
 */

/** One of `CATEGORIES`' ids; a legacy free-text category the user typed is kept as its own text. */
export type CategoryId = string;

export interface CategoryInfo {
  id: CategoryId;
  label: string;
  /** Money in (income, refunds, dividends…) or out; transfers are neither. */
  kind: 'income' | 'spending' | 'transfer' | 'investment';
}

export const CATEGORIES: readonly CategoryInfo[] = [
  { id: 'income', label: 'Income', kind: 'income' },
  { id: 'dividends_interest', label: 'Dividends & interest', kind: 'income' },
  { id: 'groceries', label: 'Groceries', kind: 'spending' },
  { id: 'dining', label: 'Dining out', kind: 'spending' },
  { id: 'coffee', label: 'Coffee', kind: 'spending' },
  { id: 'shopping', label: 'Shopping', kind: 'spending' },
  { id: 'rent_utilities', label: 'Rent & utilities', kind: 'spending' },
  { id: 'home', label: 'Home', kind: 'spending' },
  { id: 'transport', label: 'Transport', kind: 'spending' },
  { id: 'travel', label: 'Travel', kind: 'spending' },
  { id: 'entertainment', label: 'Entertainment', kind: 'spending' },
  { id: 'health', label: 'Health', kind: 'spending' },
  { id: 'personal_care', label: 'Personal care', kind: 'spending' },
  { id: 'services', label: 'Services', kind: 'spending' },
  { id: 'loan_payments', label: 'Loan payments', kind: 'spending' },
  { id: 'fees', label: 'Fees', kind: 'spending' },
  { id: 'government_charity', label: 'Taxes & charity', kind: 'spending' },
  { id: 'transfer', label: 'Transfers', kind: 'transfer' },
  { id: 'investments', label: 'Investments', kind: 'investment' },
  { id: 'uncategorized', label: 'Uncategorized', kind: 'spending' },
];

export const UNCATEGORIZED: CategoryId = 'uncategorized';

const BY_ID: ReadonlyMap<string, CategoryInfo> = new Map(CATEGORIES.map((c) => [c.id, c]));

/** The set's entry for an id; undefined for anything else (a legacy custom label). */
export const categoryInfo = (id: CategoryId): CategoryInfo | undefined => BY_ID.get(id);

export const isKnownCategory = (id: string): boolean => BY_ID.has(id);

/** The readable name: the set's label, else the id itself (a custom label the user typed long ago). */
export const categoryLabel = (id: CategoryId): string => BY_ID.get(id)?.label ?? id;

/**
 * Plaid primaries (personal-finance categories) → ours. A detailed category repeats its primary
 * as a prefix (`FOOD_AND_DRINK_COFFEE`); the detailed ones that deserve their own place are below.
 */
export const PLAID_PRIMARIES: Readonly<Record<string, CategoryId>> = {
  INCOME: 'income',
  TRANSFER_IN: 'transfer',
  TRANSFER_OUT: 'transfer',
  LOAN_PAYMENTS: 'loan_payments',
  LOAN_DISBURSEMENTS: 'transfer',
  BANK_FEES: 'fees',
  ENTERTAINMENT: 'entertainment',
  FOOD_AND_DRINK: 'dining',
  GENERAL_MERCHANDISE: 'shopping',
  HOME_IMPROVEMENT: 'home',
  MEDICAL: 'health',
  PERSONAL_CARE: 'personal_care',
  GENERAL_SERVICES: 'services',
  GOVERNMENT_AND_NON_PROFIT: 'government_charity',
  TRANSPORTATION: 'transport',
  TRAVEL: 'travel',
  RENT_AND_UTILITIES: 'rent_utilities',
};

/** Detailed Plaid categories whose place differs from their primary's. */
export const PLAID_DETAILED: Readonly<Record<string, CategoryId>> = {
  INCOME_DIVIDENDS: 'dividends_interest',
  INCOME_INTEREST_EARNED: 'dividends_interest',
  FOOD_AND_DRINK_GROCERIES: 'groceries',
  FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR: 'groceries',
  FOOD_AND_DRINK_COFFEE: 'coffee',
  // Paying the card off moves money between two of the user's own accounts: not spending.
  LOAN_PAYMENTS_CREDIT_CARD_PAYMENT: 'transfer',
  // Car repairs and servicing belong with the car.
  GENERAL_SERVICES_AUTOMOTIVE: 'transport',
  // A card's interest charge is a cost of the account.
  BANK_FEES_INTEREST_CHARGE: 'fees',
};

/** SnapTrade's normalized activity types. A type it does not normalize is still brokerage activity: `investments`. */
export const SNAPTRADE_TYPES: Readonly<Record<string, CategoryId>> = {
  BUY: 'investments',
  SELL: 'investments',
  REI: 'investments',
  SPLIT: 'investments',
  OPTIONEXPIRATION: 'investments',
  OPTIONASSIGNMENT: 'investments',
  OPTIONEXERCISE: 'investments',
  DIVIDEND: 'dividends_interest',
  STOCK_DIVIDEND: 'dividends_interest',
  INTEREST: 'dividends_interest',
  CONTRIBUTION: 'transfer',
  WITHDRAWAL: 'transfer',
  TRANSFER: 'transfer',
  EXTERNAL_ASSET_TRANSFER_IN: 'transfer',
  EXTERNAL_ASSET_TRANSFER_OUT: 'transfer',
  JOURNAL: 'transfer',
  FEE: 'fees',
  TAX: 'government_charity',
};

/**
 * Readable names (Plaid's legacy hierarchy such as "Coffee Shop" or "Supermarkets and Groceries",
 * a MoneyKit category outside Plaid's taxonomy) by the words in them; first match wins, so the
 * narrow ones come first.
 */
const KEYWORDS: readonly (readonly [RegExp, CategoryId])[] = [
  [/\bcoffee|\bcafes?\b|espresso/, 'coffee'],
  [/grocer|supermarket|liquor/, 'groceries'],
  [/gas (and|&) electric|electricity|utilit|internet|cable|telephone|\bphone\b|\bwater\b|sewage|\brent\b/, 'rent_utilities'],
  [/interest charge|overdraft|insufficient funds|\bfees?\b|\batm\b/, 'fees'],
  [/dividend|interest/, 'dividends_interest'],
  [/payroll|salary|salaries|wages?\b|paycheck|income|pension|unemployment|tax refund/, 'income'],
  [/credit card|transfer|deposit|withdrawal|^debit$|^credit$|savings/, 'transfer'],
  [/\bloans?\b|mortgage/, 'loan_payments'],
  [/restaurant|fast food|\bfood\b|\bdrinks?\b|\bbars?\b|dining|vending/, 'dining'],
  [/airline|flight|hotel|lodging|travel|car rental|rental car/, 'travel'],
  [/gas station|\bgas\b|fuel|taxi|ride ?share|parking|transit|\btolls?\b|transport|automotive|\bauto\b|bike|scooter/, 'transport'],
  [/subscription|entertainment|movie|music|game|recreation|sport|amusement|casino/, 'entertainment'],
  [/medical|health|pharmac|doctor|dental|\beye\b|veterinar|hospital/, 'health'],
  [/\bgyms?\b|fitness|hair|beauty|personal care|laundry|dry cleaning|\bspa\b/, 'personal_care'],
  [/\bhome\b|furniture|hardware|repair|maintenance|improvement/, 'home'],
  [/\btax(es)?\b|government|donation|charit|non.?profit/, 'government_charity'],
  [/service|insurance|education|childcare|legal|accounting|postage|shipping|storage/, 'services'],
  [/shop|store|merchandise|digital purchase|clothing|electronics|marketplace|department/, 'shopping'],
  [/invest|brokerage|securities/, 'investments'],
];

function byKeywords(text: string): CategoryId | null {
  const words = text.toLowerCase().replace(/[_.]+/g, ' ').trim();
  for (const [pattern, id] of KEYWORDS) if (pattern.test(words)) return id;
  return null;
}

/** A Plaid category code (primary or detailed), or null when it is not one. */
function fromPlaid(code: string): CategoryId | null {
  const detailed = PLAID_DETAILED[code];
  if (detailed) return detailed;
  let best: string | null = null;
  for (const primary of Object.keys(PLAID_PRIMARIES)) {
    if ((code === primary || code.startsWith(`${primary}_`)) && (best === null || primary.length > best.length)) best = primary;
  }
  return best === null ? null : (PLAID_PRIMARIES[best] ?? null);
}

/** The provider's raw category (Plaid PFC, MoneyKit dotted) or SnapTrade activity type → one category id. */
export function normalizeCategory(tx: { category: string | null; activityType?: string | null; amountMinor: number }): CategoryId {
  const type = tx.activityType?.trim().toUpperCase();
  if (type) return SNAPTRADE_TYPES[type] ?? 'investments';
  const raw = tx.category?.trim();
  if (!raw) return UNCATEGORIZED;
  // Plaid: FOOD_AND_DRINK_COFFEE / FOOD_AND_DRINK.
  if (/^[A-Z0-9_]+$/.test(raw)) return fromPlaid(raw) ?? byKeywords(raw) ?? UNCATEGORIZED;
  // MoneyKit: food_and_drink.coffee — Plaid's taxonomy in dotted lower case, else read by its words.
  if (/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(raw)) {
    const code = raw.toUpperCase().replaceAll('.', '_');
    return fromPlaid(code) ?? byKeywords(raw) ?? UNCATEGORIZED;
  }
  return byKeywords(raw) ?? UNCATEGORIZED;
}

/**
 * Aliases a legacy free-text category (typed before the set existed) resolves to: the suggestions
 * the old form offered, where they plainly name one of ours. Others ("Gas", "Gifts") stay as typed.
 */
const LEGACY_ALIASES: Readonly<Record<string, CategoryId>> = {
  'dining': 'dining',
  'restaurants': 'dining',
  'rent': 'rent_utilities',
  'utilities': 'rent_utilities',
  'transfer': 'transfer',
  'fees': 'fees',
  'health': 'health',
  'dividends': 'dividends_interest',
  'interest': 'dividends_interest',
  'investment': 'investments',
};

/**
 * The category a stored `userCategory` means: an id of the set as is; a label of the set or an
 * old suggestion, case-insensitively, as that id ("dining out" → `dining`); anything else is kept
 * as the user's own label (its text is its id, shown as written). Null when blank.
 */
export function resolveUserCategory(value: string | null | undefined): CategoryId | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  if (BY_ID.has(text)) return text;
  const lower = text.toLowerCase();
  const byLabel = CATEGORIES.find((c) => c.label.toLowerCase() === lower || c.id === lower);
  if (byLabel) return byLabel.id;
  return LEGACY_ALIASES[lower] ?? text;
}
