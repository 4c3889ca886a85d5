/**
 * SnapTrade behind the provider-neutral adapter interface the sync service drives. A connection
 * is a SnapTrade authorization (`externalId`); the secrets are app-wide (the consumer key inside
 * the API client, the SnapTrade user's secret here), so connections carry no token of their own.
 * A pull hands its rows to the sink as one page once every account is read (pullSnaptrade.ts says why).
 */
import type { RefreshResult } from '../../../shared/ipc/contract';
import type { PullResult } from '../../../shared/types';
import type { ProviderAdapter, RemovalOutcome } from '../adapter';
import { sleep, type RetryPolicy } from '../retry';
import type { WindowOptions } from './checkpoint';
import { classifySnaptradeError, classifyStatus, classifyThrown } from './classifySnaptradeError';
import { snaptradeHoldings } from './holdingsSnaptrade';
import { pullSnaptrade } from './pullSnaptrade';
import type { SnaptradeApi, SnaptradeUser } from './snaptradeClient';

export interface SnaptradeAdapterOptions {
  /** Activities per page (1..1000); SnapTrade's maximum unless set. Tests shrink it to force many pages. */
  pageSize?: number;
  /** Inconsistent passes over one account's pages before a pull gives up for now (default 5). */
  maxRestarts?: number;
  window?: WindowOptions;
}

/**
 * Refresh now: POST /authorizations/{id}/transactions/sync. It is a courtesy (SnapTrade only makes
 * sure yesterday is in, asynchronously), so one attempt; a refusal comes back as its message —
 * "disabled — reconnect" for 402/3003, a plain credentials sentence for 401.
 */
async function requestSync(api: SnaptradeApi, user: SnaptradeUser, authorizationId: string): Promise<RefreshResult> {
  try {
    const res = await api.syncTransactions({ ...user, authorizationId });
    if (res.status >= 200 && res.status < 300) return { requested: true, message: null, availableAt: null };
    const failure = classifyStatus(res.status, res.data, res.headers);
    return { requested: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message, availableAt: null };
  } catch (thrown) {
    const failure = classifyThrown(thrown);
    if (failure === null) throw thrown;
    return { requested: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message, availableAt: null };
  }
}

export function snaptradeAdapter(
  api: SnaptradeApi,
  user: SnaptradeUser,
  retry: RetryPolicy,
  now: () => Date = () => new Date(),
  options: SnaptradeAdapterOptions = {},
): ProviderAdapter {
  return {
    perConnectionToken: false,
    pull(input, sink): Promise<PullResult> {
      return pullSnaptrade(
        { api, user, retry, sleep, random: Math.random, now, ...options },
        { connectionId: input.connectionId, authorizationId: input.externalId, cursor: input.cursor },
        sink,
      );
    },
    refresh: (ref) => requestSync(api, user, ref.externalId),
    remove: (ref) => removeAuthorization(api, user, ref.externalId),
    holdings: (ref) => snaptradeHoldings(api, user, ref.externalId),
  };
}

/** DELETE /authorizations/{id}; a 404 means SnapTrade had already forgotten it. */
async function removeAuthorization(api: SnaptradeApi, user: SnaptradeUser, authorizationId: string): Promise<RemovalOutcome> {
  if (!api.removeAuthorization) return { kind: 'failed', reason: 'This SnapTrade client cannot remove connections.' };
  try {
    const res = await api.removeAuthorization({ ...user, authorizationId });
    if (res.status >= 200 && res.status < 300) return { kind: 'removed', alreadyGone: false };
    if (res.status === 404) return { kind: 'removed', alreadyGone: true };
    const failure = classifyStatus(res.status, res.data, res.headers);
    return { kind: 'failed', reason: failure.kind === 'waiting' ? failure.message : failure.error.message };
  } catch (thrown) {
    // Never keep `thrown`: the SDK's errors carry the URL, whose query holds the user secret.
    const failure = classifySnaptradeError(thrown);
    return { kind: 'failed', reason: failure.kind === 'waiting' ? failure.message : failure.error.message };
  }
}
