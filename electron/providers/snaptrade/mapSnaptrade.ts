/**
 * SnapTrade wire objects → Ledgerline's normalized ones: the single place SnapTrade's decimal
 * amounts become integer minor units. SnapTrade's sign already is Ledgerline's (positive = cash
 * into the account), so amounts are converted, never flipped.
 *
 * Deterministic by design: the same activity content always maps to the same row apart from its
 * id, which is how applyUpdate recognizes an activity SnapTrade re-issued under a new id.
 */
import { CURRENCY_CODE, normalizeCurrency, toMinorUnits, UNKNOWN_CURRENCY } from '../../../shared/money';
import type { Account, Transaction } from '../../../shared/types';
import { plainDecimal } from './decimal';
import type { SnaptradeAccount, SnaptradeActivity, SnaptradeBalance } from './snaptradeSchemas';

export const snaptradeTxId = (id: string): string => `snaptrade:${id}`;
export const snaptradeAccountId = (id: string): string => `snaptrade:${id}`;

export class MappingError extends Error {}

function currencyCode(code: string | null | undefined, where: string): string {
  if (!code || code === UNKNOWN_CURRENCY || !CURRENCY_CODE.test(code)) throw new MappingError(`${where}: no usable currency code`);
  return code;
}

/**
 * What an activity's `amount`, `fee` and `price` are counted in. The spec (`UniversalActivity` in
 * SnapTrade's api.yaml): `currency` is "null when those values are denominated in
 * `currency_universal_symbol`", "the quote security … most common for cryptocurrency trades". So a
 * null `currency` means the quote symbol's units (0.0123 BTC), never the account's currency. The
 * symbol's `raw_symbol` drops an exchange suffix, so it is preferred as the code. Both null is not
 * a documented state: a row that moved money then keeps UNKNOWN_CURRENCY rather than a guess.
 */
function activityCurrency(a: SnaptradeActivity, ctx: ActivityContext, where: string): string {
  if (a.currency) return currencyCode(a.currency.code, where);
  const quote = a.currency_universal_symbol;
  if (quote) return normalizeCurrency(quote.raw_symbol || quote.symbol);
  const movedMoney = (a.amount ?? 0) !== 0 || (a.fee ?? 0) !== 0;
  return movedMoney ? UNKNOWN_CURRENCY : currencyCode(ctx.accountCurrency, where);
}

/** The calendar date a SnapTrade date-time names, as written (`2024-03-22 16:27:55+00:00` → 2024-03-22). */
const calendarDate = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

export interface ActivityContext {
  connectionId: string;
  /** SnapTrade's account id (activities from /accounts/{id}/activities do not name their account). */
  accountId: string;
  /** For an activity that moved no money and names no currency (a split). */
  accountCurrency: string;
}

export function mapSnaptradeActivity(a: SnaptradeActivity, ctx: ActivityContext): Transaction {
  const where = `activity ${a.id}`;
  const currency = activityCurrency(a, ctx, where);
  const date = calendarDate(a.trade_date) ?? calendarDate(a.settlement_date);
  if (date === null) throw new MappingError(`${where}: has neither a trade date nor a settlement date`);
  const symbol = a.symbol?.symbol ?? a.option_symbol?.ticker ?? a.currency_universal_symbol?.symbol ?? null;
  const type = a.type?.trim() || null;
  // Cash-only activities carry units and price of 0 on the wire: that is "none", not a quantity.
  const quantity = (value: number | null | undefined): string | null =>
    value === null || value === undefined || (value === 0 && symbol === null) ? null : plainDecimal(value);
  return {
    id: snaptradeTxId(a.id),
    connectionId: ctx.connectionId,
    accountId: snaptradeAccountId(ctx.accountId),
    // A null amount (a split, a stock dividend) moved no cash.
    amountMinor: a.amount === null || a.amount === undefined ? 0 : toMinorUnits(a.amount, currency),
    currency,
    date,
    authorizedDate: null,
    description: a.description?.trim() || [type, symbol].filter((part) => part !== null).join(' ') || 'SnapTrade activity',
    merchant: null,
    category: null,
    pending: false,
    pendingId: null,
    // Kept exactly as SnapTrade sent it, including types it did not normalize.
    activityType: type,
    symbol,
    units: quantity(a.units),
    price: quantity(a.price),
    // As reported: a positive cost, already part of `amount`.
    feeMinor: a.fee === null || a.fee === undefined ? null : toMinorUnits(a.fee, currency),
    settlementDate: calendarDate(a.settlement_date),
  };
}

const maskOf = (number: string): string | null => (number.length >= 4 ? number.slice(-4) : number || null);

/** The account's currency: that of its total value, else of its first cash balance. */
export function accountCurrency(account: SnaptradeAccount, balances: readonly SnaptradeBalance[]): string {
  return currencyCode(account.balance.total?.currency ?? balances[0]?.currency.code, `account ${account.id}`);
}

export function mapSnaptradeAccount(account: SnaptradeAccount, balances: readonly SnaptradeBalance[], connectionId: string): Account {
  const currency = accountCurrency(account, balances);
  const cashBalances = balances
    .flatMap((b) => {
      if (b.cash === null || b.cash === undefined) return [];
      const code = currencyCode(b.currency.code, `account ${account.id} balance`);
      return [{ currency: code, amountMinor: toMinorUnits(b.cash, code) }];
    })
    .sort((x, y) => x.currency.localeCompare(y.currency));
  const total = account.balance.total;
  const mask = maskOf(account.number);
  return {
    id: snaptradeAccountId(account.id),
    connectionId,
    name: account.name?.trim() || `${account.institution_name}${mask ? ` ••${mask}` : ''}`,
    officialName: null,
    mask,
    kind: 'investment',
    subtype: account.raw_type ?? null,
    currency,
    // Total value (holdings and cash) in the account's currency.
    currentMinor: total ? toMinorUnits(total.amount, currency) : null,
    // What could be withdrawn: the cash in the account's own currency.
    availableMinor: cashBalances.find((c) => c.currency === currency)?.amountMinor ?? null,
    limitMinor: null,
    cashBalances,
  };
}
