/**
 * Pending → posted reconciliation: which pending authorizations leaving the live set in one update
 * became which posted rows arriving in it. Pure and order-independent in what it matches (the
 * update's pages are merged before it runs), so a pending removed on page 3 still pairs with the
 * posted row added on page 1.
 *
 * Tiers, strongest first; a row is matched at most once:
 *   1. link     — the provider says so (Plaid's pending_transaction_id).            confidence 1
 *   2. sameId   — the provider flipped `pending` on the row itself.                  confidence 1
 *   3. exact    — same account and currency, same amount, pending dated 0–8 days before the posted
 *                 row. Merged unless the merchants plainly differ or it is ambiguous. 0.9 (0.85 if
 *                 a name is unreadable); 0.5 as a suggestion
 *   4. fuelHold — a $1/$100-style hold at a fuel merchant (see fuelHold.ts) posting at another
 *                 amount within 5 days, same merchant. Merged only when the pair is unique both
 *                 ways and the names agree outright; otherwise a suggestion.       0.8 / 0.6
 *   5. tolerant — the posted amount 10% below to 30% above the pending one (tips, holds), same
 *                 direction, within 5 days, with merchant or leading description words agreeing.
 *                 Always only a suggestion: the user confirms or rejects it.       0.6
 * Within a tier, rows whose names agree come first, then the closest date wins, then input order.
 */
import { daysBetween, dayNumber } from '../isoDate';
import { isFuelHold } from './fuelHold';
import { compareMerchantKeys, merchantKeys, type MerchantVerdict, type Named } from './merchantKey';

export type MatchMethod = 'link' | 'sameId' | 'exact' | 'fuelHold' | 'tolerant';
/** Why a match was only suggested. */
export type SuggestReason = 'tolerantAmount' | 'fuelHold' | 'ambiguous' | 'merchantDiffers';

export interface ReconcileRow extends Named {
  id: string;
  accountId: string;
  currency: string;
  /** Signed minor units: positive = money in. */
  amountMinor: number;
  date: string;
  category: string | null;
  pending: boolean;
  /** On a posted row: the provider's link to its pending predecessor. */
  pendingId: string | null;
}

export interface ReconcileInput {
  /** Pending rows leaving the live set in this update: removed, or dropped by a replace scope. */
  leaving: readonly ReconcileRow[];
  /** Posted rows new in this update. */
  arriving: readonly ReconcileRow[];
  /** Rows that turned from pending to posted under their own id. */
  flipped?: readonly { before: ReconcileRow; after: ReconcileRow }[];
}

export interface PendingMatch {
  postedId: string;
  pendingId: string;
  method: MatchMethod;
  /** 0..1: how sure the match is. */
  confidence: number;
  /** Merge now (the posted row takes over the pending one), or only suggest it to the user. */
  merge: boolean;
  reason: SuggestReason | null;
  /** Days from the pending row's date to the posted row's. */
  daysToPost: number;
}

export const EXACT_WINDOW_DAYS = 8;
export const TOLERANT_WINDOW_DAYS = 5;
/** The posted amount may be this much below … */
export const TOLERANT_BELOW = 0.1;
/** … or this much above the pending one (in absolute value). */
export const TOLERANT_ABOVE = 0.3;

export const CONFIDENCE = {
  link: 1,
  sameId: 1,
  exact: 0.9,
  exactUnreadableName: 0.85,
  fuelHoldUnique: 0.8,
  tolerant: 0.6,
  fuelHold: 0.6,
  doubtful: 0.5,
} as const;

/**
 * Agreeing names outrank a closer date (a Starbucks charge belongs to yesterday's Starbucks
 * pending, not to today's Peet's one of the same amount); `same` and `similar` count alike here.
 */
const AGREEMENT: Record<MerchantVerdict, number> = { same: 0, similar: 0, unknown: 1, different: 2 };
/** Only a tie-break below the date. */
const CLOSENESS: Record<MerchantVerdict, number> = { same: 0, similar: 1, unknown: 2, different: 3 };

interface Indexed {
  row: ReconcileRow;
  index: number;
  day: number;
  /** Normalized names and the row's look-alike fingerprint: computed at most once, and only for rows that meet a candidate. */
  lazy?: { keys: string[]; fingerprint: string };
}

function named(x: Indexed): { keys: string[]; fingerprint: string } {
  if (!x.lazy) {
    const keys = merchantKeys(x.row);
    x.lazy = { keys, fingerprint: `${x.row.amountMinor}|${x.row.date}|${keys.join('/')}` };
  }
  return x.lazy;
}

interface Pair {
  posted: Indexed;
  pending: Indexed;
  gap: number;
  merchant: MerchantVerdict;
}

interface Pass {
  method: Exclude<MatchMethod, 'link' | 'sameId'>;
  windowDays: number;
  /** Narrows the candidates to a bucket within an account (the exact pass: the amount itself). */
  bucket?: (row: ReconcileRow) => string;
  /** Cheap checks on amounts, before any names are compared. */
  amountsFit(posted: ReconcileRow, pending: ReconcileRow): boolean;
  accepts(pair: Pair): boolean;
  /** Confidence, merge and reason for an accepted pair, given every pair the pass found. */
  judge(pair: Pair, all: PassCandidates): Pick<PendingMatch, 'confidence' | 'merge' | 'reason'>;
}

/** The pairs a pass found, by posted and by pending row, to judge uniqueness and ambiguity. */
interface PassCandidates {
  byPosted: Map<number, Pair[]>;
  byPending: Map<number, Pair[]>;
  claimed: { posted: Set<number>; pending: Set<number> };
}

const sameSign = (a: number, b: number) => Math.sign(a) === Math.sign(b) && a !== 0;

function withinTolerance(pendingMinor: number, postedMinor: number): boolean {
  const pending = Math.abs(pendingMinor);
  const posted = Math.abs(postedMinor);
  // Integers throughout: posted ∈ [0.9 × pending, 1.3 × pending].
  return posted * 10 >= pending * (10 - TOLERANT_BELOW * 10) && posted * 10 <= pending * (10 + TOLERANT_ABOVE * 10);
}

const agrees = (v: MerchantVerdict) => v === 'same' || v === 'similar';

/** Another still-open candidate, as good as this pair, that is a genuinely different row. */
function isAmbiguous(pair: Pair, all: PassCandidates): boolean {
  const rank = (p: Pair) => `${AGREEMENT[p.merchant]}|${p.gap}`;
  const tie = (p: Pair) => p !== pair && rank(p) === rank(pair);
  const rivalsForPosted = (all.byPosted.get(pair.posted.index) ?? []).filter(
    (p) => tie(p) && !all.claimed.pending.has(p.pending.index) && named(p.pending).fingerprint !== named(pair.pending).fingerprint,
  );
  const rivalsForPending = (all.byPending.get(pair.pending.index) ?? []).filter(
    (p) => tie(p) && !all.claimed.posted.has(p.posted.index) && named(p.posted).fingerprint !== named(pair.posted).fingerprint,
  );
  return rivalsForPosted.length > 0 || rivalsForPending.length > 0;
}

const PASSES: readonly Pass[] = [
  {
    method: 'exact',
    windowDays: EXACT_WINDOW_DAYS,
    bucket: (row) => String(row.amountMinor),
    amountsFit: (posted, pending) => posted.amountMinor === pending.amountMinor,
    accepts: () => true,
    judge(pair, all) {
      if (pair.merchant === 'different') return { confidence: CONFIDENCE.doubtful, merge: false, reason: 'merchantDiffers' };
      if (isAmbiguous(pair, all)) return { confidence: CONFIDENCE.doubtful, merge: false, reason: 'ambiguous' };
      const confidence = pair.merchant === 'unknown' ? CONFIDENCE.exactUnreadableName : CONFIDENCE.exact;
      return { confidence, merge: true, reason: null };
    },
  },
  {
    method: 'fuelHold',
    windowDays: TOLERANT_WINDOW_DAYS,
    amountsFit: (posted, pending) => posted.amountMinor < 0 && posted.amountMinor !== pending.amountMinor && isFuelHold(pending),
    accepts: ({ merchant }) => agrees(merchant),
    judge(pair, all) {
      // Two pumps at one station, or two fills in a week: only the user can tell which is which.
      const unique = (all.byPosted.get(pair.posted.index)?.length ?? 0) === 1 && (all.byPending.get(pair.pending.index)?.length ?? 0) === 1;
      return unique && pair.merchant === 'same'
        ? { confidence: CONFIDENCE.fuelHoldUnique, merge: true, reason: null }
        : { confidence: CONFIDENCE.fuelHold, merge: false, reason: 'fuelHold' };
    },
  },
  {
    method: 'tolerant',
    windowDays: TOLERANT_WINDOW_DAYS,
    amountsFit: (posted, pending) => sameSign(posted.amountMinor, pending.amountMinor) && withinTolerance(pending.amountMinor, posted.amountMinor),
    accepts: ({ merchant }) => agrees(merchant),
    judge: () => ({ confidence: CONFIDENCE.tolerant, merge: false, reason: 'tolerantAmount' }),
  },
];

const groupKey = (row: ReconcileRow) => `${row.accountId}\u0000${row.currency}`;

function indexRows(rows: readonly ReconcileRow[]): Indexed[] {
  return rows.map((row, index) => ({ row, index, day: dayNumber(row.date) }));
}

/** Unclaimed pendings by account, currency and the pass's bucket, each list sorted by date. */
function groupPendings(pass: Pass, pendings: readonly Indexed[], claimed: ReadonlySet<number>): Map<string, Indexed[]> {
  const groups = new Map<string, Indexed[]>();
  for (const q of pendings) if (!claimed.has(q.index)) push(groups, passKey(pass, q.row), q);
  for (const group of groups.values()) group.sort((a, b) => a.day - b.day || a.index - b.index);
  return groups;
}

const passKey = (pass: Pass, row: ReconcileRow) => `${groupKey(row)}\u0000${pass.bucket?.(row) ?? ''}`;

/** First position in `sorted` (by day) whose day is ≥ `day`. */
function lowerBound(sorted: readonly Indexed[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Indexed).day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The pass's candidate pairs among unclaimed rows: per posted row, a binary search into its
 * account's pendings for the date window; amounts are checked before names are compared.
 */
function candidates(pass: Pass, posted: readonly Indexed[], pendings: readonly Indexed[], claimed: PassCandidates['claimed']): Pair[] {
  const groups = groupPendings(pass, pendings, claimed.pending);
  const pairs: Pair[] = [];
  for (const p of posted) {
    if (claimed.posted.has(p.index)) continue;
    const group = groups.get(passKey(pass, p.row));
    if (!group) continue;
    for (let i = lowerBound(group, p.day - pass.windowDays); i < group.length; i++) {
      const q = group[i] as Indexed;
      if (q.day > p.day) break; // a pending row is dated on or before the posted one
      if (!pass.amountsFit(p.row, q.row)) continue;
      const pair: Pair = { posted: p, pending: q, gap: p.day - q.day, merchant: compareMerchantKeys(named(p).keys, named(q).keys) };
      if (pass.accepts(pair)) pairs.push(pair);
    }
  }
  return pairs;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function reconcilePending(input: ReconcileInput): PendingMatch[] {
  const matches: PendingMatch[] = [];
  const pendings = indexRows(input.leaving.filter((r) => r.pending));
  const posted = indexRows(input.arriving.filter((r) => !r.pending));
  const claimed = { posted: new Set<number>(), pending: new Set<number>() };

  // 1. The provider's own link, wherever in the update each half arrived.
  const pendingById = new Map(pendings.map((q) => [q.row.id, q]));
  for (const p of posted) {
    const q = p.row.pendingId === null ? undefined : pendingById.get(p.row.pendingId);
    if (!q || claimed.pending.has(q.index)) continue;
    claimed.posted.add(p.index);
    claimed.pending.add(q.index);
    matches.push({ postedId: p.row.id, pendingId: q.row.id, method: 'link', confidence: CONFIDENCE.link, merge: true, reason: null, daysToPost: p.day - q.day });
  }

  // 2. Updated in place: the row is its own predecessor.
  for (const { before, after } of input.flipped ?? []) {
    if (!before.pending || after.pending) continue;
    matches.push({
      postedId: after.id, pendingId: before.id, method: 'sameId', confidence: CONFIDENCE.sameId, merge: true, reason: null,
      daysToPost: daysBetween(before.date, after.date),
    });
  }

  // 3–5. Heuristics, for rows the provider did not link.
  if (claimed.pending.size === pendings.length) return matches; // nothing left to pair (a first sync, say)
  for (const pass of PASSES) {
    const pairs = candidates(pass, posted, pendings, claimed);
    if (pairs.length === 0) continue;
    const all: PassCandidates = { byPosted: new Map(), byPending: new Map(), claimed };
    for (const pair of pairs) {
      push(all.byPosted, pair.posted.index, pair);
      push(all.byPending, pair.pending.index, pair);
    }
    pairs.sort((a, b) => AGREEMENT[a.merchant] - AGREEMENT[b.merchant] || a.gap - b.gap
      || CLOSENESS[a.merchant] - CLOSENESS[b.merchant] || a.posted.index - b.posted.index || a.pending.index - b.pending.index);
    for (const pair of pairs) {
      if (claimed.posted.has(pair.posted.index) || claimed.pending.has(pair.pending.index)) continue;
      const verdict = pass.judge(pair, all);
      claimed.posted.add(pair.posted.index);
      claimed.pending.add(pair.pending.index);
      matches.push({ postedId: pair.posted.row.id, pendingId: pair.pending.row.id, method: pass.method, ...verdict, daysToPost: pair.gap });
    }
  }
  return matches;
}
