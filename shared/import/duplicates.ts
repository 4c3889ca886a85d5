/**
 * Which rows of an imported file are already in the account, or twice in the file — found before
 * anything is written, so the preview can show them (and skip them by default).
 *
 * Against stored rows (the caller passes the rows of the one account being imported into):
 * - always the same currency and the same amount, to the minor unit;
 * - both rows have a FITID: the same FITID within the window → `certain`; different FITIDs are
 *   different rows (the bank says so), however alike. The window also guards against banks that
 *   reuse short FITIDs ("1", "2"… per statement) across months;
 * - otherwise (a synced row has no FITID; a CSV rarely has one): dates at most `windowDays` apart
 *   (default 3: a bank's statement date and an aggregator's posted date differ by a day or two
 *   around weekends) and the names agree by shared/reconcile/merchantKey.ts (`same` → `likely`,
 *   `similar` → `possible`; "SQ *BLUE BOTTLE #12" and "Blue Bottle Coffee" agree). When one side
 *   has no name to compare (all digits), only the same day counts → `possible`;
 * - one to one: a stored row is matched at most once, so a file with two equal coffees against
 *   one stored coffee marks one of them. Pairs are taken best first: certain before likely before
 *   possible, fewer days apart first, then by the rows' content — never by their position, so the
 *   answer does not depend on the order of either list.
 *
 * Within the file: the same FITID twice (with the same amount) → `certain` (overlapping exports
 * glued together); without FITIDs, the same date, amount and name → `possible` only (two equal
 * coffees on one day are real). The first of a group, by content, is kept. A `certain` in-file
 * duplicate is left out of the stored matching; a `possible` one takes part like any row.
 */
import { compareMerchantKeys, merchantKeys } from '../reconcile/merchantKey';
import { dayNumber } from '../isoDate';

export interface FileRowLike {
  date: string;
  amountMinor: number;
  currency: string;
  description: string;
  fitId: string | null;
}

export interface StoredRowLike extends FileRowLike {
  id: string;
  merchant: string | null;
}

export type Confidence = 'certain' | 'likely' | 'possible';

export type Verdict =
  | { kind: 'stored'; storedId: string; confidence: Confidence; reason: 'fitid' | 'description' | 'amountDate'; dayDiff: number }
  | { kind: 'file'; ofIndex: number; confidence: Confidence; reason: 'fitid' | 'identical' };

export interface DuplicateOptions {
  /** How many days apart a row and its duplicate may be (default 3). */
  windowDays?: number;
}

const RANK: Record<Confidence, number> = { certain: 0, likely: 1, possible: 2 };

/** The content of a row, for ordering that does not depend on positions. */
function contentKey(r: FileRowLike): string {
  return [r.date, r.currency, String(r.amountMinor), r.fitId ?? '', r.description].join('\u0000');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One verdict per file row (null = new), in the order of `file`. */
export function findDuplicates(file: readonly FileRowLike[], stored: readonly StoredRowLike[], opts: DuplicateOptions = {}): (Verdict | null)[] {
  const window = opts.windowDays ?? 3;
  const verdicts: (Verdict | null)[] = file.map(() => null);
  const keys = file.map(contentKey);
  const fileNames = file.map((r) => merchantKeys({ description: r.description, merchant: null }));

  // ── Within the file ──
  const order = file.map((_, i) => i).sort((a, b) => compareText(keys[a]!, keys[b]!) || a - b);
  const firstByFitId = new Map<string, number>();
  const firstByContent = new Map<string, number>();
  for (const i of order) {
    const r = file[i]!;
    if (r.fitId) {
      const key = `${r.fitId}\u0000${r.currency}\u0000${r.amountMinor}`;
      const first = firstByFitId.get(key);
      if (first === undefined) firstByFitId.set(key, i);
      else verdicts[i] = { kind: 'file', ofIndex: first, confidence: 'certain', reason: 'fitid' };
    } else {
      const key = [r.date, r.currency, r.amountMinor, fileNames[i]!.join('|') || r.description].join('\u0000');
      const first = firstByContent.get(key);
      if (first === undefined) firstByContent.set(key, i);
      else verdicts[i] = { kind: 'file', ofIndex: first, confidence: 'possible', reason: 'identical' };
    }
  }

  // ── Against the stored rows ──
  interface Pair { file: number; stored: number; confidence: Confidence; reason: 'fitid' | 'description' | 'amountDate'; dayDiff: number }
  const byAmount = new Map<string, number[]>();
  stored.forEach((s, k) => {
    const key = `${s.currency}\u0000${s.amountMinor}`;
    const list = byAmount.get(key);
    if (list) list.push(k);
    else byAmount.set(key, [k]);
  });
  const storedNames = new Map<number, string[]>();
  const namesOf = (k: number) => {
    let n = storedNames.get(k);
    if (!n) storedNames.set(k, (n = merchantKeys(stored[k]!)));
    return n;
  };
  const pairs: Pair[] = [];
  // Day numbers once per row: Date.parse per pair was most of the time (5k × 100k rows: 4 s).
  const storedDays = stored.map((s) => dayNumber(s.date));
  file.forEach((r, i) => {
    const fileDay = dayNumber(r.date);
    if (verdicts[i]?.confidence === 'certain') return;
    for (const k of byAmount.get(`${r.currency}\u0000${r.amountMinor}`) ?? []) {
      const s = stored[k]!;
      const dayDiff = Math.abs(storedDays[k]! - fileDay);
      if (!(dayDiff <= window)) continue;
      if (r.fitId && s.fitId) {
        if (r.fitId === s.fitId) pairs.push({ file: i, stored: k, confidence: 'certain', reason: 'fitid', dayDiff });
        continue;
      }
      const names = compareMerchantKeys(fileNames[i]!, namesOf(k));
      if (names === 'same') pairs.push({ file: i, stored: k, confidence: 'likely', reason: 'description', dayDiff });
      else if (names === 'similar') pairs.push({ file: i, stored: k, confidence: 'possible', reason: 'description', dayDiff });
      else if (names === 'unknown' && dayDiff === 0) pairs.push({ file: i, stored: k, confidence: 'possible', reason: 'amountDate', dayDiff });
    }
  });
  pairs.sort((a, b) =>
    RANK[a.confidence] - RANK[b.confidence]
    || a.dayDiff - b.dayDiff
    || compareText(keys[a.file]!, keys[b.file]!)
    || compareText(stored[a.stored]!.id, stored[b.stored]!.id)
    || a.file - b.file);
  const usedFile = new Set<number>();
  const usedStored = new Set<number>();
  for (const p of pairs) {
    if (usedFile.has(p.file) || usedStored.has(p.stored)) continue;
    usedFile.add(p.file);
    usedStored.add(p.stored);
    // A stored match says more than a possible in-file one: the row is in the account already.
    verdicts[p.file] = { kind: 'stored', storedId: stored[p.stored]!.id, confidence: p.confidence, reason: p.reason, dayDiff: p.dayDiff };
  }
  return verdicts;
}
