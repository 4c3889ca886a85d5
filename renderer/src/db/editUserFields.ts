/**
 * The user's own fields on a transaction — category, note, excluded, tags, splits. Only these are
 * written, never the provider's; a later sync carries them over by name (rowFields.ts), and
 * undoing a sync keeps what the user set after it (revertRun.ts).
 */
import { checkSplit, cleanPart, type SplitPart, type SplitProblem } from '../../../shared/userFields/splits';
import { cleanTags } from '../../../shared/userFields/tags';
import { notifyIndex } from '../index/notify';
import type { LedgerlineDb, UserFields } from './schema';

export const MAX_CATEGORY_LENGTH = 60;
export const MAX_NOTE_LENGTH = 2000;

/** What an edit may set; a field left out is left as it is. */
export interface UserFieldsEdit {
  userCategory?: string | null;
  note?: string | null;
  /** Exclude from budgets and reports (true) or count again (false). */
  excluded?: boolean;
  /** The whole tag list (normalized here); null or [] = none. */
  tags?: readonly string[] | null;
  /** The parts (checked against the row's amount: refused unless they sum to it exactly); null = not split. */
  splits?: readonly SplitPart[] | null;
}

/** A split that cannot be saved: why, as shared/userFields/splits.ts `checkSplit` says. */
export class SplitRefused extends Error {
  constructor(readonly problems: readonly SplitProblem[]) {
    super(`The split cannot be saved: ${problems.map((p) => p.kind).join(', ')}`);
    this.name = 'SplitRefused';
  }
}

/** Trimmed; empty means "not set". */
function clean(value: string | null | undefined, max: number): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : text.slice(0, max);
}

/**
 * False when the row does not exist (any more). Throws SplitRefused (and writes nothing) when
 * `splits` do not sum to the row's amount exactly.
 */
export async function editUserFields(db: LedgerlineDb, id: string, fields: UserFieldsEdit, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const patch: UserFields & { updatedAt: string } = { updatedAt: at };
  if (fields.userCategory !== undefined) patch.userCategory = clean(fields.userCategory, MAX_CATEGORY_LENGTH);
  if (fields.note !== undefined) patch.note = clean(fields.note, MAX_NOTE_LENGTH);
  if (fields.tags !== undefined) patch.tags = cleanTags(fields.tags);
  const updated = await db.transaction('rw', db.transactions, async () => {
    const row = await db.transactions.get(id);
    if (!row) return false;
    if (fields.excluded !== undefined) {
      // Excluding again keeps the first time; null drops the row from the sparse index.
      patch.excludedAt = fields.excluded ? (row.excludedAt ?? at) : null;
    }
    if (fields.splits !== undefined) {
      if (fields.splits === null || fields.splits.length === 0) patch.splits = null;
      else {
        const parts = fields.splits.map(cleanPart);
        const problems = checkSplit(row.amountMinor, parts);
        if (problems.length > 0) throw new SplitRefused(problems);
        patch.splits = parts;
      }
    }
    return (await db.transactions.update(id, patch)) === 1;
  });
  // Committed by now, so the ledger index may re-read the row.
  if (updated) notifyIndex(db, { ids: [id] });
  return updated;
}

/**
 * How many listed rows the user excluded: reads only those rows (the sparse index), skipping
 * tombstones, which keep their flag but are not listed.
 */
export const excludedCount = (db: LedgerlineDb): Promise<number> =>
  db.transactions.where('excludedAt').above('').filter((r) => r.listKey !== undefined).count();
