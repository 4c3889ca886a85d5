/**
 * The change log, stored packed: a run's changes go into `changeSets` records of up to
 * CHANGE_SET_SIZE changes each, in the order the run recorded them, instead of one record per
 * change. An IndexedDB request costs about the same whatever it carries (issue 17's profiles: a
 * 1k-row sync spent more on its 1,000 change `add`s than the floor's 1,000 row `put`s take), so a
 * 1k-change sync now writes 2 change records, not 1,000.
 *
 * Every reader and writer of the log goes through this module; the rest of the app still sees
 * ChangeRow values. Each change gets a `seq` derived from its set's auto-increment key and its place
 * in the set (`setSeq × SEQ_SPAN + index`): ever-growing in write order, as the per-row keys were,
 * so "changes after this run" and newest-first orders still hold. A change that is taken out
 * (resolveSuggestion's confirm drops the pending's "removed") leaves a `null` in its slot so the
 * others keep their seq, and can be put back in the same slot (its undo).
 *
 * The multi-entry `txIds` index (every row id the set has a change for) answers "the changes of
 * these rows" with one read per set that holds them.
 */
import type { ChangeRow, ChangeSetRow, LedgerlineDb, StoredChange } from './schema';

/** Changes per record: a 1k sync is 2 records; a first screen of the Changes view reads one or two. */
export const CHANGE_SET_SIZE = 500;
/** Seq numbers per set: more than CHANGE_SET_SIZE, so a change's seq names its set and slot. */
export const SEQ_SPAN = 512;

/** Sets per read of a whole run: 2,000 changes. */
const SETS_PER_READ = 4;

const seqOf = (setSeq: number, index: number) => setSeq * SEQ_SPAN + index;
const setSeqOf = (seq: number) => Math.floor(seq / SEQ_SPAN);

function unpack(set: ChangeSetRow): ChangeRow[] {
  const out: ChangeRow[] = [];
  const base = set.seq ?? 0;
  set.changes.forEach((c, i) => {
    if (c) out.push({ ...c, seq: seqOf(base, i), runId: set.runId, connectionId: set.connectionId });
  });
  return out;
}

const stored = ({ seq: _seq, runId: _runId, connectionId: _connectionId, ...rest }: ChangeRow): StoredChange => rest;

const txIdsOf = (changes: readonly (StoredChange | null)[]) => [...new Set(changes.flatMap((c) => (c ? [c.txId] : [])))];

/** The sets holding one run's changes (all of them the same run's: a run is written once). */
export function packRun(runId: string, connectionId: string, changes: readonly ChangeRow[]): ChangeSetRow[] {
  const sets: ChangeSetRow[] = [];
  for (let i = 0; i < changes.length; i += CHANGE_SET_SIZE) {
    const part = changes.slice(i, i + CHANGE_SET_SIZE).map(stored);
    sets.push({ runId, connectionId, txIds: txIdsOf(part), changes: part });
  }
  return sets;
}

/** Writes a run's changes (inside the caller's transaction); a run with none writes nothing. */
export function addRunChanges(db: LedgerlineDb, runId: string, connectionId: string, changes: readonly ChangeRow[]): Promise<unknown> {
  const sets = packRun(runId, connectionId, changes);
  return sets.length === 0 ? Promise.resolve() : db.changeSets.bulkAdd(sets);
}

/**
 * One run's changes in the order recorded. With `limit`, only the first (or with `fromEnd`, the
 * last) `limit` changes, read set by set from that end.
 */
export async function runChanges(db: LedgerlineDb, runId: string, opts: { limit?: number; fromEnd?: boolean } = {}): Promise<ChangeRow[]> {
  const byRun = db.changeSets.where('runId').equals(runId);
  if (opts.limit === undefined) {
    // A large run is read a few sets at a time, so the page can paint between the reads.
    const keys = await byRun.primaryKeys();
    const out: ChangeRow[] = [];
    for (let i = 0; i < keys.length; i += SETS_PER_READ) {
      for (const set of await db.changeSets.bulkGet(keys.slice(i, i + SETS_PER_READ))) if (set) out.push(...unpack(set));
    }
    return out;
  }
  const sets = await (opts.fromEnd ? byRun.reverse() : byRun).limit(Math.ceil(opts.limit / CHANGE_SET_SIZE) + 1).toArray();
  if (opts.fromEnd) sets.reverse();
  const all = sets.flatMap(unpack);
  return opts.fromEnd ? all.slice(Math.max(0, all.length - opts.limit)) : all.slice(0, opts.limit);
}

/** Every change of these runs (any order of runs; each run's in the order recorded). */
export async function runsChanges(db: LedgerlineDb, runIds: readonly string[]): Promise<ChangeRow[]> {
  if (runIds.length === 0) return [];
  return (await db.changeSets.where('runId').anyOf([...runIds]).toArray()).flatMap(unpack);
}

/** Every change recorded for these row ids, in seq order. */
export async function changesOfRows(db: LedgerlineDb, txIds: readonly string[]): Promise<ChangeRow[]> {
  if (txIds.length === 0) return [];
  const wanted = new Set(txIds);
  const sets = await db.changeSets.where('txIds').anyOf([...wanted]).distinct().toArray();
  return sets.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).flatMap(unpack).filter((c) => wanted.has(c.txId));
}

/** Every change recorded after the one numbered `seq`, in seq order. */
export async function changesAfter(db: LedgerlineDb, seq: number): Promise<ChangeRow[]> {
  const from = setSeqOf(seq);
  return (await db.changeSets.where(':id').aboveOrEqual(from).toArray()).flatMap(unpack).filter((c) => (c.seq ?? 0) > seq);
}

/** Every change stored, in seq order (tests, and the rare whole-log reader). */
export async function allChanges(db: LedgerlineDb): Promise<ChangeRow[]> {
  return (await db.changeSets.toArray()).flatMap(unpack);
}

/**
 * Rewrites one change in place (`patch` merged in), or takes it out (`null`: its slot stays
 * empty). Inside the caller's transaction. False when there is no such change.
 */
export async function updateChange(db: LedgerlineDb, seq: number, patch: Partial<StoredChange> | null): Promise<boolean> {
  const set = await db.changeSets.get(setSeqOf(seq));
  const index = seq - setSeqOf(seq) * SEQ_SPAN;
  const current = set?.changes[index];
  if (!set || !current) return false;
  const changes = [...set.changes];
  changes[index] = patch === null ? null : { ...current, ...patch };
  await db.changeSets.put({ ...set, changes, txIds: txIdsOf(changes) });
  return true;
}

/** Puts a change back exactly as it was read (its seq names the slot): undoes `updateChange`. */
export async function restoreChange(db: LedgerlineDb, change: ChangeRow): Promise<boolean> {
  if (change.seq === undefined) return false;
  const set = await db.changeSets.get(setSeqOf(change.seq));
  const index = change.seq - setSeqOf(change.seq) * SEQ_SPAN;
  if (!set || set.runId !== change.runId || index >= set.changes.length) return false;
  const changes = [...set.changes];
  changes[index] = stored(change);
  await db.changeSets.put({ ...set, changes, txIds: txIdsOf(changes) });
  return true;
}

/** Deletes every change of these runs (a purge). */
export function deleteRunsChanges(db: LedgerlineDb, runIds: readonly string[]): Promise<number> {
  return db.changeSets.where('runId').anyOf([...runIds]).delete();
}
