/**
 * Transfers between the user's own accounts: an outflow in one account and an inflow of the same
 * amount and currency in another, a few days apart — a savings transfer, a credit-card payment
 * from checking (the card shows "payment received"), a brokerage contribution — across
 * connections and providers alike (every account Ledgerline holds is the user's).
 *
 * Pure and deterministic: the same rows in any order give the same pairs. Candidates are found
 * per (currency, amount) bucket, so the cost is linear in the rows plus the few same-amount
 * opposites near each outflow; pairs are chosen greedily by (confidence, day gap, ids), each row
 * in at most one pair. Hand-written because no library pairs ledger rows; the scoring is small
 * and its reasons are shown to the user.
 */
import { dayNumber, daysBetween } from '../isoDate';

/** What the detector needs of a transaction (a ledger index record has all of it). */
export interface TransferSource {
  id: string;
  accountId: string;
  /** Positive = money into the account. */
  amountMinor: number;
  currency: string;
  date: string;
  pending: boolean;
  /** The merchant as shown, else the description. */
  merchant: string;
  /** The effective category id (`transfer` for the provider's transfer and card-payment ones). */
  category?: string;
}

export type AccountKindLike = 'depository' | 'credit' | 'loan' | 'investment' | 'other';

export type TransferReason =
  | 'sameDay'
  | 'nextDays'
  | 'cardPayment'
  | 'loanPayment'
  | 'contribution'
  | 'transferWords'
  | 'transferCategory'
  | 'otherConnection'
  | 'sameConnection'
  | 'ambiguous';

export interface TransferPair {
  /** `outId|inId`: stable while both rows exist. */
  id: string;
  outId: string;
  inId: string;
  /** The amount moved (positive), in `currency`. */
  amountMinor: number;
  currency: string;
  outDate: string;
  inDate: string;
  /** 0..1. */
  confidence: number;
  reasons: TransferReason[];
}

/** How far apart the two sides may be dated (inflow after outflow; one day before is allowed too). */
export const MAX_TRANSFER_DAYS = 5;
const MAX_EARLY_DAYS = 1;
/** At or above this a detected pair counts as a transfer until the user says otherwise. */
export const CONFIDENT_TRANSFER = 0.75;

const TRANSFER_WORDS = /\b(transfer|xfer|trnsfr|payment|pymt|pmt|autopay|thank you|contribution|deposit|ach|zelle|from chk|to sav|from sav|to chk)\b/i;

export interface TransferOptions {
  /** Pair ids the user rejected: never proposed again (their rows may still pair with others). */
  rejected?: ReadonlySet<string>;
  /** Rows already in a pair the user confirmed or made: left out. */
  taken?: ReadonlySet<string>;
  /** Account id → connection id, to note a pair across connections. */
  connectionOf?: ReadonlyMap<string, string>;
}

interface Candidate {
  out: TransferSource;
  in: TransferSource;
  gap: number;
  confidence: number;
  reasons: TransferReason[];
}

export const pairId = (outId: string, inId: string): string => `${outId}|${inId}`;

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Detects transfer pairs among `rows` (posted rows only; pending ones change before they settle). */
export function detectTransfers(
  rows: readonly TransferSource[],
  accountKinds: ReadonlyMap<string, AccountKindLike>,
  options: TransferOptions = {},
): TransferPair[] {
  const { rejected, taken, connectionOf } = options;
  // Inflows by currency and amount, each bucket sorted by (date, id): order-independent.
  const inflows = new Map<string, TransferSource[]>();
  const outflows: TransferSource[] = [];
  for (const r of rows) {
    if (r.pending || r.amountMinor === 0 || taken?.has(r.id)) continue;
    if (r.amountMinor > 0) {
      const key = `${r.currency}|${r.amountMinor}`;
      const bucket = inflows.get(key);
      if (bucket) bucket.push(r);
      else inflows.set(key, [r]);
    } else {
      outflows.push(r);
    }
  }
  for (const bucket of inflows.values()) bucket.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byId(a, b)));

  const candidates: Candidate[] = [];
  const optionsPerRow = new Map<string, number>();
  const bump = (id: string) => optionsPerRow.set(id, (optionsPerRow.get(id) ?? 0) + 1);
  for (const out of outflows) {
    const bucket = inflows.get(`${out.currency}|${-out.amountMinor}`);
    if (!bucket) continue;
    // The bucket is sorted by date: start at the earliest date in the window (a regular transfer
    // of one amount fills a bucket with years of rows).
    const earliest = fromDay(dayNumber(out.date) - MAX_EARLY_DAYS);
    for (let i = lowerBound(bucket, earliest); i < bucket.length; i++) {
      const inn = bucket[i] as TransferSource;
      const gap = daysBetween(out.date, inn.date);
      if (gap > MAX_TRANSFER_DAYS) break;
      if (inn.accountId === out.accountId || gap < -MAX_EARLY_DAYS) continue;
      if (rejected?.has(pairId(out.id, inn.id))) continue;
      candidates.push(score(out, inn, gap, accountKinds, connectionOf));
      bump(out.id);
      bump(inn.id);
    }
  }
  // A row with several same-amount opposites nearby is a weaker guess for each of them.
  for (const c of candidates) {
    const rivals = Math.max(optionsPerRow.get(c.out.id) ?? 1, optionsPerRow.get(c.in.id) ?? 1) - 1;
    if (rivals > 0) {
      c.confidence = Math.max(0.05, c.confidence - Math.min(0.3, 0.15 * rivals));
      c.reasons.push('ambiguous');
    }
  }
  candidates.sort((a, b) =>
    b.confidence - a.confidence || Math.abs(a.gap) - Math.abs(b.gap) || byId(a.out, b.out) || byId(a.in, b.in));
  const used = new Set<string>();
  const pairs: TransferPair[] = [];
  for (const c of candidates) {
    if (used.has(c.out.id) || used.has(c.in.id)) continue;
    used.add(c.out.id);
    used.add(c.in.id);
    pairs.push({
      id: pairId(c.out.id, c.in.id), outId: c.out.id, inId: c.in.id, amountMinor: c.in.amountMinor, currency: c.in.currency,
      outDate: c.out.date, inDate: c.in.date, confidence: Math.round(c.confidence * 100) / 100, reasons: c.reasons,
    });
  }
  return pairs.sort((a, b) => (a.inDate < b.inDate ? 1 : a.inDate > b.inDate ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const fromDay = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** The first index in a date-sorted bucket whose date is at least `date`. */
function lowerBound(bucket: readonly TransferSource[], date: string): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bucket[mid] as TransferSource).date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function score(
  out: TransferSource,
  inn: TransferSource,
  gap: number,
  kinds: ReadonlyMap<string, AccountKindLike>,
  connectionOf: ReadonlyMap<string, string> | undefined,
): Candidate {
  const reasons: TransferReason[] = [];
  let confidence = 0.4;
  if (gap === 0) {
    confidence += 0.2;
    reasons.push('sameDay');
  } else {
    confidence += Math.max(0, 0.15 - 0.03 * Math.abs(gap));
    reasons.push('nextDays');
  }
  const inKind = kinds.get(inn.accountId);
  if (inKind === 'credit') {
    confidence += 0.2;
    reasons.push('cardPayment');
  } else if (inKind === 'loan') {
    confidence += 0.15;
    reasons.push('loanPayment');
  } else if (inKind === 'investment') {
    confidence += 0.15;
    reasons.push('contribution');
  }
  const words = TRANSFER_WORDS.test(out.merchant) || TRANSFER_WORDS.test(inn.merchant);
  if (words) {
    confidence += 0.15;
    reasons.push('transferWords');
  }
  if (out.category === 'transfer' || inn.category === 'transfer') {
    confidence += 0.1;
    reasons.push('transferCategory');
  }
  // Between two accounts at one bank is the likelier of two same-day look-alikes (a savings transfer
  // at each of two banks on the same day, for the same round amount).
  const oc = connectionOf?.get(out.accountId);
  const ic = connectionOf?.get(inn.accountId);
  if (oc !== undefined && ic !== undefined) {
    if (oc === ic) {
      confidence += 0.1;
      reasons.push('sameConnection');
    } else {
      reasons.push('otherConnection');
    }
  }
  return { out, in: inn, gap, confidence: Math.min(0.99, confidence), reasons };
}

/** One line per reason, for the review inbox and the detail. */
export const TRANSFER_REASON_TEXT: Readonly<Record<TransferReason, string>> = {
  sameDay: 'same day',
  nextDays: 'a few days apart',
  cardPayment: 'a credit-card payment',
  loanPayment: 'a loan payment',
  contribution: 'a contribution to an investment account',
  transferWords: 'described as a transfer or payment',
  transferCategory: 'categorized as a transfer',
  otherConnection: 'across two banks',
  sameConnection: 'at the same bank',
  ambiguous: 'other rows of the same amount are nearby',
};
