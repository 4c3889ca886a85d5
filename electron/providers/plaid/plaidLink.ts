/**
 * Linking Plaid accounts through Hosted Link, without webhooks (provider-apis.md §1.4, §1.9):
 * `/link/token/create` with `hosted_link` gives a page for the system browser; polling
 * `/link/token/get` shows the session's outcome; a new item's public token is exchanged for the
 * access token, and `/accounts/get` + `/item/get` describe what was linked. Re-authentication is
 * Plaid's update mode: a link token created with the connection's access token, no products.
 *
 * Tokens (link, public, access) are registered with the logger's redaction and never put in a
 * message. Nothing here keeps or rethrows an SDK error: an AxiosError's config carries the secret.
 */
import crypto from 'node:crypto';
import { CountryCode, Products, type LinkTokenCreateRequest, type LinkTokenGetSessionsResponse, type PlaidApi } from 'plaid';
import { classifyPlaidError } from './classifyPlaidError';
import { createPlaidApi } from './plaidClient';
import { PlaidErrorSchema } from './plaidSchemas';
import type { ConnectionRecord } from '../../core/connectionStore';
import type { LiveDeps, ProviderProfile } from '../provider';
import { accessTokenKey } from '../../core/secretStore';
import { UserFacingError } from '../../core/userFacingError';
import type { LinkDriver, LinkedAccountSet, LinkPoll, LinkSession } from '../linkDriver';

/**
 * Plaid's `client_user_id`: stable for these keys, and derived from nothing about the person (the
 * keys are the user's own, so one client id is one Ledgerline user).
 */
export function plaidClientUserId(clientId: string): string {
  return `ledgerline-${crypto.createHash('sha256').update(`ledgerline-link-user:${clientId}`).digest('hex').slice(0, 24)}`;
}

/** Plain words for an exit error Link reports; only the (alphanumeric) code is ever shown. */
function exitMessage(code: string): string {
  switch (code) {
    case 'INVALID_LINK_TOKEN':
      return 'The sign-in page expired before it was finished. Start again.';
    case 'INVALID_CREDENTIALS':
      return 'The bank did not accept the username or password.';
    case 'INVALID_MFA':
      return 'The bank did not accept the verification code.';
    case 'ITEM_LOCKED':
      return 'The bank has locked this login after too many attempts. Unlock it with the bank, then try again.';
    case 'INSTITUTION_DOWN':
    case 'INSTITUTION_NOT_RESPONDING':
    case 'INSTITUTION_NOT_AVAILABLE':
      return 'The bank is not responding to Plaid right now. Try again later.';
    case 'ITEM_NOT_FOUND':
      return 'Plaid no longer knows this connection; remove it and connect the bank again.';
    case 'USER_SETUP_REQUIRED':
      return 'The bank needs you to finish setting up your online account first.';
    default:
      return /^[A-Z0-9_]{1,64}$/.test(code) ? `Plaid could not finish the sign-in (${code}).` : 'Plaid could not finish the sign-in.';
  }
}

/** A fatal SDK failure in plain words, or null when it is worth asking again on the next poll. */
function fatalMessage(thrown: unknown): string | null {
  const failure = classifyPlaidError(thrown);
  return failure.kind === 'fatal' ? failure.error.message : null;
}

function describeFailure(thrown: unknown): string {
  const failure = classifyPlaidError(thrown);
  return failure.kind === 'restart' ? 'Plaid had a temporary problem; try again.' : failure.error.message;
}

export function plaidLinkDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  deps.logger.addSecret(profile.secret);
  const api: PlaidApi = createPlaidApi({ basePath: profile.baseUrl, clientId: profile.clientId, secret: profile.secret, timeoutMs: deps.timeoutMs });

  async function accessTokenFor(connection: ConnectionRecord): Promise<string> {
    const token = await deps.secrets.get(accessTokenKey(connection.id));
    if (!token) throw new UserFacingError(`No access token for ${connection.institutionName} is in the keychain; remove the connection and connect the bank again.`);
    deps.logger.addSecret(token);
    return token;
  }

  return {
    async begin({ reauth, callbackUrl }): Promise<LinkSession> {
      const base = {
        client_name: 'Ledgerline',
        language: 'en',
        country_codes: [CountryCode.Us],
        user: { client_user_id: plaidClientUserId(profile.clientId) },
        hosted_link: { completion_redirect_uri: callbackUrl },
      } satisfies LinkTokenCreateRequest;
      const request: LinkTokenCreateRequest = reauth
        ? { ...base, access_token: await accessTokenFor(reauth) }
        : { ...base, products: [Products.Transactions], transactions: { days_requested: 730 } };
      let linkToken: string;
      let url: string;
      try {
        const { data } = await api.linkTokenCreate(request);
        deps.logger.addSecret(data.link_token);
        linkToken = data.link_token;
        if (!data.hosted_link_url) throw new UserFacingError('Plaid did not return a sign-in page (hosted_link_url); check that Hosted Link is enabled for these keys.');
        url = data.hosted_link_url;
      } catch (thrown) {
        if (thrown instanceof UserFacingError) throw thrown;
        throw new UserFacingError(`Could not start the sign-in: ${describeFailure(thrown)}`);
      }
      return plaidSession(api, deps, { linkToken, url, reauth });
    },
  };
}

interface Exchanged {
  accessToken: string;
  itemId: string;
}

function plaidSession(api: PlaidApi, deps: LiveDeps, input: { linkToken: string; url: string; reauth: ConnectionRecord | null }): LinkSession {
  const { linkToken, reauth } = input;
  /** Kept across polls: a public token can be exchanged only once. */
  let exchanged: Exchanged | null = null;

  /** Forgets an item we will not report (best effort). */
  const removeQuietly = async (accessToken: string): Promise<void> => {
    await api.itemRemove({ access_token: accessToken }).catch(() => undefined);
  };

  async function describeItem(session: LinkTokenGetSessionsResponse, got: Exchanged): Promise<LinkedAccountSet> {
    const added = session.results?.item_add_results?.[0];
    const { data: accounts } = await api.accountsGet({ access_token: got.accessToken });
    const { data: item } = await api.itemGet({ access_token: got.accessToken });
    const institutionId = item.item.institution_id ?? added?.institution?.institution_id ?? null;
    const institutionName = item.item.institution_name ?? added?.institution?.name ?? 'Plaid institution';
    return {
      externalId: got.itemId,
      institutionName,
      institutionId,
      accountMasks: accounts.accounts.map((a) => a.mask).filter((m): m is string => typeof m === 'string' && m !== ''),
      accessToken: got.accessToken,
    };
  }

  async function finishNewItem(session: LinkTokenGetSessionsResponse, publicToken: string): Promise<LinkPoll> {
    if (exchanged === null) {
      deps.logger.addSecret(publicToken);
      try {
        const { data } = await api.itemPublicTokenExchange({ public_token: publicToken });
        deps.logger.addSecret(data.access_token);
        exchanged = { accessToken: data.access_token, itemId: data.item_id };
      } catch (thrown) {
        const fatal = fatalMessage(thrown);
        if (fatal === null) return { state: 'waiting' };
        const body = PlaidErrorSchema.safeParse((thrown as { response?: { data?: unknown } }).response?.data);
        if (body.success && body.data.error_code === 'INVALID_PUBLIC_TOKEN') {
          return { state: 'failed', message: 'The sign-in finished too long ago to complete (Plaid\'s one-time token expired). Start again.' };
        }
        return { state: 'failed', message: `Plaid could not complete the sign-in: ${fatal}` };
      }
    }
    const got = exchanged;
    try {
      return { state: 'done', result: await describeItem(session, got) };
    } catch (thrown) {
      const fatal = fatalMessage(thrown);
      if (fatal === null) return { state: 'waiting' };
      await removeQuietly(got.accessToken);
      return { state: 'failed', message: `Plaid linked the bank but could not describe its accounts: ${fatal}` };
    }
  }

  return {
    url: input.url,

    async poll(): Promise<LinkPoll> {
      let sessions: LinkTokenGetSessionsResponse[];
      try {
        const { data } = await api.linkTokenGet({ link_token: linkToken });
        sessions = data.link_sessions ?? [];
      } catch (thrown) {
        const fatal = fatalMessage(thrown);
        if (fatal === null) return { state: 'waiting' };
        const body = PlaidErrorSchema.safeParse((thrown as { response?: { data?: unknown } }).response?.data);
        if (body.success && body.data.error_code === 'INVALID_LINK_TOKEN') return { state: 'failed', message: exitMessage('INVALID_LINK_TOKEN') };
        return { state: 'failed', message: `Plaid could not report on the sign-in: ${fatal}` };
      }
      const finished = sessions.filter((s) => s.finished_at);
      // Update mode: a session that finished without an exit repaired the item. Any public token it
      // carries needs no exchange (the item keeps its access token).
      if (reauth && finished.some((s) => !s.exit)) return { state: 'repaired' };
      // A session with an item is the answer, whatever else the user tried on the page.
      for (const session of sessions) {
        const publicToken = session.results?.item_add_results?.find((r) => r.public_token)?.public_token;
        if (publicToken) return finishNewItem(session, publicToken);
      }
      const last = finished.at(-1);
      if (!last) return { state: 'waiting' };
      const code = last.exit?.error?.error_code;
      if (code) return { state: 'failed', message: exitMessage(code) };
      if (last.exit) return { state: 'cancelled' };
      // Finished, no exit, no item, and not update mode: Plaid reported success without an item.
      return { state: 'failed', message: 'Plaid finished the sign-in without adding a bank. Start again.' };
    },

    async discard(result: LinkedAccountSet): Promise<void> {
      if (!result.accessToken) return;
      deps.logger.addSecret(result.accessToken);
      try {
        await api.itemRemove({ access_token: result.accessToken });
      } catch (thrown) {
        deps.logger.warn(`could not remove a discarded Plaid item: ${describeFailure(thrown)}`);
      }
    },
  };
}

/**
 * Plaid's sandbox shortcut: a test item for First Platypus Bank straight from
 * /sandbox/public_token/create (products: transactions) and an exchange — no sign-in page. The
 * registry treats the result like any sign-in's (duplicates, keychain, sync).
 */
export const PLAID_SANDBOX_INSTITUTION = 'ins_109508';

export function plaidSandboxDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver {
  deps.logger.addSecret(profile.secret);
  const api: PlaidApi = createPlaidApi({ basePath: profile.baseUrl, clientId: profile.clientId, secret: profile.secret, timeoutMs: deps.timeoutMs });
  return {
    async begin(): Promise<LinkSession> {
      let result: LinkedAccountSet;
      try {
        const { data: pub } = await api.sandboxPublicTokenCreate({ institution_id: PLAID_SANDBOX_INSTITUTION, initial_products: [Products.Transactions] });
        deps.logger.addSecret(pub.public_token);
        const { data: exchanged } = await api.itemPublicTokenExchange({ public_token: pub.public_token });
        deps.logger.addSecret(exchanged.access_token);
        const { data: accounts } = await api.accountsGet({ access_token: exchanged.access_token });
        const { data: item } = await api.itemGet({ access_token: exchanged.access_token });
        result = {
          externalId: exchanged.item_id,
          institutionName: item.item.institution_name ?? 'Plaid sandbox bank',
          institutionId: item.item.institution_id ?? PLAID_SANDBOX_INSTITUTION,
          accountMasks: accounts.accounts.map((a) => a.mask).filter((m): m is string => typeof m === 'string' && m !== ''),
          accessToken: exchanged.access_token,
        };
      } catch (thrown) {
        throw new UserFacingError(`Plaid could not add a sandbox connection: ${describeFailure(thrown)}`);
      }
      return {
        url: '',
        poll: async () => ({ state: 'done', result }),
        discard: async (r) => {
          if (r.accessToken) await api.itemRemove({ access_token: r.accessToken }).catch(() => undefined);
        },
      };
    },
  };
}
