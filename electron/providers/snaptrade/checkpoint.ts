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
}

export interface Checkpoint {
  v: 1;
  /** The authorization it belongs to: a checkpoint from another connection is ignored. */
  auth: string;
  accounts: Record<string, AccountMark>;
  /** The compact form (see encodeCheckpoint): one mark for all accounts, valid only for the same set of accounts. */
  all?: AccountMark & { ids: string };
}

const MarkSchema = z.object({ s: z.string().regex(DATE).nullable(), f: z.string().regex(DATE) });
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
  const all = {
    s: watermarks.some((w) => w === null) ? null : earliest(watermarks as string[]),
    f: earliest(marks.map((m) => m.f)),
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
  return all !== undefined && all.ids === digestOf(accountIds) ? { s: all.s, f: all.f } : undefined;
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
  if (mark === undefined || mark.s === null || watermark === null || daysBetween(mark.f, today) >= fullEvery) {
    return { full: true, from: null, startDate: null };
  }
  // A watermark that moved back (SnapTrade re-did a sync) must widen the window, never narrow it.
  const anchor = watermark < mark.s ? watermark : mark.s;
  const from = addDays(anchor, -overlap);
  return { full: false, from, startDate: addDays(from, -1) };
}

/** The mark to store after reading `window` of an account whose watermark was `watermark`. */
export function nextMark(mark: AccountMark | undefined, window: ActivityWindow, watermark: string | null, today: string): AccountMark {
  return { s: watermark, f: window.full || mark === undefined ? today : mark.f };
}
