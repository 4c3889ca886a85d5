/**
 * One sync of one connection, end to end: read the stored cursor, have main pull from it, apply
 * the update atomically, tell main how it went. A second request while one runs joins it.
 * Called only by the coordinator (`syncActivity.ts`): start a sync through `SyncActivity.sync`.
 */
import type { LedgerlineApi, RefreshResult } from '../../../shared/ipc/contract';
import type { PullResult, SyncTrigger } from '../../../shared/types';
import { applyStream } from '../db/applyStream';
import type { HoldMode } from '../db/apply/holdCheck';
import { applyUpdate, type ApplyResult } from '../db/applyUpdate';
import type { LedgerlineDb } from '../db/schema';
import { notifyIndex } from '../index/notify';

export type SyncOutcome = (
  | { kind: 'applied'; result: Extract<ApplyResult, { outcome: 'applied' }> }
  /** Suspicious: stored as a held update for the user's Apply or Discard in Changes; nothing else changed. */
  | { kind: 'held'; result: Extract<ApplyResult, { outcome: 'held' }> }
  | { kind: 'not_applied'; pull: Exclude<PullResult, { kind: 'update' }> }
) & {
  /** What the provider said to Refresh now's request for fresh data (null for other triggers). */
  refresh: RefreshResult | null;
};

const running = new Map<string, Promise<SyncOutcome>>();

/** How many times to re-pull when another window applied first (each retry starts from the newer cursor). */
const STALE_RETRIES = 3;

/** The part of the API one sync needs. */
export type SyncApi = Pick<LedgerlineApi, 'requestRefresh' | 'pull' | 'pullStream' | 'pullNext' | 'reportSync'>;

/** `hold` is for tests that must make an update held (the app always detects). */
export function syncConnection(api: SyncApi, db: LedgerlineDb, connectionId: string, trigger: SyncTrigger, options: { hold?: HoldMode } = {}): Promise<SyncOutcome> {
  const joined = running.get(connectionId);
  if (joined) return joined;
  const run = (async (): Promise<SyncOutcome> => {
    // A refused or failed refresh is not a failed sync: the pull still reads what the provider has.
    const refresh = trigger === 'manual' ? await api.requestRefresh({ connectionId }).catch(() => null) : null;
    const failed = async (e: unknown): Promise<never> => {
      const message = `Saving the synced data failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500);
      await api.reportSync({ connectionId, outcome: 'failed', message });
      throw e;
    };
    for (let attempt = 0; ; attempt++) {
      const startedAt = new Date().toISOString();
      const cursor = (await db.cursors.get(connectionId))?.cursor ?? null;
      let result: ApplyResult;
      if (cursor === null) {
        // A first sync streams: its rows are written while main is still paging the provider.
        const streamed = await applyStream(api, db, connectionId, { trigger, startedAt }).catch(failed);
        if (streamed.kind === 'not_applied') return { kind: 'not_applied', pull: streamed.pull, refresh };
        if (streamed.kind === 'held') result = streamed.result;
        else result = streamed.kind === 'applied' ? streamed.result : { outcome: 'stale', storedCursor: streamed.storedCursor };
        if (result.outcome === 'applied') notifyIndex(db, { all: true });
      } else {
        const pulled = await api.pull({ connectionId, cursor, trigger });
        if (pulled.kind !== 'update') return { kind: 'not_applied', pull: pulled, refresh };
        result = await applyUpdate(db, pulled.update, { trigger, startedAt, hold: options.hold }).catch(failed);
        if (result.outcome === 'applied') {
          // The index is patched from the rows the update wrote (see notify.ts), not re-read.
          const { written, ...counts } = result;
          if (written) notifyIndex(db, { seq: written.seq, rows: written.rows });
          result = counts;
        }
      }
      if (result.outcome === 'held') {
        // The provider answered; the answer waits for the user. Main marks the connection synced.
        await api.reportSync({ connectionId, outcome: 'held', message: null });
        return { kind: 'held', result, refresh };
      }
      if (result.outcome === 'applied' || attempt >= STALE_RETRIES) {
        await api.reportSync({ connectionId, outcome: result.outcome, message: null });
        if (result.outcome === 'applied') return { kind: 'applied', result, refresh };
        return { kind: 'not_applied', pull: { kind: 'error', error: { code: 'internal', message: 'Another window kept syncing first.', retryAt: null, requestId: null } }, refresh };
      }
    }
  })().finally(() => running.delete(connectionId));
  running.set(connectionId, run);
  return run;
}
