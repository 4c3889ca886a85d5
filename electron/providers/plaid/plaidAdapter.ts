/** Plaid behind the provider-neutral adapter interface the sync service drives. */
import type { PlaidApi } from 'plaid';
import type { RefreshResult } from '../../../shared/ipc/contract';
import type { PullResult } from '../../../shared/types';
import type { ConnectionRef, ProviderAdapter, RemovalOutcome } from '../adapter';
import { sleep, type RetryPolicy } from '../retry';
import { classifyPlaidError } from './classifyPlaidError';
import { pullPlaid } from './pullPlaid';

export interface PlaidAdapterOptions {
  /** `count` per /transactions/sync page (1..500); Plaid's maximum unless set. Tests shrink it to force many pages. */
  pageSize?: number;
}

export function plaidAdapter(
  api: PlaidApi,
  retry: RetryPolicy,
  now: () => Date = () => new Date(),
  options: PlaidAdapterOptions = {},
): ProviderAdapter {
  const tokenOf = (ref: ConnectionRef): string => {
    if (!ref.accessToken) throw new Error('a Plaid connection needs its access token');
    return ref.accessToken;
  };
  return {
    perConnectionToken: true,
    pull(input, sink): Promise<PullResult> {
      return pullPlaid(
        { api, retry, sleep, random: Math.random, now, pageSize: options.pageSize },
        { connectionId: input.connectionId, accessToken: tokenOf(input), cursor: input.cursor },
        sink,
      );
    },
    async refresh(ref): Promise<RefreshResult> {
      try {
        await api.transactionsRefresh({ access_token: tokenOf(ref) });
        return { requested: true, message: null, availableAt: null };
      } catch (thrown) {
        const failure = classifyPlaidError(thrown);
        if (failure.kind === 'restart') return { requested: false, message: null, availableAt: null };
        // A refresh is a courtesy: the pull that follows still reads whatever Plaid already has.
        // Plaid allows two refreshes a minute per item (TRANSACTIONS_REFRESH_LIMIT).
        const limited = failure.error.code === 'rate_limited';
        return {
          requested: false,
          message: limited ? 'Plaid limits how often a connection can be refreshed; showing what it already has.' : failure.error.message,
          availableAt: limited ? new Date(now().getTime() + 60_000).toISOString() : null,
        };
      }
    },
    async remove(ref): Promise<RemovalOutcome> {
      try {
        await api.itemRemove({ access_token: tokenOf(ref) });
        return { kind: 'removed', alreadyGone: false };
      } catch (thrown) {
        // Never keep `thrown`: an AxiosError's config carries the API secret.
        const failure = classifyPlaidError(thrown);
        if (failure.kind !== 'restart' && failure.error.code === 'disconnected') return { kind: 'removed', alreadyGone: true };
        return { kind: 'failed', reason: failure.kind === 'restart' ? 'Plaid refused the request.' : failure.error.message };
      }
    },
  };
}
