/**
 * SnapTrade has no cursor, so the adapter synthesizes one: a checkpoint of each account's sync
 * watermark (`sync_status.transactions.last_successful_sync`) as of the pull that produced it.
 * The renderer stores it like a cursor, atomically with the rows, so the next pull knows which
 * trailing window it must re-read. Opaque on the outside: base64url JSON
 * `{ v: 1, auth, accounts: { [accountId]: { s: watermark | null, f: date of last full read } } }`.
 *
 * The window. SnapTrade may re-issue an activity under a new id, delete one without a trace, or
 * back-fill one days late, but only recently; so each pull re-reads everything from the previous
 * watermark minus OVERLAP_DAYS and restates that window (rows in it that were not returned are
 * gone). To catch rarer, deeper reprocessing, every FULL_EVERY_DAYS the whole history is re-read.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const OVERLAP_DAYS = 7;
export const FULL_EVERY_DAYS = 30;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface AccountMark {
  /** The account's watermark when last read; null while SnapTrade had none. */
  s: string | null;
  /** When the whole history was last read. */
  f: string;
  /**
   * The latest date of a row with no `trade_date` (dated by its settlement date) read since the
   * last full read; null when there is none. A windowed read cannot see such rows (below), so
   * its replace scope must start after this date. Absent only in checkpoints written before
   * issue 14, which know nothing of such rows: their next read is a full one (windowFor).
   */
  n?: string | null;
  /** A windowed read of this account once returned a row with no trade date (see scopeFrom). */
  u?: true;
}

export interface Checkpoint {
  v: 1;
  /** The authorization it belongs to: a checkpoint from another connection is ignored. */
  auth: string;
  accounts: Record<string, AccountMark>;
  /** The compact form (see encodeCheckpoint): one mark for all accounts, valid only for the same set of accounts. */
  all?: AccountMark & { ids: string };
}

const MarkSchema = z.object({ s: z.string().regex(DATE).nullable(), f: z.string().regex(DATE), n: z.string().regex(DATE).nullable().optional(), u: z.literal(true).optional() });
const CheckpointSchema = z.object({
  v: z.literal(1),
  auth: z.string().min(1),
  accounts: z.record(z.string(), MarkSchema),
  all: MarkSchema.extend({ ids: z.string() }).optional(),
});

/** A short digest of a set of account ids. */
const digestOf = (accountIds: readonly string[]): string => createHash('sha256').update([...accountIds].sort().join('\n')).digest('base64url').slice(0, 16);

/** The IPC contract's limit on a cursor (`sync:pull`'s `cursor`, shared/ipc/contract.ts). */
export const MAX_CURSOR_CHARS = 4096;

const encode = (checkpoint: Checkpoint): string => Buffer.from(JSON.stringify(checkpoint)).toString('base64url');
const earliest = (dates: readonly string[]): string => dates.reduce((a, b) => (b < a ? b : a));

/**
 * The cursor text for the marks of a pull's accounts. A connection with very many accounts (each
 * mark is ~90 characters) would outgrow what the renderer may send back, so the marks then
 * collapse into one — the earliest watermark and the earliest full read, which can only widen a
 * window — tied to a digest of the account set: an account added later has no mark and is read
 * in full.
 */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  const full = encode(checkpoint);
  const marks = Object.values(checkpoint.accounts);
  if (full.length <= MAX_CURSOR_CHARS || marks.length === 0) return full;
  const watermarks = marks.map((m) => m.s);
  const undated = marks.map((m) => m.n).filter((n): n is string => typeof n === 'string');
  const all = {
    s: watermarks.some((w) => w === null) ? null : earliest(watermarks as string[]),
    f: earliest(marks.map((m) => m.f)),
    // The latest, which can only narrow a window's replace scope (never tombstone more).
    ...(marks.some((m) => m.n === undefined) ? {} : { n: undated.length === 0 ? null : undated.reduce((a, b) => (b > a ? b : a)) }),
    ...(marks.every((m) => m.u === true) ? { u: true as const } : {}),
    ids: digestOf(Object.keys(checkpoint.accounts)),
  };
  return encode({ v: 1, auth: checkpoint.auth, accounts: {}, all });
}

/** The mark a checkpoint holds for one of `accountIds` (the connection's accounts now). */
export function markOf(checkpoint: Checkpoint | null, accountId: string, accountIds: readonly string[]): AccountMark | undefined {
  if (checkpoint === null) return undefined;
  const own = checkpoint.accounts[accountId];
  if (own !== undefined) return own;
  const all = checkpoint.all;
  return all !== undefined && all.ids === digestOf(accountIds)
    ? { s: all.s, f: all.f, ...(all.n === undefined ? {} : { n: all.n }), ...(all.u === true ? { u: true as const } : {}) }
    : undefined;
}

/**
 * The checkpoint a cursor holds, or null when there is none or it is unusable (another format or
 * connection): the pull then reads everything, which is always correct, only slower.
 */
export function decodeCheckpoint(cursor: string | null, authorizationId: string): Checkpoint | null {
  if (cursor === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = CheckpointSchema.safeParse(value);
  if (!parsed.success || parsed.data.auth !== authorizationId) return null;
  return parsed.data;
}

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export interface ActivityWindow {
  /** True: the whole history is read and restated. */
  full: boolean;
  /** The first date the update restates (its replace scope's `from`); null with `full`. */
  from: string | null;
  /**
   * The `startDate` to request: a day before `from`, because SnapTrade filters by the trade
   * date-time in its own time zone while rows are dated as the brokerage wrote them; a row the
   * update restates must never be missing from the request only for being near midnight.
   */
  startDate: string | null;
}

export interface WindowOptions {
  overlapDays?: number;
  fullEveryDays?: number;
}

/**
 * Which window of an account to re-read, from its previous mark, its current watermark, and
 * today (UTC). Full history when there is no usable previous mark, when SnapTrade reports no
 * watermark, or when the last full read is FULL_EVERY_DAYS old.
 */
export function windowFor(mark: AccountMark | undefined, watermark: string | null, today: string, options: WindowOptions = {}): ActivityWindow {
  const overlap = options.overlapDays ?? OVERLAP_DAYS;
  const fullEvery = options.fullEveryDays ?? FULL_EVERY_DAYS;
  // A mark without `n` predates issue 14: rows with no trade date may be stored that it never
  // recorded, and a window could tombstone them; one full read records them.
  if (mark === undefined || mark.s === null || mark.n === undefined || watermark === null || daysBetween(mark.f, today) >= fullEvery) {
    return { full: true, from: null, startDate: null };
  }
  // A watermark that moved back (SnapTrade re-did a sync) must widen the window, never narrow it.
  const anchor = watermark < mark.s ? watermark : mark.s;
  const from = addDays(anchor, -overlap);
  return { full: false, from, startDate: addDays(from, -1) };
}

/**
 * The mark to store after reading `window` of an account whose watermark was `watermark`;
 * `undated` is the latest date among this read's rows that had no `trade_date` (null: none).
 */
export function nextMark(mark: AccountMark | undefined, window: ActivityWindow, watermark: string | null, today: string, undated: string | null = null): AccountMark {
  // A full read sees every row, so it starts the record afresh; a windowed one adds to it.
  const previous = window.full ? null : mark?.n ?? null;
  const n = previous === null ? undated : undated === null || previous > undated ? previous : undated;
  const u = mark?.u === true || (!window.full && undated !== null);
  return { s: watermark, f: window.full || mark === undefined ? today : mark.f, n, ...(u ? { u: true as const } : {}) };
}

/**
 * The first date a read of `window` may restate. SnapTrade's `startDate` is documented as "the
 * first transaction known to SnapTrade based on `trade_date`": it filters on the trade date, so a
 * row whose `trade_date` is null (we date it by its settlement date) is presumably never returned
 * by a windowed read (UNVERIFIED either way; the demo bank takes this reading). Restating a window
 * that holds such a row would tombstone it — for good. So the scope starts after the latest such
 * row this account has had since its last full read (`mark.n`); rows between the window's start
 * and that date lose deletion detection until the next full read (FULL_EVERY_DAYS), which
 * restates everything. Once a windowed read has returned such a row (this read: `undated`; an
 * earlier one: `mark.u`), SnapTrade evidently includes them in windows and the whole window is
 * restated again.
 */
export function scopeFrom(window: ActivityWindow, mark: AccountMark | undefined, undated: string | null): string | null {
  if (window.full || window.from === null) return window.from;
  if (mark?.u === true || undated !== null) return window.from;
  let from = window.from;
  for (const date of [mark?.n ?? null, undated]) {
    if (date !== null && date >= from) from = addDays(date, 1);
  }
  return from;
}
