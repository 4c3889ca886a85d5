/**
 * Tells every ledger index (this window's worker and other windows') which transactions changed
 * after a write commits: a message on a BroadcastChannel named after the database, which each
 * index worker listens on (a channel never hears its own posts, and this one is never the
 * worker's). The worker re-reads just those ids, or everything for `{ all: true }` — or, for an
 * applied sync, takes the rows it wrote as they are (`{ seq, rows }`: no read at all) when `seq`
 * follows the last one it applied, so nothing committed in between can be missing from them.
 * Call it after the write's transaction has committed, never inside it.
 */
import type { LedgerlineDb, TransactionRow } from '../db/schema';
import { indexChannelName } from './protocol';

/** `decisions`: the user answered on a transfer or a recurring series (no row changed; derived answers did). */
export type IndexChange = { ids: readonly string[] } | { all: true } | { seq: number; rows: readonly TransactionRow[] } | { decisions: true };

const channels = new Map<string, BroadcastChannel>();

export function notifyIndex(db: LedgerlineDb, change: IndexChange): void {
  if (typeof BroadcastChannel === 'undefined') return;
  if (('ids' in change && change.ids.length === 0) || ('rows' in change && change.rows.length === 0)) return;
  const name = indexChannelName(db.name);
  let channel = channels.get(name);
  if (!channel) {
    channel = new BroadcastChannel(name);
    // Under Node (unit tests of the writers) an open channel would keep the process alive.
    (channel as BroadcastChannel & { unref?: () => void }).unref?.();
    channels.set(name, channel);
  }
  channel.postMessage('all' in change ? { all: true } : 'decisions' in change ? { decisions: true } : 'ids' in change ? { ids: [...change.ids] } : { seq: change.seq, rows: [...change.rows] });
}
