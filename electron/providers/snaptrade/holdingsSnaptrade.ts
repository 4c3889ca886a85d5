/**
 * Holdings of a SnapTrade connection: every account of the authorization, and each one's positions
 * from GET /accounts/{id}/positions/all — the unified positions endpoint the current SDK documents
 * for apps registered today (`getAllAccountPositions`); the older /holdings, /accounts/{id}/holdings
 * and /accounts/{id}/positions are marked deprecated in it. Asked when the user opens the view
 * (never stored), so one attempt per request: a failure is shown with a Try again, in fixed words.
 *
 * Every reply is validated with zod (snaptradeSchemas.ts). Units, price and cost basis stay the
 * decimal strings SnapTrade sends; value and cost are computed exactly from them (shared/holdings.ts).
 * `cost_basis` is "book price or average purchase price" per unit — per contract for options —
 * so the cost is units × cost_basis (× the multiplier, except for options).
 */
import type { z } from 'zod';
import { valueMinor, type AccountHoldings, type Holding } from '../../../shared/holdings';
import { normalizeCurrency } from '../../../shared/money';
import { UserFacingError } from '../../core/userFacingError';
import { classifyStatus, classifyThrown } from './classifySnaptradeError';
import { plainDecimal } from './decimal';
import { snaptradeAccountId } from './mapSnaptrade';
import type { RawResponse, SnaptradeApi, SnaptradeUser } from './snaptradeClient';
import { AccountListSchema, PositionsResponseSchema, type SnaptradePosition } from './snaptradeSchemas';

const text = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'number' ? plainDecimal(v) : v);

async function read<T>(what: string, send: () => Promise<RawResponse>, schema: z.ZodType<T>): Promise<T> {
  let res: RawResponse;
  try {
    res = await send();
  } catch (thrown) {
    // Never keep `thrown`: the SDK's errors carry the URL, whose query holds the user secret.
    const failure = classifyThrown(thrown);
    throw new UserFacingError(failure === null ? `Reading ${what} from SnapTrade failed.` : failure.kind === 'waiting' ? failure.message : failure.error.message);
  }
  if (res.status < 200 || res.status >= 300) {
    const failure = classifyStatus(res.status, res.data, res.headers);
    throw new UserFacingError(failure.kind === 'waiting' ? failure.message : failure.error.message);
  }
  const parsed = schema.safeParse(res.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserFacingError(`SnapTrade sent invalid ${what} (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}).`);
  }
  return parsed.data;
}

/** One position as the app shows it; null for a row without a currency-worthy instrument. */
export function toHolding(p: SnaptradePosition): Holding {
  const currency = normalizeCurrency(p.currency ?? p.instrument.currency ?? null);
  const units = text(p.units);
  const price = text(p.price);
  const costBasis = text(p.cost_basis);
  const option = p.instrument.kind === 'option';
  const multiplier = text(p.instrument.multiplier) ?? '1';
  return {
    symbol: p.instrument.symbol,
    description: p.instrument.description ?? null,
    kind: p.instrument.kind,
    units, price, costBasis, currency,
    valueMinor: valueMinor(units, price, currency, multiplier),
    costMinor: valueMinor(units, costBasis, currency, option ? '1' : multiplier),
  };
}

export async function snaptradeHoldings(api: SnaptradeApi, user: SnaptradeUser, authorizationId: string): Promise<AccountHoldings[]> {
  const positionsOf = api.accountPositions;
  if (!positionsOf) throw new UserFacingError('This SnapTrade client cannot read holdings.');
  const accounts = (await read('the account list', () => api.listAccounts(user), AccountListSchema))
    .filter((a) => a.brokerage_authorization === authorizationId)
    .sort((a, b) => a.id.localeCompare(b.id));
  const out: AccountHoldings[] = [];
  for (const account of accounts) {
    const body = await read('the positions', () => positionsOf({ ...user, accountId: account.id }), PositionsResponseSchema);
    let holdings: Holding[];
    try {
      holdings = body.results.map(toHolding);
    } catch (e) {
      if (e instanceof RangeError) throw new UserFacingError(`SnapTrade sent a position we could not read: ${e.message}`);
      throw e;
    }
    // Largest first within a currency (values in different currencies are not compared).
    holdings.sort((a, b) => a.currency.localeCompare(b.currency) || (b.valueMinor ?? 0) - (a.valueMinor ?? 0) || a.symbol.localeCompare(b.symbol));
    out.push({ accountId: snaptradeAccountId(account.id), asOf: body.data_freshness?.as_of ?? null, holdings });
  }
  return out;
}
