/**
 * The demo SnapTrade service's endpoints and their routing table: what each path answers once the
 * request is verified (see snaptradeApi.ts for verification, faults and the reply; portal.ts for the
 * connection portal's page).
 */
import { takeFault } from '../common/faults';
import { apiErrors } from './apiError';
import { hasNoTradeDate, type SimAccount, type SimActivity } from './brokerageSim';
import { pythonDateTime } from './calendar';
import type { CountedFault } from './faults';
import { portal, portalDecision } from './portal';
import type { AuthorizationRecord, SnaptradeStore, UserRecord } from './snaptradeStore';
import { toAccountWire, toActivityWire, toAuthorizationWire, toBalancesWire, toPositionsWire, type ActivityWire } from './wire';

const DEFAULT_LIMIT = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'raw'; status: number; text: string; contentType?: string; headers?: Record<string, string> }
  /** 302, or 303 after a form POST (the browser follows it with a GET). */
  | { kind: 'redirect'; location: string; status?: 302 | 303 }
  | { kind: 'empty' };

export interface Context {
  readonly store: SnaptradeStore;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed body, or null (no body, or `{}`). */
  readonly body: unknown;
  /** The urlencoded form body, on routes that take a form (the portal's consent page); else null. */
  readonly form: URLSearchParams | null;
  /** The authenticated SnapTrade user; null on routes that take none. */
  readonly user: UserRecord | null;
  readonly baseUrl: string;
}

export interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  /** false: no signature (API status, the connection portal page). */
  readonly signed: boolean;
  /** true: needs userId and userSecret. */
  readonly perUser: boolean;
  /** true: the body is an HTML form (application/x-www-form-urlencoded), not JSON. */
  readonly form?: boolean;
  readonly handle: (ctx: Context) => Reply | Promise<Reply>;
}

export const json = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });

function me(ctx: Context): UserRecord {
  if (ctx.user === null) throw apiErrors.badUser();
  return ctx.user;
}

// ─── Helpers for handlers ───────────────────────────────────────────────────────────────────────

function ownAuthorization(ctx: Context): AuthorizationRecord {
  const record = ctx.store.authorization(ctx.params.authorizationId ?? '');
  if (record === undefined || record.userId !== me(ctx).userId) throw apiErrors.notFound();
  return record;
}

function ownAccount(ctx: Context): { authorization: AuthorizationRecord; account: SimAccount } {
  const found = ctx.store.account(ctx.params.accountId ?? '');
  if (found === undefined || found.authorization.userId !== me(ctx).userId) throw apiErrors.notFound();
  return found;
}

const authorizationWire = (record: AuthorizationRecord) => toAuthorizationWire(record.sim, record);

function bodyObject(ctx: Context): Record<string, unknown> {
  if (ctx.body === null) return {};
  if (typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw apiErrors.badData('The request body must be a JSON object.');
  return ctx.body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw apiErrors.badData(`${field}: Not a valid string.`);
  return value;
}

function integerParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw apiErrors.badData(`${name}: Ensure this value is an integer between ${min} and ${max}.`);
  return value;
}

function dateParam(query: URLSearchParams, name: string): string | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!DATE.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw apiErrors.badData(`${name}: Date has wrong format. Use YYYY-MM-DD.`);
  return raw;
}

/** Fires a counted fault on the connection the request concerns. */
export const fault = (record: AuthorizationRecord, kind: CountedFault): boolean => takeFault(record.faults, kind);

/** An activities page broken the way bugs and proxies break them: an amount as a string, an id missing. */
function malform(body: { data: ActivityWire[]; pagination: unknown }): unknown {
  const [first, ...rest] = body.data;
  if (first === undefined) return { ...body, data: null };
  const { id: _dropped, ...victim } = first;
  return { ...body, data: [{ ...victim, amount: String(first.amount) }, ...rest] };
}

// ─── Endpoints ──────────────────────────────────────────────────────────────────────────────────

function apiStatus(ctx: Context): Reply {
  return json({ version: 151, timestamp: pythonDateTime(ctx.store.now()), online: true });
}

function registerUser(ctx: Context): Reply {
  const userId = optionalString(bodyObject(ctx), 'userId');
  if (userId === null || userId.trim() === '' || userId.length > 255) throw apiErrors.badData('userId: This field is required.');
  const result = ctx.store.registerUser(userId);
  if (result === 'exists') throw apiErrors.userExists();
  return json(result);
}

/** GET /snapTrade/listUsers: the client's user ids (signed, no user). */
const listUsers = (ctx: Context): Reply => json(ctx.store.userIds());

function login(ctx: Context): Reply {
  const body = bodyObject(ctx);
  const reconnect = optionalString(body, 'reconnect');
  const customRedirect = optionalString(body, 'customRedirect');
  optionalString(body, 'broker');
  optionalString(body, 'connectionType');
  if (reconnect !== null) {
    const record = ctx.store.authorization(reconnect);
    if (record === undefined || record.userId !== me(ctx).userId) throw apiErrors.notFound();
  }
  if (customRedirect !== null && !/^https?:\/\//.test(customRedirect)) throw apiErrors.badData('customRedirect: Enter a valid URL.');
  const { token, sessionId } = ctx.store.createPortalSession(me(ctx).userId, reconnect, customRedirect);
  const redirectURI = `${ctx.baseUrl}/snapTrade/redeemToken?token=${token}&clientId=${encodeURIComponent(ctx.store.clientId)}`;
  return json({ redirectURI, sessionId });
}

const listAuthorizations = (ctx: Context): Reply => json(ctx.store.authorizationsOf(me(ctx).userId).map(authorizationWire));

const authorizationDetail = (ctx: Context): Reply => json(authorizationWire(ownAuthorization(ctx)));

function removeAuthorization(ctx: Context): Reply {
  ctx.store.removeAuthorization(ownAuthorization(ctx).id);
  return { kind: 'empty' };
}

function disableAuthorization(ctx: Context): Reply {
  const record = ownAuthorization(ctx);
  if (record.disabled) throw apiErrors.alreadyDisabled();
  ctx.store.setDisabled(record.id, true);
  return json({ detail: `Connection ${record.id} disabled` });
}

/** Both triggers only ensure yesterday is synced: a daily sync runs if one is owed. */
function trigger(what: string) {
  return (ctx: Context): Reply => {
    const record = ownAuthorization(ctx);
    if (record.disabled) throw apiErrors.disabled();
    if (fault(record, 'brokerageDown')) throw apiErrors.brokerageDown();
    ctx.store.syncIfDue(record.id);
    return json({ detail: `Connection ${record.id} scheduled for ${what}` });
  };
}

function authorizationAccounts(ctx: Context): Reply {
  const { sim } = ownAuthorization(ctx);
  return json(sim.accounts.map((a) => toAccountWire(sim, a)));
}

const listAccounts = (ctx: Context): Reply =>
  json(ctx.store.authorizationsOf(me(ctx).userId).flatMap(({ sim }) => sim.accounts.map((a) => toAccountWire(sim, a))));

function accountDetail(ctx: Context): Reply {
  const { authorization, account } = ownAccount(ctx);
  return json(toAccountWire(authorization.sim, account));
}

function balances(ctx: Context): Reply {
  const { authorization, account } = ownAccount(ctx);
  if (fault(authorization, 'brokerageDown')) throw apiErrors.brokerageDown();
  return json(toBalancesWire(authorization.sim, account));
}

/** The unified positions endpoint (the one SnapTrade documents for new apps); a disabled connection answers from its cache. */
function positions(ctx: Context): Reply {
  const { authorization, account } = ownAccount(ctx);
  if (fault(authorization, 'brokerageDown')) throw apiErrors.brokerageDown();
  return json(toPositionsWire(authorization.sim, account));
}

/** Offset/limit pages of an account's activity, newest first; a disabled connection still answers from its cache. */
function activities(ctx: Context): Reply {
  const { authorization, account } = ownAccount(ctx);
  const start = dateParam(ctx.query, 'startDate');
  const end = dateParam(ctx.query, 'endDate');
  const offset = integerParam(ctx.query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = integerParam(ctx.query, 'limit', 1, DEFAULT_LIMIT, DEFAULT_LIMIT);
  const typeParam = ctx.query.get('type');
  const types = typeParam ? new Set(typeParam.split(',').map((t) => t.trim()).filter((t) => t !== '')) : null;
  // startDate/endDate are documented against `trade_date`; how SnapTrade treats a row without one
  // is not documented. This bank filters such a row by its settlement date (the client is safe
  // under the stricter reading too — it never restates a window it may not see whole; see
  // providers/snaptrade/checkpoint.ts scopeFrom — but that reading would hide a new undated row
  // until the next full read, which the model tests' equality after every sync cannot allow).
  const dateOf = (a: SimActivity): string => (hasNoTradeDate(a) ? a.settlementDate : a.tradeDate);
  const matching = authorization.sim.activities(account.id).filter(
    (a) => (start === null || dateOf(a) >= start) && (end === null || dateOf(a) <= end) && (types === null || types.has(a.type)),
  );
  const body = { data: matching.slice(offset, offset + limit).map(toActivityWire), pagination: { offset, limit, total: matching.length } };
  // The page is already cut: a change now moves what the client's next page sees.
  const boundary = offset + body.data.length;
  if (boundary < matching.length && fault(authorization, 'stepDuringPagination')) ctx.store.advance(authorization.id, 1);
  if (boundary < matching.length && end === null && types === null && fault(authorization, 'shiftDuringPagination')) {
    ctx.store.shiftPages(authorization.id, account.id, matching, boundary, start);
  }
  if (fault(authorization, 'truncatedJson')) {
    const text = JSON.stringify(body);
    return { kind: 'raw', status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
  }
  if (fault(authorization, 'malformed')) return json(malform(body));
  return json(body);
}

// ─── Routing ────────────────────────────────────────────────────────────────────────────────────

const route = (method: string, path: string, signed: boolean, perUser: boolean, handle: Route['handle'], form = false): Route => ({
  method, segments: path.split('/').filter((s) => s !== ''), signed, perUser, handle, form,
});

const ROUTES: readonly Route[] = [
  route('GET', '/', false, false, apiStatus),
  route('GET', '/snapTrade/redeemToken', false, false, portal),
  route('POST', '/snapTrade/redeemToken', false, false, portalDecision, true),
  route('POST', '/snapTrade/registerUser', true, false, registerUser),
  route('GET', '/snapTrade/listUsers', true, false, listUsers),
  route('POST', '/snapTrade/login', true, true, login),
  route('GET', '/authorizations', true, true, listAuthorizations),
  route('GET', '/authorizations/:authorizationId', true, true, authorizationDetail),
  route('DELETE', '/authorizations/:authorizationId', true, true, removeAuthorization),
  route('POST', '/authorizations/:authorizationId/disable', true, true, disableAuthorization),
  route('POST', '/authorizations/:authorizationId/refresh', true, true, trigger('refresh')),
  route('POST', '/authorizations/:authorizationId/transactions/sync', true, true, trigger('transactions sync')),
  route('GET', '/authorizations/:authorizationId/accounts', true, true, authorizationAccounts),
  route('GET', '/accounts', true, true, listAccounts),
  route('GET', '/accounts/:accountId', true, true, accountDetail),
  route('GET', '/accounts/:accountId/balances', true, true, balances),
  route('GET', '/accounts/:accountId/activities', true, true, activities),
  route('GET', '/accounts/:accountId/positions/all', true, true, positions),
];

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter((s) => s !== '');
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = candidate.segments.every((pattern, i) => {
      const segment = segments[i] ?? '';
      if (!pattern.startsWith(':')) return pattern === segment;
      try {
        params[pattern.slice(1)] = decodeURIComponent(segment);
        return true;
      } catch {
        return false;
      }
    });
    if (matches) return { route: candidate, params };
  }
  return null;
}
