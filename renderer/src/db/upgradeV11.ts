/**
 * Version 11: the change log, one record per change until now, is packed into change sets
 * (changeLog.ts). The old records are walked once in key order — a run's changes were written in
 * one transaction, so they are contiguous there — and each run's go into sets in that order, runs
 * in the order of their first change, so the new seq order is the old one. The `changes` store is
 * deleted by the version itself once this has run.
 */
import type { Transaction } from 'dexie';
import { packRun } from './changeLog';
import type { ChangeRow, ChangeSetRow } from './schema';

/** Old records are read this many at a time (a first sync of 100k rows left none, a busy history may hold many). */
const PAGE = 5_000;

export async function upgradeToV11(tx: Transaction): Promise<void> {
  const old = tx.table<ChangeRow, number>('changes');
  const sets = tx.table<ChangeSetRow, number>('changeSets');
  // Grouped by run before anything is written (a Map keeps the order of each run's first change),
  // so a run whose changes were ever interleaved with another's still packs whole.
  const byRun = new Map<string, { connectionId: string; changes: ChangeRow[] }>();
  let after = -Infinity;
  for (;;) {
    const page = await old.where(':id').above(after).limit(PAGE).toArray();
    for (const c of page) {
      let entry = byRun.get(c.runId);
      if (!entry) byRun.set(c.runId, (entry = { connectionId: c.connectionId, changes: [] }));
      entry.changes.push(c);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.seq ?? after;
  }
  for (const [runId, { connectionId, changes }] of byRun) await sets.bulkAdd(packRun(runId, connectionId, changes));
}
