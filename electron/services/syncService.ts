/**
 * Runs pulls for the renderer: one at a time per connection (a second request for the same cursor
 * joins the running one), keeps each connection's status, and tells listeners when it changes.
 */
import type { ChannelInput, RefreshResult } from '../../shared/ipc/contract';
import type { ConnectionState, PullResult, SyncError } from '../../shared/types';
import type { ConnectionRef, ProviderAdapter } from '../providers/adapter';
import type { ConnectionRecord, ConnectionStore } from './connectionStore';
import type { Logger } from './logger';
import type { SecretStore } from './secretStore';

export class UserFacingError extends Error {}

export const accessTokenKey = (connectionId: string) => `connection:${connectionId}:access-token`;

export interface SyncServiceDeps {
  connections: ConnectionStore;
  secrets: SecretStore;
  adapterFor(connection: ConnectionRecord): ProviderAdapter;
  logger: Logger;
  onChange(): void;
  now?: () => Date;
}

const STATE_FOR: Record<SyncError['code'], ConnectionState> = {
  needs_reauth: 'needs_reauth', disconnected: 'disconnected', rate_limited: 'rate_limited',
  provider_unavailable: 'error', bad_response: 'error', credentials: 'error', internal: 'error',
};

export function createSyncService(deps: SyncServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const running = new Map<string, { cursor: string | null; promise: Promise<PullResult> }>();

  const connection = (id: string) => {
    const c = deps.connections.get(id);
    if (!c) throw new UserFacingError(`Unknown connection ${id}.`);
    return c;
  };
  const setStatus = (id: string, patch: Parameters<ConnectionStore['setStatus']>[1]) => {
    if (!deps.connections.get(id)) return; // removed while its pull ran: nothing left to mark
    deps.connections.setStatus(id, patch);
    deps.onChange();
  };
  const ref = async (c: ConnectionRecord): Promise<ConnectionRef> => {
    const adapter = deps.adapterFor(c);
    const accessToken = adapter.perConnectionToken ? await deps.secrets.get(accessTokenKey(c.id)) : null;
    if (adapter.perConnectionToken && !accessToken) {
      throw new UserFacingError(`No access token for ${c.institutionName} is in the keychain; reconnect it.`);
    }
    return { connectionId: c.id, externalId: c.externalId, accessToken };
  };

  async function runPull(c: ConnectionRecord, cursor: string | null, trigger: string): Promise<PullResult> {
    const startedAt = now().toISOString();
    setStatus(c.id, { state: 'syncing', lastAttemptAt: startedAt });
    let result: PullResult;
    try {
      result = await deps.adapterFor(c).pull({ ...(await ref(c)), cursor });
    } catch (e) {
      const message = e instanceof UserFacingError ? e.message : 'Sync failed unexpectedly; see the log.';
      if (!(e instanceof UserFacingError)) deps.logger.error(`pull ${c.id} threw: ${e instanceof Error ? e.name : 'non-error'}`);
      result = { kind: 'error', error: { code: 'internal', message, retryAt: null, requestId: null } };
    }
    if (result.kind === 'update') {
      const u = result.update;
      deps.logger.info(`pull ${c.id} (${trigger}): ${u.upserts.length} upserts, ${u.removals.length} removals, ${u.pages} pages, ${u.restarts} restarts`);
      // The state turns "ok" only when the renderer reports the update committed.
    } else if (result.kind === 'waiting') {
      setStatus(c.id, { state: 'waiting', message: result.message, retryAt: result.retryAt });
    } else {
      const e = result.error;
      deps.logger.warn(`pull ${c.id} (${trigger}) failed: ${e.code}: ${e.message}${e.requestId ? ` [request ${e.requestId}]` : ''}`);
      setStatus(c.id, { state: STATE_FOR[e.code], message: e.message, retryAt: e.retryAt });
    }
    return result;
  }

  return {
    /** Pulls from `cursor`. Joins a running pull from the same cursor; queues behind one from another. */
    async pull(input: ChannelInput<'sync:pull'>): Promise<PullResult> {
      const c = connection(input.connectionId);
      for (;;) {
        const current = running.get(c.id);
        if (!current) break;
        if (current.cursor === input.cursor) return current.promise;
        await current.promise.catch(() => undefined);
      }
      const promise = runPull(c, input.cursor, input.trigger).finally(() => running.delete(c.id));
      running.set(c.id, { cursor: input.cursor, promise });
      return promise;
    },

    async refresh(connectionId: string): Promise<RefreshResult> {
      const c = connection(connectionId);
      return deps.adapterFor(c).refresh(await ref(c));
    },

    report(input: ChannelInput<'sync:report'>): void {
      const c = connection(input.connectionId);
      if (input.outcome === 'failed') {
        setStatus(c.id, { state: 'error', message: input.message ?? 'Saving the synced data failed.', retryAt: null });
        return;
      }
      setStatus(c.id, { state: 'ok', lastSuccessAt: now().toISOString(), message: null, retryAt: null });
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
