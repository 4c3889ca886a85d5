/**
 * MoneyKit wire objects → Ledgerline's normalized ones. The single place MoneyKit's direction
 * (`type` debit/credit on a non-negative amount) becomes Ledgerline's sign (positive = money in),
 * decimals become integer minor units, and either date form becomes YYYY-MM-DD.
 */
import { toMinorUnits } from '../../../shared/money';
import type { Account, Transaction } from '../../../shared/types';
import type { MoneykitAccount, MoneykitTransaction } from './moneykitSchemas';

export const moneykitTxId = (id: string): string => `moneykit:${id}`;
export const moneykitAccountId = (id: string): string => `moneykit:${id}`;

/** `2023-02-16` and `2023-02-16T00:00:00` are the same day: the date as MoneyKit wrote it. */
export const dateOf = (value: string): string => value.slice(0, 10);

export function mapMoneykitTransaction(t: MoneykitTransaction, connectionId: string): Transaction {
  const currency = t.currency.toUpperCase();
  const magnitude = toMinorUnits(t.amount, currency);
  return {
    id: moneykitTxId(t.transaction_id),
    connectionId,
    accountId: moneykitAccountId(t.account_id),
    // credit = money entering the account; `|| 0` avoids storing -0.
    amountMinor: t.type === 'credit' ? magnitude : -magnitude || 0,
    currency,
    date: dateOf(t.date),
    // MoneyKit has no authorization date; for a pending row `date` is already when it was initiated.
    authorizedDate: null,
    description: t.description ?? t.raw_description ?? '',
    merchant: t.enrichment?.merchant?.name ?? null,
    category: t.enrichment?.category?.value ?? t.category ?? null,
    pending: t.pending,
    // MoneyKit does not link a posted row to the pending it replaced (pendings are restated wholesale).
    pendingId: null,
  };
}

/**
 * `account_type` is "dot-prefixed with one of `depository`, `investment`, `liability`, or `other`;
 * or the value is `unknown`" (MoneyKit SDK AccountResponse). The subtypes after the dot are listed
 * only on a docs page we could not read (UNVERIFIED), so a liability is a card when its subtype
 * names credit (`liability.credit_card`, `liability.credit`) and a loan otherwise (mortgage,
 * student/auto/personal loans, …). Bare `credit_card`/`loan`/… (an older form) are still read.
 */
const KIND: Record<string, Account['kind']> = {
  depository: 'depository',
  credit_card: 'credit',
  credit: 'credit',
  loan: 'loan',
  mortgage: 'loan',
  investment: 'investment',
  brokerage: 'investment',
};

export function moneykitAccountKind(accountType: string): { kind: Account['kind']; subtype: string | null; liability: boolean } {
  const [group = '', sub] = accountType.split('.', 2);
  if (group === 'liability') {
    return { kind: sub !== undefined && /credit/.test(sub) ? 'credit' : 'loan', subtype: sub ?? null, liability: true };
  }
  const kind = KIND[group] ?? 'other';
  return { kind, subtype: sub ?? null, liability: kind === 'credit' || kind === 'loan' };
}

/**
 * `fallbackCurrency` is used when MoneyKit omits the balance currency (it is optional): the currency
 * of the account's own transactions in the same update, else USD (every MoneyKit institution we
 * know of is American; UNVERIFIED for all).
 */
export function mapMoneykitAccount(a: MoneykitAccount, connectionId: string, fallbackCurrency = 'USD'): Account {
  const b = a.balances;
  const currency = (b.currency ?? fallbackCurrency).toUpperCase();
  const { kind, subtype: sub, liability: owed } = moneykitAccountKind(a.account_type);
  // "Balances for `liability` accounts are reversed: negative balances (the amount owed) are
  // reported as positive values"; Ledgerline's balances use the net-worth sign (as Plaid's credit
  // and loan accounts are stored), so a debt is negative. `available` stays "what you can spend".
  const minor = (v: number | null | undefined): number | null => (v == null ? null : toMinorUnits(v, currency));
  const current = minor(b.current);
  return {
    id: moneykitAccountId(a.account_id),
    connectionId,
    name: a.nickname ?? a.name,
    officialName: a.nickname ? a.name : null,
    mask: a.account_mask ?? null,
    kind,
    subtype: sub,
    currency,
    currentMinor: current === null ? null : owed ? -current || 0 : current,
    availableMinor: minor(b.available),
    limitMinor: minor(b.limit),
  };
}
