/**
 * Plaid wire objects → Ledgerline's normalized ones. This is the single place Plaid's sign
 * (positive = money out) is flipped and its decimal amounts become integer minor units.
 */
import { normalizeCurrency, toMinorUnits } from '../../../shared/money';
import type { Account, Transaction } from '../../../shared/types';
import type { PlaidAccount, PlaidTransaction } from './plaidSchemas';

export const plaidTxId = (id: string) => `plaid:${id}`;
export const plaidAccountId = (id: string) => `plaid:${id}`;

export class MappingError extends Error {}

/**
 * Plaid names a currency in one of two fields: `iso_currency_code`, or, for crypto and other codes
 * ISO lacks, `unofficial_currency_code` (any length: USDT, DOGE). Both can be null; then the row is
 * kept with UNKNOWN_CURRENCY and shown as such, not dropped and not given a guessed currency — one
 * such row must not fail the whole Item's pull.
 */
const currencyOf = (iso: string | null | undefined, unofficial: string | null | undefined): string =>
  normalizeCurrency(iso ?? unofficial);

export function mapPlaidTransaction(t: PlaidTransaction, connectionId: string): Transaction {
  const currency = currencyOf(t.iso_currency_code, t.unofficial_currency_code);
  const category = t.personal_finance_category?.detailed ?? t.category?.[t.category.length - 1] ?? null;
  return {
    id: plaidTxId(t.transaction_id),
    connectionId,
    accountId: plaidAccountId(t.account_id),
    amountMinor: -toMinorUnits(t.amount, currency) || 0, // `|| 0` avoids storing -0
    currency,
    date: t.date,
    authorizedDate: t.authorized_date ?? null,
    description: t.name ?? t.merchant_name ?? '',
    merchant: t.merchant_name ?? null,
    category,
    pending: t.pending,
    pendingId: t.pending_transaction_id ? plaidTxId(t.pending_transaction_id) : null,
  };
}

const KIND: Record<string, Account['kind']> = {
  depository: 'depository', credit: 'credit', loan: 'loan', investment: 'investment', brokerage: 'investment',
};

export function mapPlaidAccount(a: PlaidAccount, connectionId: string): Account {
  const b = a.balances;
  const currency = currencyOf(b.iso_currency_code, b.unofficial_currency_code);
  const kind = KIND[a.type] ?? 'other';
  // Plaid reports what is owed on credit and loan accounts as a positive `current`; Ledgerline's
  // balances use the net-worth sign, so a debt is negative. `available` stays "what you can spend".
  const owed = kind === 'credit' || kind === 'loan';
  const minor = (v: number | null | undefined) => (v == null ? null : toMinorUnits(v, currency));
  const current = minor(b.current);
  return {
    id: plaidAccountId(a.account_id),
    connectionId,
    name: a.name,
    officialName: a.official_name ?? null,
    mask: a.mask ?? null,
    kind,
    subtype: a.subtype ?? null,
    currency,
    currentMinor: current === null ? null : owed ? -current || 0 : current,
    availableMinor: minor(b.available),
    limitMinor: minor(b.limit),
  };
}
