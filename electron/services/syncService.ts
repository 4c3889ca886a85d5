/**
 * Runs pulls for the renderer: one at a time per connection (a second request for the same cursor
 * joins the running one), keeps each connection's status, and tells listeners when it changes.
 * Every pull hands its rows to a page sink: the stream to the renderer for a first sync
 * (`pullStream`), a folding sink for `sync:pull`, whose folded rows go into the returned update.
 */
import type { AccountHoldings } from '../../shared/holdings';
import type { ChannelInput, RefreshResult } from '../../shared/ipc/contract';
import type { ConnectionState, PullResult, SyncError } from '../../shared/types';
import type { ConnectionRef, PageSink, ProviderAdapter } from '../providers/adapter';
import type { ConnectionRecord, ConnectionStore } from '../core/connectionStore';
import type { Logger } from '../core/logger';
import { FoldingSink } from '../providers/foldingSink';
import { PullStreams, StreamGoneError } from './pullStreams';
import { accessTokenKey, type SecretStore } from '../core/secretStore';
import { UserFacingError } from '../core/userFacingError';

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
  action_at_bank: 'action_at_bank', institution_unavailable: 'waiting',
  provider_unavailable: 'error', bad_response: 'error', credentials: 'error', internal: 'error',
};

export function createSyncService(deps: SyncServiceDeps) {
  const now = deps.now ?? (() => new Date());
  /** The pull running per connection; a streamed one is never joined (its rows go to one reader). */
  const running = new Map<string, { cursor: string | null; streamed: boolean; promise: Promise<PullResult> }>();
  const streams = new PullStreams();

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

  /** The adapter's result; its rows went to `sink` (an update carries the header alone). */
  async function runPull(c: ConnectionRecord, cursor: string | null, trigger: string, sink: PageSink): Promise<PullResult> {
    const startedAt = now().toISOString();
    const before = { ...c.status };
    setStatus(c.id, { state: 'syncing', lastAttemptAt: startedAt });
    const handed = { upserts: 0, removals: 0 };
    const counted: PageSink = {
      page(upserts, removals) {
        handed.upserts += upserts.length;
        handed.removals += removals.length;
        return sink.page(upserts, removals);
      },
      restart() {
        handed.upserts = 0;
        handed.removals = 0;
        return sink.restart();
      },
    };
    let result: PullResult;
    try {
      result = await deps.adapterFor(c).pull({ ...(await ref(c)), cursor }, counted);
      if (result.kind === 'update' && (result.update.upserts.length > 0 || result.update.removals.length > 0)) {
        throw new Error('the adapter returned rows instead of handing them to its page sink');
      }
    } catch (e) {
      if (e instanceof StreamGoneError) {
        // The reader went away mid-sync (a closed or crashed window): nothing was applied.
        deps.logger.info(`pull ${c.id} (${trigger}): streamed sync abandoned by its reader`);
        setStatus(c.id, { state: before.state === 'syncing' ? 'never_synced' : before.state, message: before.message, retryAt: before.retryAt });
        throw e;
      }
      const message = e instanceof UserFacingError ? e.message : 'Sync failed unexpectedly; see the log.';
      if (!(e instanceof UserFacingError)) deps.logger.error(`pull ${c.id} threw: ${e instanceof Error ? e.name : 'non-error'}`);
      result = { kind: 'error', error: { code: 'internal', message, retryAt: null, requestId: null } };
    }
    if (result.kind === 'update') {
      const u = result.update;
      deps.logger.info(`pull ${c.id} (${trigger}): ${handed.upserts} upserts, ${handed.removals} removals, ${u.pages} pages, ${u.restarts} restarts`);
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
      // Checked and claimed without an await in between, so two calls in one tick share one pull.
      for (;;) {
        const current = running.get(c.id);
        if (!current) break;
        if (!current.streamed && current.cursor === input.cursor) return current.promise;
        await current.promise.catch(() => undefined);
      }
      const fold = new FoldingSink();
      const promise = runPull(c, input.cursor, input.trigger, fold).then((result) => fold.complete(result)).finally(() => running.delete(c.id));
      running.set(c.id, { cursor: input.cursor, streamed: false, promise });
      return promise;
    },

    /**
     * Starts a streamed first sync (from no cursor); its chunks come from `pullNext`. A stream of the
     * same connection still open belongs to a reader that went away: it is closed first.
     */
    async pullStream(input: ChannelInput<'sync:pullStream'>): Promise<{ streamId: string }> {
      const c = connection(input.connectionId);
      if (running.get(c.id)?.streamed) streams.closeFor(c.id);
      for (let current = running.get(c.id); current; current = running.get(c.id)) await current.promise.catch(() => undefined);
      const { streamId, done } = streams.start(c.id, (sink) => runPull(c, null, input.trigger, sink));
      const promise = done.finally(() => running.delete(c.id));
      promise.catch(() => undefined);
      running.set(c.id, { cursor: null, streamed: true, promise });
      return { streamId };
    },

    pullNext: (input: ChannelInput<'sync:pullNext'>) => streams.next(input.streamId).catch((e: unknown) => {
      if (e instanceof StreamGoneError) throw new UserFacingError(e.message);
      throw e;
    }),

    async refresh(connectionId: string): Promise<RefreshResult> {
      const c = connection(connectionId);
      return deps.adapterFor(c).refresh(await ref(c));
    },

    /** A connection's holdings, read from the provider now; none for a provider without them. */
    async holdings(connectionId: string): Promise<AccountHoldings[]> {
      const c = connection(connectionId);
      const adapter = deps.adapterFor(c);
      if (!adapter.holdings) return [];
      return adapter.holdings(await ref(c));
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
