/**
 * Linking a MoneyKit account: `POST /link-session` (with `existing_link_id` to repair a link whose
 * login broke), the user consents in the browser, MoneyKit sends the browser back to the loopback
 * `redirect_uri` that linkFlows.ts serves, and `poll` turns that redirect into a result:
 *
 * - `?exchangeable_token=…` → `POST /link-session/exchange-token` → the link, then
 *   `GET /links/{id}/accounts` for the account masks → done (no access token: MoneyKit's secrets
 *   are app-wide, the client id and secret);
 * - `?link_id=…` (a relink; the demo bank adds `relinked=true`) → `GET /links/{id}` must show the
 *   link out of its error state → repaired;
 * - `?error=…` → cancelled (the user cancelled) or failed, in plain words.
 *
 * Where the user consents: against the demo bank or any API base-URL override, the bank's own
 * consent page `<baseUrl>/connect/<link_session_token>`; against MoneyKit's real service, MoneyKit
 * Connect at `https://connect.moneykit.com/?link_session_token=<token>`. UNVERIFIED: that hosted
 * Connect page accepts the token this way, and which query parameters it puts on the redirect. In
 * production MoneyKit Connect redirects to `redirect_uri` when it finishes (its origin must be
 * allow-listed in the MoneyKit dashboard); that redirect's exact parameters are assumed to match
 * the demo bank's, which this driver is tested against.
 *
 * No token is ever logged, returned in a result, or put in a message: the link-session and
 * exchangeable tokens are registered with the logger for redaction. The session URL necessarily
 * carries the short-lived link-session token, since that is how the consent page finds the session.
 */
import { createHash } from 'node:crypto';
import { classifyMoneykitError } from './classifyMoneykitError';
import { createMoneykitClient, MONEYKIT_BASE_URL, type MoneykitClient } from './moneykitClient';
import { MoneykitRequestError } from './moneykitFailure';
import type { LinkCommon } from './moneykitSchemas';
import type { ConnectionRecord } from '../../core/connectionStore';
import type { LiveDeps, ProviderProfile } from '../provider';
import { UserFacingError } from '../../core/userFacingError';
import type { LinkDriver, LinkedAccountSet, LinkPoll, LinkSession } from '../linkDriver';

/** MoneyKit's hosted Connect front end (from @moneykit/connect). */
export const MONEYKIT_CONNECT_URL = 'https://connect.moneykit.com/';

/** Redirect `error` values that mean the user chose not to finish. */
const CANCELLED = new Set(['user_cancelled', 'user_canceled', 'cancelled', 'canceled', 'user_exited', 'exited']);

/**
 * MoneyKit's customer_user.id (4..150 characters): one per set of API keys, derived from the client
 * id so it is stable across launches and reinstalls and says nothing about the person.
 */
export function moneykitCustomerUserId(clientId: string): string {
  return `ledgerline-${createHash('sha256').update(`ledgerline moneykit customer user\0${clientId}`).digest('hex').slice(0, 24)}`;
}

const normalizeBase = (url: string): string => url.replace(/\/+$/, '');

/** The page the user consents on, for this API base URL. */
export function moneykitConsentUrl(baseUrl: string, linkSessionToken: string): string {
  if (normalizeBase(baseUrl) === normalizeBase(MONEYKIT_BASE_URL)) {
    const url = new URL(MONEYKIT_CONNECT_URL);
    url.searchParams.set('link_session_token', linkSessionToken);
    return url.toString();
  }
  return `${normalizeBase(baseUrl)}/connect/${encodeURIComponent(linkSessionToken)}`;
}

const isHttp = (e: unknown, ...statuses: number[]): boolean =>
  e instanceof MoneykitRequestError && e.failure.kind === 'http' && statuses.includes(e.failure.status);
const errorCode = (e: unknown): string | null => (e instanceof MoneykitRequestError && e.failure.kind === 'http' ? e.failure.errorCode : null);

/**
 * A MoneyKit failure during a sign-in: a transient one (network, 5xx, 429) is thrown as a
 * UserFacingError so the flow stays waiting and the next poll tries again; anything else ends it.
 */
function failedOrThrow(e: unknown, doing: string): LinkPoll {
  const decision = classifyMoneykitError(e);
  if (decision.kind === 'retry') throw new UserFacingError(`${decision.error.message} Ledgerline will try ${doing} again.`);
  return { state: 'failed', message: `MoneyKit could not finish the sign-in while ${doing}: ${decision.error.message}` };
}

/** A redirect's `error` value, shown only when it looks like a code (never free text from a URL). */
function describeRedirectError(code: string): string {
  const shown = /^[a-z0-9_.-]{1,64}$/i.test(code) ? ` (${code})` : '';
  return `MoneyKit reported that the sign-in did not finish${shown}. Start again; if it keeps failing, try later.`;
}

export function moneykitLinkDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  deps.logger.addSecret(profile.secret);
  const client = createMoneykitClient(
    { baseUrl: profile.baseUrl, clientId: profile.clientId, clientSecret: profile.secret, timeoutMs: deps.timeoutMs },
    { onSecret: (value) => deps.logger.addSecret(value) },
  );
  const customerUserId = moneykitCustomerUserId(profile.clientId);

  return {
    async begin({ reauth, callbackUrl }): Promise<LinkSession> {
      let token: string;
      try {
        token = await client.createLinkSession({
          customer_user: { id: customerUserId },
          redirect_uri: callbackUrl,
          ...(reauth ? { existing_link_id: reauth.externalId } : {}),
          settings: { products: { transactions: { required: true, prefetch: true } } },
        });
      } catch (e) {
        throw new UserFacingError(beginFailure(e, reauth));
      }
      deps.logger.addSecret(token);
      return moneykitSession(client, deps, reauth, moneykitConsentUrl(profile.baseUrl, token));
    },
  };
}

function beginFailure(e: unknown, reauth: ConnectionRecord | null): string {
  if (reauth && (isHttp(e, 404, 410) || errorCode(e) === 'link_error.not_found' || errorCode(e) === 'link_error.deleted')) {
    return `MoneyKit no longer knows this ${reauth.institutionName} connection, so it cannot be repaired. Remove it and connect the account again.`;
  }
  if (errorCode(e) === 'link_session_error.forbidden_config') {
    return 'MoneyKit refused to start a sign-in with these keys\' settings; check that the Ledgerline redirect address (http://127.0.0.1) is allowed in the MoneyKit dashboard.';
  }
  return `Could not start signing in with MoneyKit: ${classifyMoneykitError(e).error.message}`;
}

function moneykitSession(client: MoneykitClient, deps: LiveDeps, reauth: ConnectionRecord | null, url: string): LinkSession {
  /** The exchanged link, kept so a poll retried after a transient failure never exchanges twice (the token is single use). */
  let exchanged: LinkCommon | null = null;
  let outcome: LinkPoll | null = null;

  async function finishExchange(exchangeableToken: string): Promise<LinkPoll> {
    if (exchanged === null) {
      try {
        exchanged = await client.exchangeToken(exchangeableToken);
      } catch (e) {
        if (errorCode(e) === 'link_session_error.invalid_token_exchange' || isHttp(e, 400)) {
          return { state: 'failed', message: 'MoneyKit did not accept the sign-in\'s result (it expired or was already used). Start again.' };
        }
        return failedOrThrow(e, 'collecting the new connection');
      }
      deps.logger.info(`moneykit: sign-in produced link ${exchanged.link_id} (${exchanged.institution_name})`);
    }
    const link = exchanged;
    if (reauth) {
      if (link.link_id !== reauth.externalId) {
        // Asked to repair one link, MoneyKit made another: do not keep it, and change nothing.
        await client.deleteLink(link.link_id).catch(() => undefined);
        return { state: 'failed', message: `MoneyKit made a new connection instead of repairing ${reauth.institutionName}; nothing was changed. Try "Sign in again" once more.` };
      }
      // A fresh GET decides anything short of `connected` (the exchange's copy may be stale).
      return link.state === 'connected' ? { state: 'repaired' } : finishRelink(link.link_id);
    }
    let masks: string[];
    try {
      const { accounts } = await client.getAccounts(link.link_id);
      masks = accounts.flatMap((a) => (a.account_mask ? [a.account_mask] : []));
    } catch (e) {
      const polled = failedOrThrow(e, `reading the accounts of ${link.institution_name}`);
      // A link whose accounts cannot be read is not kept (nor left behind at MoneyKit).
      await client.deleteLink(link.link_id).catch(() => undefined);
      return polled;
    }
    const result: LinkedAccountSet = {
      externalId: link.link_id,
      institutionName: link.institution_name,
      institutionId: link.institution_id || null,
      accountMasks: masks,
      accessToken: null,
    };
    return { state: 'done', result };
  }

  function repairedIfHealthy(link: LinkCommon, record: ConnectionRecord): LinkPoll {
    if (link.state === 'deleted') {
      return { state: 'failed', message: `MoneyKit says the ${record.institutionName} connection was deleted. Remove it and connect the account again.` };
    }
    if (link.state === 'error') {
      return { state: 'failed', message: `${record.institutionName} still needs you to sign in again: MoneyKit reports the connection as broken${link.error_code ? ` (${link.error_code})` : ''}. Try "Sign in again" once more.` };
    }
    // `connecting` / `awaiting_token_exchange`: MoneyKit is still finishing; the next poll asks again.
    if (link.state !== 'connected') return { state: 'waiting' };
    return { state: 'repaired' };
  }

  async function finishRelink(linkId: string): Promise<LinkPoll> {
    if (!reauth) return { state: 'failed', message: 'MoneyKit reported a repaired connection, but this sign-in was for a new one. Start again.' };
    if (linkId !== reauth.externalId) return { state: 'failed', message: `MoneyKit reported repairing a different connection than ${reauth.institutionName}. Start again.` };
    let link: LinkCommon;
    try {
      link = await client.getLink(linkId);
    } catch (e) {
      if (isHttp(e, 404, 410)) return { state: 'failed', message: `MoneyKit no longer knows the ${reauth.institutionName} connection. Remove it and connect the account again.` };
      return failedOrThrow(e, `checking the ${reauth.institutionName} connection`);
    }
    return repairedIfHealthy(link, reauth);
  }

  async function decide(callback: Record<string, string>): Promise<LinkPoll> {
    const error = callback.error;
    if (error !== undefined) return CANCELLED.has(error.toLowerCase()) ? { state: 'cancelled' } : { state: 'failed', message: describeRedirectError(error) };
    const exchangeableToken = callback.exchangeable_token;
    if (exchangeableToken) {
      deps.logger.addSecret(exchangeableToken);
      return finishExchange(exchangeableToken);
    }
    const linkId = callback.link_id;
    if (linkId && callback.relinked !== 'false') return finishRelink(linkId);
    return { state: 'failed', message: 'MoneyKit sent the browser back without a result. Start again.' };
  }

  return {
    url,
    async poll(callback): Promise<LinkPoll> {
      if (outcome) return outcome;
      if (callback === null) return { state: 'waiting' };
      const polled = await decide(callback);
      if (polled.state !== 'waiting') outcome = polled;
      return polled;
    },
    async discard(result): Promise<void> {
      try {
        await client.deleteLink(result.externalId);
        deps.logger.info(`moneykit: deleted unkept link ${result.externalId}`);
      } catch (e) {
        if (isHttp(e, 404, 410)) return;
        throw new UserFacingError(`MoneyKit could not be told to forget the duplicate connection: ${classifyMoneykitError(e).error.message}`);
      }
    },
  };
}
