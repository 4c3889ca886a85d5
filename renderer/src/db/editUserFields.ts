/** The user's category and note on a transaction. Only these fields are written, never the provider's. */
import { notifyIndex } from '../index/notify';
import type { LedgerlineDb, UserFields } from './schema';

export const MAX_CATEGORY_LENGTH = 60;
export const MAX_NOTE_LENGTH = 2000;

/** Trimmed; empty means "not set". */
function clean(value: string | null | undefined, max: number): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : text.slice(0, max);
}

/** False when the row does not exist (any more). */
export async function editUserFields(db: LedgerlineDb, id: string, fields: UserFields, now: Date = new Date()): Promise<boolean> {
  const patch: UserFields & { updatedAt: string } = { updatedAt: now.toISOString() };
  if (fields.userCategory !== undefined) patch.userCategory = clean(fields.userCategory, MAX_CATEGORY_LENGTH);
  if (fields.note !== undefined) patch.note = clean(fields.note, MAX_NOTE_LENGTH);
  const updated = (await db.transactions.update(id, patch)) === 1;
  // The update is its own transaction: committed by now, so the ledger index may re-read the row.
  if (updated) notifyIndex(db, { ids: [id] });
  return updated;
}
