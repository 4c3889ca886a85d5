/**
 * Importing a file's rows into one account (manual or synced): the preview — each row new or a
 * duplicate of a stored one (shared/import/duplicates.ts) — before anything is written, then the
 * write, in one read-write transaction, recorded as a run (`kind: 'import'`) with an `added`
 * change per row so Changes lists it and its Undo (db/revertRun.ts) takes exactly those rows out.
 *
 * Imported rows get their own ids (`import:<uuid>`) and keep the file's FITID (`fitId`), under the
 * account's own connection (so removing a connection removes them, and its `liveRows` counts them).
 * Nothing a sync does can touch them: no provider id has that form, the run leaves the cursor as
 * it is (both of its cursors are the stored one), and replace scopes skip them (droppedInScopes.ts).
 * An import onto a synced account does not move the balance check's implied balance (older history
 * does not change what the bank holds now); into a manual account it moves the stored balance.
 *
 * Duplicates: against the account's live rows dated within the file's range ± the window. A file
 * row whose id is a stored row's id (a Ledgerline export imported back: its CSV "Id" column, its
 * OFX FITID) is that row, certainly; the rest go to `findDuplicates` (stored imported rows carry
 * their FITID, synced rows none). Duplicates are skipped. The commit plans again inside its
 * transaction and refuses if the answer changed since the preview (a sync came in between).
 */
import { findDuplicates, type StoredRowLike, type Verdict } from '../../../shared/import/duplicates';
import type { ImportRow } from '../../../shared/import/types';
import { dayNumber } from '../../../shared/isoDate';
import { notifyIndex } from '../index/notify';
import { addRunChanges } from './changeLog';
import { listKeyOf } from './keys';
import { isManualAccount, moveManualBalances } from './manualAccounts';
import type { AccountRow, ChangeRow, LedgerlineDb, SyncRunRow, TransactionRow } from './schema';

export const DUPLICATE_WINDOW_DAYS = 3;

export interface ImportCandidate {
  row: ImportRow;
  /** Null: new. Written unless `isSkipped`. */
  verdict: Verdict | null;
  /** For a stored duplicate: the row it matches, to show beside it. */
  match: Pick<TransactionRow, 'id' | 'date' | 'description' | 'amountMinor'> | null;
}

export interface ImportPlan {
  account: AccountRow;
  candidates: ImportCandidate[];
  newCount: number;
  duplicateCount: number;
}

export class ImportError extends Error {}

/**
 * Whether a row is left out: it is in the account already, or it repeats a row of the file with the
 * same FITID. Two rows of the file alike without FITIDs (two equal coffees on one day) are both
 * imported — shown as possible duplicates, never dropped on a guess.
 */
export const isSkipped = (verdict: Verdict | null): boolean => verdict !== null && (verdict.kind === 'stored' || verdict.confidence === 'certain');

const dayText = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** The account's live rows dated within the file's range ± the window. */
async function storedNear(db: LedgerlineDb, accountId: string, rows: readonly ImportRow[]): Promise<TransactionRow[]> {
  if (rows.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    const d = dayNumber(r.date);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const from = dayText(lo - DUPLICATE_WINDOW_DAYS);
  const to = dayText(hi + DUPLICATE_WINDOW_DAYS);
  const found = await db.transactions.where('[accountId+date]').between([accountId, from], [accountId, to], true, true).toArray();
  return found.filter((r) => r.listKey !== undefined);
}

/** Reads what importing `rows` into the account would do. Writes nothing. */
export async function planImport(db: LedgerlineDb, accountId: string, rows: readonly ImportRow[]): Promise<ImportPlan> {
  const account = await db.accounts.get(accountId);
  if (!account) throw new ImportError('This account is no longer here.');
  const stored = await storedNear(db, accountId, rows);
  const byId = new Map(stored.map((s) => [s.id, s]));
  const verdicts: (Verdict | null)[] = rows.map(() => null);
  // A Ledgerline export imported back: the file's id is the stored row's own id.
  const taken = new Set<string>();
  rows.forEach((r, i) => {
    const same = r.fitId ? byId.get(r.fitId) : undefined;
    if (same && !taken.has(same.id) && same.amountMinor === r.amountMinor && same.currency === r.currency) {
      taken.add(same.id);
      verdicts[i] = { kind: 'stored', storedId: same.id, confidence: 'certain', reason: 'fitid', dayDiff: Math.abs(dayNumber(same.date) - dayNumber(r.date)) };
    }
  });
  const rest = rows.map((r, i) => ({ r, i })).filter(({ i }) => verdicts[i] === null);
  const storedLike: StoredRowLike[] = stored.filter((s) => !taken.has(s.id)).map((s) => ({
    id: s.id, date: s.date, amountMinor: s.amountMinor, currency: s.currency, description: s.description, merchant: s.merchant, fitId: s.fitId ?? null,
  }));
  const found = findDuplicates(rest.map(({ r }) => r), storedLike, { windowDays: DUPLICATE_WINDOW_DAYS });
  found.forEach((v, k) => {
    const i = rest[k]!.i;
    verdicts[i] = v && v.kind === 'file' ? { ...v, ofIndex: rest[v.ofIndex]!.i } : v;
  });
  const candidates = rows.map((row, i) => {
    const verdict = verdicts[i] ?? null;
    const m = verdict?.kind === 'stored' ? byId.get(verdict.storedId) : undefined;
    return { row, verdict, match: m ? { id: m.id, date: m.date, description: m.description, amountMinor: m.amountMinor } : null };
  });
  const newCount = candidates.filter((c) => !isSkipped(c.verdict)).length;
  return { account, candidates, newCount, duplicateCount: candidates.length - newCount };
}

export interface ImportCommit {
  /** Null when nothing was new: no run is recorded then. */
  runId: string | null;
  added: number;
  skipped: number;
}

/** Every table an import writes, for its one read-write transaction. */
const importTables = (db: LedgerlineDb) => [db.accounts, db.transactions, db.cursors, db.syncRuns, db.changeSets];

/**
 * Writes the new rows of `rows` (what `planImport` shows as new) as one run. `expectNew` is the
 * preview's count: if planning again finds another answer, nothing is written (ImportError).
 */
export async function commitImport(
  db: LedgerlineDb,
  opts: { accountId: string; rows: readonly ImportRow[]; fileName: string; format: 'csv' | 'ofx' | 'qif'; expectNew: number; startedAt?: Date; now?: Date },
): Promise<ImportCommit> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const result = await db.transaction('rw', importTables(db), async () => {
    const plan = await planImport(db, opts.accountId, opts.rows);
    if (plan.newCount !== opts.expectNew) throw new ImportError('The account changed since the preview (a sync may have added rows): look at the preview again.');
    const { account } = plan;
    const cursor = await db.cursors.get(account.connectionId);
    if (!cursor) throw new ImportError(isManualAccount(account) ? 'This account is not set up yet.' : 'Import into this account once its first sync has finished.');
    const runId = `import:${crypto.randomUUID()}`;
    const rows: TransactionRow[] = plan.candidates.filter((c) => !isSkipped(c.verdict)).map(({ row }) => {
      const id = `import:${crypto.randomUUID()}`;
      return {
        id, connectionId: account.connectionId, accountId: account.id, amountMinor: row.amountMinor, currency: row.currency, date: row.date,
        authorizedDate: null, description: row.description || row.memo || '(no description)', merchant: null, category: row.category, pending: false, pendingId: null,
        fitId: row.fitId, listKey: listKeyOf({ date: row.date, id }), removedAt: null, firstSeenAt: at, updatedAt: at,
      };
    });
    if (rows.length === 0) return { runId: null, added: 0, skipped: plan.duplicateCount, ids: [] };
    const changes: ChangeRow[] = rows.map((r) => ({ runId, connectionId: account.connectionId, txId: r.id, kind: 'added', fields: [], relatedId: null, at }));
    const run: SyncRunRow = {
      id: runId, connectionId: account.connectionId, trigger: 'manual', startedAt: (opts.startedAt ?? now).toISOString(), finishedAt: at,
      fromCursor: cursor.cursor, nextCursor: cursor.cursor, outcome: 'changes',
      added: rows.length, modified: 0, removed: 0, posted: 0, reidentified: 0, suggested: 0, pages: 0, restarts: 0,
      kind: 'import', importOf: { accountId: account.id, fileName: opts.fileName.slice(0, 200), format: opts.format },
    };
    await db.transactions.bulkAdd(rows);
    await addRunChanges(db, runId, account.connectionId, changes);
    await db.syncRuns.add(run);
    if (cursor.liveRows !== undefined) await db.cursors.update(account.connectionId, { liveRows: cursor.liveRows + rows.length });
    await moveManualBalances(db, new Map([[account.id, rows.reduce((s, r) => s + r.amountMinor, 0)]]), at);
    return { runId, added: rows.length, skipped: plan.duplicateCount, ids: rows.map((r) => r.id) };
  });
  notifyIndex(db, { ids: result.ids });
  return { runId: result.runId, added: result.added, skipped: result.skipped };
}
