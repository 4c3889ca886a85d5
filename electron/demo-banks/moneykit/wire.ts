/**
 * The demo bank's MoneyKit face, part 1: the wire shapes of API version 2023-02-18 (field names
 * exactly as the MoneyKit SDKs define them) and how the shared ledger simulation is dressed in them.
 *
 * The ledger keeps Plaid's sign (positive = money out); MoneyKit sends a non-negative amount plus a
 * `type`, so the conversion happens here and nowhere else on the server side.
 */
import type { AccountBalance, LedgerSim, SimAccount, SimTransaction } from '../ledger/ledgerSim';

export const INSTITUTION = { id: 'acorn_credit_union', name: 'Acorn Credit Union' } as const;
export const API_VERSION = '2023-02-18';

export type MoneykitProduct = 'accounts' | 'account_numbers' | 'identity' | 'transactions' | 'investments' | 'enrichment';
export const PRODUCTS: readonly MoneykitProduct[] = ['accounts', 'account_numbers', 'identity', 'transactions', 'investments', 'enrichment'];

export interface MoneykitTransactionWire {
  transaction_id: string;
  account_id: string;
  /** Non-negative decimal; direction is `type`. A few rows carry it as a JSON number (see wireVariant). */
  amount: string | number;
  type: 'credit' | 'debit';
  currency: string;
  /** YYYY-MM-DD, or YYYY-MM-DDT00:00:00 on a few rows (see wireVariant). */
  date: string;
  datetime: string | null;
  description: string | null;
  raw_description: string | null;
  pending: boolean;
  category: string | null;
  enrichment: {
    category: { value: string; confidence: number };
    merchant: { id: string | null; name: string; logo: string | null; confidence: number } | null;
  } | null;
  original_id: string | null;
}

export interface MoneykitAccountWire {
  account_id: string;
  account_type: string;
  name: string;
  nickname: string | null;
  account_mask: string | null;
  balances: { currency: string; available: number | null; current: number | null; limit: number | null; balance_date: string };
  original_id: string | null;
  closed: boolean;
}

export type LinkState = 'connecting' | 'awaiting_token_exchange' | 'connected' | 'deleted' | 'error';

export interface LinkProductStateWire {
  refreshed_at: string | null;
  last_attempted_at: string | null;
  error_code: string | null;
  error_message: string | null;
}

export interface LinkCommonWire {
  link_id: string;
  institution_id: string;
  institution_name: string;
  institution_avatar: string | null;
  state: LinkState;
  error_code: string | null;
  last_synced_at: string | null;
  provider: 'moneykit';
  link_tags: string[];
  tags: string[];
  webhook: string | null;
  products: { accounts: LinkProductStateWire; transactions: LinkProductStateWire & { has_history: boolean } };
  available_products: MoneykitProduct[];
}

export interface TransactionSyncWire {
  transactions: { created: MoneykitTransactionWire[]; updated: MoneykitTransactionWire[]; removed: string[] };
  accounts: MoneykitAccountWire[];
  cursor: { next: string | null };
  has_more: boolean;
  link: LinkCommonWire;
}

const decimal = (cents: number): string => (cents / 100).toFixed(2);

/**
 * Both shapes the MoneyKit docs show for these fields (the SDK's decimal string and date, and a docs
 * example's JSON number and midnight date-time), chosen per row by its id so the choice is stable
 * across pages, restarts and `truth()`. Every client run thereby meets both forms.
 */
function wireVariant(id: string): { numberAmount: boolean; midnightDate: boolean } {
  const code = id.charCodeAt(id.length - 1);
  return { numberAmount: code % 5 === 0, midnightDate: code % 3 === 0 };
}

/** `FOOD_AND_DRINK` + `FOOD_AND_DRINK_COFFEE` → `food_and_drink.coffee`, MoneyKit's dotted style. */
function dottedCategory(primary: string, detailed: string): string {
  const sub = detailed.startsWith(`${primary}_`) ? detailed.slice(primary.length + 1) : detailed;
  return `${primary}.${sub}`.toLowerCase();
}

export function toTransactionWire(txn: SimTransaction): MoneykitTransactionWire {
  const { payee } = txn;
  const variant = wireVariant(txn.id);
  const magnitude = Math.abs(txn.amountCents);
  const category = dottedCategory(payee.category.primary, payee.category.detailed);
  return {
    transaction_id: txn.id,
    account_id: txn.accountId,
    amount: variant.numberAmount ? magnitude / 100 : decimal(magnitude),
    // Ledger sign: positive = money out of the account = a debit.
    type: txn.amountCents > 0 ? 'debit' : 'credit',
    currency: 'USD',
    date: variant.midnightDate ? `${txn.date}T00:00:00` : txn.date,
    datetime: null,
    description: txn.name,
    raw_description: payee.descriptor,
    pending: txn.pending,
    category,
    // Enrichment follows the cleaned name: a row still showing its raw descriptor is not matched yet.
    enrichment: {
      category: { value: category, confidence: 0.92 },
      merchant: txn.merchantName === null ? null : { id: payee.entityId, name: txn.merchantName, logo: null, confidence: 0.9 },
    },
    original_id: null,
  };
}

/** Dot-prefixed with depository/investment/liability/other, as MoneyKit documents account types. */
function accountType(account: SimAccount): string {
  if (account.type === 'credit') return 'liability.credit_card';
  return `depository.${account.subtype.replaceAll(' ', '_')}`;
}

export function toAccountWire(ledger: LedgerSim, account: SimAccount, now: Date): MoneykitAccountWire {
  const balance: AccountBalance = ledger.balance(account);
  return {
    account_id: account.id,
    account_type: accountType(account),
    // The simulation's templates are named after Plaid Sandbox's; this institution has its own names.
    name: account.name.replace(/^Plaid /, 'Acorn '),
    nickname: null,
    account_mask: account.mask,
    // Liability balances are reversed at MoneyKit: what is owed on the card is a positive `current`,
    // which is exactly how the ledger keeps a card's balance.
    balances: {
      currency: 'USD',
      available: balance.availableCents / 100,
      current: balance.currentCents / 100,
      limit: balance.limitCents === null ? null : balance.limitCents / 100,
      balance_date: now.toISOString(),
    },
    original_id: null,
    closed: false,
  };
}
