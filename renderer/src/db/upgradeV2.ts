/**
 * Version 1 → 2. Data moves in two places: live pending rows get their `pendingKey` (the index
 * pending-only scopes read), and runs get the fields v1 did not record, recounted from their changes.
 */
import type { Transaction as DexieTransaction } from 'dexie';
import { pendingKeyOf } from './keys';
import type { ChangeRow, SyncRunRow, TransactionRow } from './schema';

type V1Run = Omit<SyncRunRow, 'outcome' | 'reidentified' | 'suggested'> & Partial<SyncRunRow>;

export async function upgradeToV2(tx: DexieTransaction): Promise<void> {
  await tx.table<TransactionRow>('transactions').toCollection().modify((row) => {
    if (row.pending && row.removedAt === null) row.pendingKey = pendingKeyOf(row);
  });
  const reidentified = new Map<string, number>();
  await tx.table<ChangeRow>('changes').each((c) => {
    if (c.kind === 'reidentified') reidentified.set(c.runId, (reidentified.get(c.runId) ?? 0) + 1);
  });
  await tx.table<V1Run>('syncRuns').toCollection().modify((run) => {
    const re = reidentified.get(run.id) ?? 0;
    run.reidentified = re;
    run.suggested = 0;
    run.outcome = run.added + run.modified + run.removed + run.posted + re > 0 ? 'changes' : 'up_to_date';
  });
}
