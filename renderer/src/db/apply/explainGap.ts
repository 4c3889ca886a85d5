/**
 * The rows that most likely explain why a bank's balance and the stored rows disagree, for the
 * balance check (balanceCheck.ts). Three kinds, each with the part of the gap (bank − rows) it
 * would account for:
 * - a stale pending (past the posting window, ui/stalePending.ts) that the bank may already count
 *   as posted while the row here is still pending: its amount;
 * - a posted row the provider removed recently (a real removal, not a re-identified row) that the
 *   bank may still count: its amount;
 * - a duplicate-looking pair of posted rows (same amount and description, dated within 3 days)
 *   that the bank may count once: minus the amount.
 * Ranked by how well their amounts explain the gap: a set of up to three rows whose amounts add up
 * to the gap exactly comes first, then the rest by how close each alone comes (leaving out, outside
 * the exact set, rows that would only widen it). A guess only: it is
 * shown to the user, never acted on. Reads are bounded: the account's live pendings (an index
 * range) and its rows of the last 60 days.
 */
import { daysBetween, localDate } from '../../../../shared/isoDate';
import { STALE_PENDING_DAYS } from '../../ui/stalePending';
import { changesOfRows } from '../changeLog';
import { pendingKeyRange } from '../keys';
import type { BalanceExplanation, LedgerlineDb, TransactionRow } from '../schema';

/** How far back removals and duplicates are looked for. */
const RECENT_DAYS = 60;
/** Two look-alike rows further apart than this are two purchases, not a duplicate. */
const DUPLICATE_DAYS = 3;
const MAX_CANDIDATES = 16;
const MAX_SHOWN = 6;
const MAX_SUBSET = 3;

export interface GapQuestion {
  accountId: string;
  currency: string;
  /** Bank − rows, in minor units of `currency`. */
  gapMinor: number;
  /** The check's instant (ISO); "today" is its local calendar day. */
  now: string;
}

type Candidate = Omit<BalanceExplanation, 'exact'>;

const dayBefore = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export async function explainGap(db: LedgerlineDb, q: GapQuestion): Promise<BalanceExplanation[]> {
  const today = localDate(new Date(q.now));
  const candidates: Candidate[] = [];
  const describe = (r: TransactionRow) => r.merchant ?? r.description;

  // Stale pendings: live pendings dated more than STALE_PENDING_DAYS before today.
  const [lo, hi] = pendingKeyRange(q.accountId, null, dayBefore(today, STALE_PENDING_DAYS + 1));
  const stale = await db.transactions.where('pendingKey').between(lo, hi, true, true).toArray();
  for (const r of stale) {
    if (r.currency === q.currency && r.removedAt === null && daysBetween(r.date, today) > STALE_PENDING_DAYS) {
      candidates.push({ kind: 'stalePending', txIds: [r.id], explainsMinor: r.amountMinor, date: r.date, description: describe(r) });
    }
  }

  const recentFrom = dayBefore(today, RECENT_DAYS);
  const recent = (await db.transactions.where('[accountId+date]').between([q.accountId, recentFrom], [q.accountId, '\uffff'], true, true).toArray())
    .filter((r) => r.currency === q.currency && !r.pending);

  // Removals: posted tombstones removed in the window whose change says "removed" (a row that was
  // re-identified or merged left a tombstone too, but its amount is still counted under the new id).
  const removedAfter = `${recentFrom}T00:00:00.000Z`;
  const tombstones = recent.filter((r) => r.removedAt !== null && r.removedAt >= removedAfter);
  if (tombstones.length > 0) {
    const removedIds = new Set(
      (await changesOfRows(db, tombstones.map((r) => r.id))).filter((c) => c.kind === 'removed').map((c) => c.txId),
    );
    for (const r of tombstones) {
      if (removedIds.has(r.id)) candidates.push({ kind: 'removed', txIds: [r.id], explainsMinor: r.amountMinor, date: r.date, description: describe(r) });
    }
  }

  // Duplicates: live posted look-alikes within DUPLICATE_DAYS of each other.
  const live = recent.filter((r) => r.removedAt === null).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const byLook = new Map<string, TransactionRow[]>();
  for (const r of live) {
    const look = `${r.amountMinor}\u0000${r.description.trim().toLowerCase()}`;
    const same = byLook.get(look) ?? [];
    const earlier = same.find((s) => daysBetween(s.date, r.date) <= DUPLICATE_DAYS);
    if (earlier) candidates.push({ kind: 'duplicate', txIds: [r.id, earlier.id], explainsMinor: -r.amountMinor, date: r.date, description: describe(r) });
    same.push(r);
    byLook.set(look, same);
  }

  return rank(candidates, q.gapMinor);
}

/** The exact set first (smallest, then closest candidates), then the rest by how close each comes alone. */
export function rank(candidates: readonly Candidate[], gap: number): BalanceExplanation[] {
  const byFit = [...candidates].sort((a, b) => Math.abs(gap - a.explainsMinor) - Math.abs(gap - b.explainsMinor) || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const pool = byFit.slice(0, MAX_CANDIDATES);
  const exact = exactSubset(pool, gap);
  const inExact = new Set(exact);
  // Outside the exact set, a row that would widen the gap (the other sign) explains nothing.
  const helps = (c: Candidate) => Math.sign(c.explainsMinor) === Math.sign(gap);
  const ordered = [...exact.map((i) => pool[i] as Candidate), ...pool.filter((c, i) => !inExact.has(i) && helps(c))];
  return ordered.slice(0, Math.max(MAX_SHOWN, exact.length)).map((c, i) => ({ ...c, exact: i < exact.length }));
}

/** Indexes of the smallest set of candidates (up to MAX_SUBSET) whose amounts add up to `gap`. */
function exactSubset(pool: readonly Candidate[], gap: number): number[] {
  const amounts = pool.map((c) => c.explainsMinor);
  for (let size = 1; size <= MAX_SUBSET; size++) {
    const found = search(amounts, gap, size, 0, []);
    if (found) return found;
  }
  return [];
}

function search(amounts: readonly number[], remaining: number, size: number, from: number, chosen: number[]): number[] | null {
  if (chosen.length === size) return remaining === 0 ? chosen : null;
  for (let i = from; i < amounts.length; i++) {
    const found = search(amounts, remaining - (amounts[i] as number), size, i + 1, [...chosen, i]);
    if (found) return found;
  }
  return null;
}
