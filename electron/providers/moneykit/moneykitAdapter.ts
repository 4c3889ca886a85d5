/**
 * MoneyKit behind the provider-neutral adapter interface the sync service drives. MoneyKit's
 * secrets are app-wide (client id and secret, held by the client), so a connection is addressed by
 * its link_id alone (`externalId`) and has no per-connection token. A pull hands its rows to the
 * sink as one folded page once the drain is complete (pullMoneykit.ts says why).
 */
import type { RefreshResult } from '../../../shared/ipc/contract';
import type { PullResult } from '../../../shared/types';
import type { ProviderAdapter, RemovalOutcome } from '../adapter';
import { sleep as realSleep, type RetryPolicy } from '../retry';
import { classifyMoneykitError } from './classifyMoneykitError';
import type { MoneykitClient } from './moneykitClient';
import { MoneykitRequestError } from './moneykitFailure';
import { pullMoneykit } from './pullMoneykit';

export interface MoneykitAdapterOptions {
  /** `size` per sync page (1..500); MoneyKit's maximum unless set. Tests shrink it to force many pages. */
  pageSize?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function moneykitAdapter(client: MoneykitClient, retry: RetryPolicy, options: MoneykitAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? (() => new Date());
  return {
    perConnectionToken: false,
    pull(input, sink): Promise<PullResult> {
      return pullMoneykit(
        { api: client, retry, sleep: options.sleep ?? realSleep, random: options.random ?? Math.random, now, pageSize: options.pageSize },
        { connectionId: input.connectionId, linkId: input.externalId, cursor: input.cursor },
        sink,
      );
    },
    async refresh(ref): Promise<RefreshResult> {
      try {
        await client.requestRefresh(ref.externalId, ['transactions']);
        return { requested: true, message: null, availableAt: null };
      } catch (thrown) {
        const decision = classifyMoneykitError(thrown);
        const { error } = decision;
        const retryAfterMs = decision.kind === 'retry' ? decision.retryAfterMs : null;
        // A refused refresh is not a failure: the pull that follows still reads what MoneyKit has.
        if (error.code === 'rate_limited') {
          return {
            requested: false,
            message: 'MoneyKit limits how often a connection can be refreshed; showing what it already has.',
            availableAt: retryAfterMs === null ? null : new Date(now().getTime() + retryAfterMs).toISOString(),
          };
        }
        return { requested: false, message: error.message, availableAt: null };
      }
    },
    async remove(ref): Promise<RemovalOutcome> {
      try {
        await client.deleteLink(ref.externalId);
        return { kind: 'removed', alreadyGone: false };
      } catch (thrown) {
        if (thrown instanceof MoneykitRequestError && thrown.failure.kind === 'http') {
          const { status, errorCode } = thrown.failure;
          const gone = status === 404 || status === 410 || errorCode === 'link_error.deleted' || errorCode === 'link_error.not_found';
          if (gone) return { kind: 'removed', alreadyGone: true };
        }
        return { kind: 'failed', reason: classifyMoneykitError(thrown).error.message };
      }
    },
  };
}
