/**
 * The official SnapTrade SDK, pointed at SnapTrade or at the demo brokerage, behind the handful of
 * operations Ledgerline uses.
 *
 * Every call resolves with the raw `{ status, data, headers }`, whatever the status: the SDK is
 * configured with `validateStatus: () => true`. Two reasons:
 * - the SDK retries HTTP 429 by itself, sleeping 5 s, 10 s and 20 s (and console.logging) before
 *   throwing a bare Error; a 429 that resolves never enters that loop, so our own bounded backoff
 *   and rate-limit classification apply instead (and tests can return 429 without stalling);
 * - error replies keep their headers (X-Request-ID, X-RateLimit-Reset) and body for classification.
 * Only transport failures (timeouts, refused connections) still throw, as the SDK's SnaptradeError.
 *
 * The SDK does the signing: `clientId`, `userId`, `userSecret` and `timestamp` go in the query
 * string, and `Signature` is an HMAC of the canonical {content, path, query} keyed with the
 * consumer key. The query string carries the user secret, so no URL, thrown error or axios config
 * from here may ever be logged.
 */
import { Snaptrade, SnaptradeAuth, type CommercialApiKeyAuth } from 'snaptrade-typescript-sdk';

export interface SnaptradeProfile {
  /** https://api.snaptrade.com, or the demo brokerage's URL. */
  basePath: string;
  clientId: string;
  /** Signs every request; never sent. */
  consumerKey: string;
  timeoutMs: number;
}

/** The SnapTrade user Ledgerline's connections belong to (Commercial keys: one user per install). */
export interface SnaptradeUser {
  userId: string;
  userSecret: string;
}

/** A reply of any status, exactly as received. */
export interface RawResponse {
  status: number;
  data: unknown;
  headers: unknown;
}

type UserParams = SnaptradeUser;

export interface SnaptradeApi {
  registerUser(p: { userId: string }): Promise<RawResponse>;
  /** Connection portal URL (`redirectURI`); `reconnect` repairs a disabled connection in place. */
  login(p: UserParams & { connectionType?: 'read'; immediateRedirect?: boolean; customRedirect?: string; reconnect?: string }): Promise<RawResponse>;
  listAuthorizations(p: UserParams): Promise<RawResponse>;
  authorizationDetail(p: UserParams & { authorizationId: string }): Promise<RawResponse>;
  /** Asks SnapTrade to sync the connection's transactions (asynchronous; only ensures yesterday is in). */
  syncTransactions(p: UserParams & { authorizationId: string }): Promise<RawResponse>;
  listAccounts(p: UserParams): Promise<RawResponse>;
  accountBalances(p: UserParams & { accountId: string }): Promise<RawResponse>;
  accountActivities(p: UserParams & { accountId: string; startDate?: string; offset: number; limit: number }): Promise<RawResponse>;
  /**
   * GET /accounts/{id}/positions/all (`getAllAccountPositions`): the unified positions endpoint the
   * SDK documents for apps registered today — /holdings, /accounts/{id}/holdings and
   * /accounts/{id}/positions are deprecated in favour of it. Optional only for pull-only fakes.
   */
  accountPositions?(p: UserParams & { accountId: string }): Promise<RawResponse>;
  /**
   * DELETE /authorizations/{id} (`removeBrokerageAuthorization`): SnapTrade forgets the connection.
   * Optional only so pull-only fakes need not implement it; the SDK-backed API always has it.
   */
  removeAuthorization?(p: UserParams & { authorizationId: string }): Promise<RawResponse>;
  /** GET /snapTrade/listUsers: signed with the consumer key, per client not per user — the cheap proof the keys work. */
  listUsers?(): Promise<RawResponse>;
}

export type SnaptradeSdk = Snaptrade<CommercialApiKeyAuth>;

export function createSnaptradeSdk(profile: SnaptradeProfile): SnaptradeSdk {
  return new Snaptrade({
    auth: SnaptradeAuth.commercialApiKey({ clientId: profile.clientId, consumerKey: profile.consumerKey }),
    basePath: profile.basePath,
    baseOptions: { timeout: profile.timeoutMs, validateStatus: () => true },
  });
}

export function snaptradeApiFromSdk(sdk: SnaptradeSdk): SnaptradeApi {
  return {
    registerUser: (p) => sdk.authentication.registerSnapTradeUser(p),
    login: (p) => sdk.authentication.loginSnapTradeUser(p),
    listAuthorizations: (p) => sdk.connections.listBrokerageAuthorizations(p),
    authorizationDetail: (p) => sdk.connections.detailBrokerageAuthorization(p),
    syncTransactions: (p) => sdk.connections.syncBrokerageAuthorizationTransactions(p),
    listAccounts: (p) => sdk.accountInformation.listUserAccounts(p),
    accountBalances: (p) => sdk.accountInformation.getUserAccountBalance(p),
    accountActivities: (p) => sdk.accountInformation.getAccountActivities(p),
    accountPositions: (p) => sdk.accountInformation.getAllAccountPositions(p),
    removeAuthorization: (p) => sdk.connections.removeBrokerageAuthorization(p),
    listUsers: () => sdk.authentication.listSnapTradeUsers(),
  };
}

export const createSnaptradeApi = (profile: SnaptradeProfile): SnaptradeApi => snaptradeApiFromSdk(createSnaptradeSdk(profile));

/** A response header, case-insensitively (axios lower-cases them). */
export function headerOf(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  const value = (headers as Record<string, unknown>)[name.toLowerCase()];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
