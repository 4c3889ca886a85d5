/**
 * The user's answer to a held update (see applyUpdate.ts step 4b and shared/sync/suspicion.ts):
 *   - Apply: the stored update goes through the normal apply with holding bypassed, in one
 *     transaction with deleting the held row. It is still stale-checked against the stored cursor:
 *     if another window moved the cursor since, the held row is dropped and nothing is applied.
 *   - Discard: the held row is deleted and nothing else; the cursor stays where it was, so the
 *     next sync asks the provider again from there (and holds its answer again if it is the same).
 */
import type { SyncTrigger } from '../../../shared/types';
import { notifyIndex } from '../index/notify';
import { applyTables } from './apply/runRecorder';
import { applyUpdate, type ApplyResult } from './applyUpdate';
import type { LedgerlineDb } from './schema';

export type ApplyHeldResult = Exclude<ApplyResult, { outcome: 'held' }> | { outcome: 'gone' };

export async function applyHeld(db: LedgerlineDb, heldId: string, meta: { trigger?: SyncTrigger; now?: () => Date } = {}): Promise<ApplyHeldResult> {
  const result = await db.transaction('rw', applyTables(db), async (): Promise<ApplyHeldResult> => {
    const held = await db.heldUpdates.get(heldId);
    if (!held) return { outcome: 'gone' }; // discarded or superseded in another window
    await db.heldUpdates.delete(heldId);
    const startedAt = (meta.now ?? (() => new Date()))().toISOString();
    const result = await applyUpdate(db, held.update, { trigger: meta.trigger ?? held.trigger, startedAt, now: meta.now, hold: 'bypass' });
    if (result.outcome === 'held') throw new Error('a bypassed hold was held again'); // cannot happen: 'bypass' finds no reason
    return result;
  });
  // A held update is rare and usually large (that is why it was held): the index reloads whole.
  if (result.outcome !== 'applied') return result;
  notifyIndex(db, { all: true });
  const { written: _written, ...counts } = result; // the rows are the index's business, not the caller's
  return counts;
}

export async function discardHeld(db: LedgerlineDb, heldId: string): Promise<void> {
  await db.heldUpdates.delete(heldId);
}
