/**
 * Linking a brokerage through SnapTrade's connection portal (Commercial keys), for real connections:
 * 1. the install's SnapTrade user — registered once with an opaque random id; its id and secret live
 *    in the keychain under the live keys that the live adapter reads, and nowhere else;
 * 2. `POST /snapTrade/login` with `customRedirect` = main's loopback callback (and `reconnect` to
 *    repair a disabled connection in place) → the portal URL the user opens in the browser;
 * 3. the portal redirects to the callback with `status=SUCCESS&connection_id=…`, `status=ERROR…` or
 *    `status=ABANDONED`; until one arrives, a new authorization appearing in `GET /authorizations`
 *    (or, when repairing, the disabled one working again) is the documented fallback.
 *
 * The user secret and the portal token go to the logger's redaction list before anything else, and
 * no SDK error, URL or reply body is ever logged or put in a message: their query strings carry the
 * user secret.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import { classifyStatus, classifyThrown } from './classifySnaptradeError';
import { createSnaptradeApi, type RawResponse, type SnaptradeApi, type SnaptradeUser } from './snaptradeClient';
import { AccountListSchema, AuthorizationListSchema, AuthorizationSchema, LoginSchema, UserSchema, type SnaptradeAuthorization } from './snaptradeSchemas';
import type { ConnectionRecord } from '../../core/connectionStore';
import type { Logger } from '../../core/logger';
import type { LiveDeps, ProviderProfile } from '../provider';
import { SNAPTRADE_LIVE_USER_ID_KEY, SNAPTRADE_LIVE_USER_SECRET_KEY } from './snaptradeLive';
import { UserFacingError } from '../../core/userFacingError';
import type { LinkDriver, LinkedAccountSet, LinkPoll, LinkSession } from '../linkDriver';

/** The fallback (no redirect yet) lists authorizations at most this often, whatever the UI's poll rate. */
const FALLBACK_INTERVAL_MS = 3_000;
/** How long a new connection may show no accounts before it is reported with none (SnapTrade lists them within seconds). */
const ACCOUNTS_GRACE_MS = 30_000;

/** A request SnapTrade answered with an error, or could not be made; the message is a plain sentence. */
class SnaptradeLinkError extends UserFacingError {
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

/** One SnapTrade call: a 2xx reply checked against `schema`, else a SnaptradeLinkError (never the SDK's error). */
async function call<T>(request: () => Promise<RawResponse>, what: string, schema: z.ZodType<T>): Promise<T> {
  let res: RawResponse;
  try {
    res = await request();
  } catch (thrown) {
    const failure = classifyThrown(thrown);
    if (failure === null) throw new SnaptradeLinkError(`Talking to SnapTrade failed unexpectedly while ${what}.`, false);
    throw new SnaptradeLinkError(failure.kind === 'waiting' ? failure.message : failure.error.message, failure.kind !== 'fatal');
  }
  if (res.status < 200 || res.status >= 300) {
    const failure = classifyStatus(res.status, res.data, res.headers);
    throw new SnaptradeLinkError(failure.kind === 'waiting' ? failure.message : failure.error.message, failure.kind !== 'fatal');
  }
  const parsed = schema.safeParse(res.data);
  if (!parsed.success) throw new SnaptradeLinkError(`SnapTrade answered ${what} with a reply Ledgerline does not understand.`, false);
  return parsed.data;
}

/** The install's live SnapTrade user: the stored one, or one registered now (once). */
async function ensureUser(api: SnaptradeApi, deps: LiveDeps): Promise<SnaptradeUser> {
  const userId = await deps.secrets.get(SNAPTRADE_LIVE_USER_ID_KEY);
  const userSecret = await deps.secrets.get(SNAPTRADE_LIVE_USER_SECRET_KEY);
  if (userId && userSecret) {
    deps.logger.addSecret(userSecret);
    return { userId, userSecret };
  }
  // Opaque and immutable, as SnapTrade asks: nothing about the person or the machine.
  const registered = await call(() => api.registerUser({ userId: `ledgerline-${crypto.randomUUID()}` }), 'registering Ledgerline\'s SnapTrade user', UserSchema);
  deps.logger.addSecret(registered.userSecret);
  // The secret first: a crash in between leaves a secret without an id, and the next link registers anew.
  await deps.secrets.set(SNAPTRADE_LIVE_USER_SECRET_KEY, registered.userSecret);
  await deps.secrets.set(SNAPTRADE_LIVE_USER_ID_KEY, registered.userId);
  deps.logger.info(`registered a SnapTrade user for this install (${registered.userId})`);
  return registered;
}

/** What the portal's `error_code` means, in plain words (SnapTrade's connection-portal codes). */
export function portalErrorMessage(errorCode: string | undefined): string {
  switch (errorCode) {
    case '1066':
      return 'The brokerage did not accept the sign-in: check the username and password you use at the brokerage, then try again.';
    case '3000':
      return 'SnapTrade could not reach the brokerage just now. This is usually temporary: try again in a few minutes.';
    case '1006':
      return 'The sign-in page expired or was no longer in progress (it is valid for 5 minutes). Start again.';
    default: {
      const code = errorCode && /^[A-Za-z0-9_-]{1,16}$/.test(errorCode) ? ` (error ${errorCode})` : '';
      return `SnapTrade could not connect the brokerage${code}. Try again, or try later.`;
    }
  }
}

const institutionOf = (a: SnaptradeAuthorization): { institutionName: string; institutionId: string | null } => ({
  institutionName: a.brokerage?.display_name || a.brokerage?.name || a.name || 'SnapTrade brokerage',
  institutionId: a.brokerage?.slug || a.brokerage?.id || null,
});

const maskOf = (accountNumber: string): string | null => (accountNumber.length >= 4 ? accountNumber.slice(-4) : accountNumber || null);

interface SessionState {
  api: SnaptradeApi;
  user: SnaptradeUser;
  logger: Logger;
  reauth: ConnectionRecord | null;
  /** Authorization ids that existed when the sign-in started. */
  before: ReadonlySet<string>;
  /** Re-authentication: whether SnapTrade reported the connection disabled when it started. */
  wasDisabled: boolean;
}

function session(state: SessionState, url: string): LinkSession {
  const { api, user, reauth } = state;
  let lastFallback = 0;
  /** When the new connection was first seen without accounts. */
  let emptySince: number | null = null;

  const authorization = (authorizationId: string): Promise<SnaptradeAuthorization> =>
    call(() => api.authorizationDetail({ ...user, authorizationId }), 'the connection\'s details', AuthorizationSchema);

  /** The new connection's brokerage and account masks; waiting while SnapTrade has not listed its accounts yet. */
  async function describe(a: SnaptradeAuthorization): Promise<LinkPoll> {
    const accounts = (await call(() => api.listAccounts(user), 'the account list', AccountListSchema)).filter((x) => x.brokerage_authorization === a.id);
    if (accounts.length === 0) {
      emptySince ??= Date.now();
      if (Date.now() - emptySince < ACCOUNTS_GRACE_MS) return { state: 'waiting' };
      state.logger.warn(`SnapTrade connection ${a.id} lists no accounts yet; linking it without account masks`);
    }
    const accountMasks = [...new Set(accounts.map((x) => maskOf(x.number)).filter((m): m is string => m !== null))];
    return { state: 'done', result: { externalId: a.id, ...institutionOf(a), accountMasks, accessToken: null } };
  }

  async function repairedOrNot(fromCallback: boolean): Promise<LinkPoll> {
    const a = await authorization(reauth?.externalId ?? '');
    if (!a.disabled) return { state: 'repaired' };
    return fromCallback
      ? { state: 'failed', message: 'SnapTrade still reports this connection as disabled after the sign-in. Try "Sign in again" once more.' }
      : { state: 'waiting' };
  }

  async function fromCallback(callback: Record<string, string>): Promise<LinkPoll> {
    const status = (callback.status ?? '').toUpperCase();
    if (status === 'ERROR') return { state: 'failed', message: portalErrorMessage(callback.error_code) };
    // ABANDONED — and, as seen in the wild, a portal closed with no status at all.
    if (status !== 'SUCCESS') return { state: 'cancelled' };
    if (reauth) return repairedOrNot(true);
    const connectionId = callback.connection_id;
    if (!connectionId) return { state: 'failed', message: 'SnapTrade reported a connection but did not say which one. Try again.' };
    return describe(await authorization(connectionId));
  }

  async function fallback(): Promise<LinkPoll> {
    if (Date.now() - lastFallback < FALLBACK_INTERVAL_MS) return { state: 'waiting' };
    lastFallback = Date.now();
    // Repairing a connection that was not disabled: only the redirect can tell that the sign-in finished.
    if (reauth) return state.wasDisabled ? repairedOrNot(false) : { state: 'waiting' };
    const added = (await call(() => api.listAuthorizations(user), 'the connection list', AuthorizationListSchema)).find((a) => !state.before.has(a.id));
    return added ? describe(added) : { state: 'waiting' };
  }

  return {
    url,
    async poll(callback) {
      try {
        return callback ? await fromCallback(callback) : await fallback();
      } catch (e) {
        // A passing failure (network, rate limit, SnapTrade's 5xx) is asked again on the next poll.
        if (e instanceof SnaptradeLinkError && e.transient) return { state: 'waiting' };
        if (e instanceof UserFacingError) return { state: 'failed', message: e.message };
        throw e;
      }
    },
    async discard(result: LinkedAccountSet) {
      const res = await api.removeAuthorization?.({ ...user, authorizationId: result.externalId }).catch(() => null);
      if (!res || (res.status >= 300 && res.status !== 404)) {
        state.logger.warn(`could not remove the SnapTrade connection ${result.externalId} Ledgerline refused; remove it in SnapTrade if it stays`);
        throw new UserFacingError('SnapTrade did not remove the duplicate connection.');
      }
      state.logger.info(`removed the duplicate SnapTrade connection ${result.externalId}`);
    },
  };
}

/** The SnapTrade link driver for the user's keys (looked up in registry.ts; never for demo connections). */
export function snaptradeLinkDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  deps.logger.addSecret(profile.secret);
  const api = createSnaptradeApi({ basePath: profile.baseUrl, clientId: profile.clientId, consumerKey: profile.secret, timeoutMs: deps.timeoutMs });
  return {
    async begin({ reauth, callbackUrl }) {
      if (reauth && !reauth.externalId) throw new UserFacingError('This connection has no SnapTrade id, so it cannot be repaired; remove it and connect the brokerage again.');
      const user = await ensureUser(api, deps);
      const known = await call(() => api.listAuthorizations(user), 'the connection list', AuthorizationListSchema);
      let wasDisabled = false;
      if (reauth) {
        const current = known.find((a) => a.id === reauth.externalId);
        if (!current) throw new UserFacingError(`SnapTrade no longer knows the ${reauth.institutionName} connection; remove it and connect the brokerage again.`);
        wasDisabled = current.disabled === true;
      }
      const { redirectURI } = await call(
        () => api.login({
          ...user,
          customRedirect: callbackUrl,
          immediateRedirect: true,
          connectionType: 'read',
          ...(reauth ? { reconnect: reauth.externalId } : {}),
        }),
        'the connection portal login',
        LoginSchema,
      );
      // The portal URL is a credential for five minutes.
      deps.logger.addSecret(redirectURI);
      // The URL is opened in the system browser: only a web page (plain http only on this machine).
      const portal = URL.canParse(redirectURI) ? new URL(redirectURI) : null;
      const loopback = portal !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(portal.hostname);
      if (portal === null || !(portal.protocol === 'https:' || (portal.protocol === 'http:' && loopback))) {
        throw new UserFacingError('SnapTrade answered with a connection portal address Ledgerline will not open.');
      }
      const token = portal.searchParams.get('token');
      if (token) deps.logger.addSecret(token);
      return session({ api, user, logger: deps.logger, reauth, before: new Set(known.map((a) => a.id)), wasDisabled }, redirectURI);
    },
  };
}
