/**
 * Version 4: each cursor row learns how many live rows its connection has (`liveRows`), counted
 * once here by walking the list index; from then on every write keeps it in the same transaction.
 */
import type { Transaction } from 'dexie';

export async function upgradeToV4(tx: Transaction): Promise<void> {
  const live = new Map<string, number>();
  await tx.table('transactions').where('listKey').above('').each((row: { connectionId: string }) => {
    live.set(row.connectionId, (live.get(row.connectionId) ?? 0) + 1);
  });
  await tx.table('cursors').toCollection().modify((cursor: { connectionId: string; liveRows?: number }) => {
    cursor.liveRows = live.get(cursor.connectionId) ?? 0;
  });
}
