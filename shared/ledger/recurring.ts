/**
 * Recurring series: rows with the same merchant (shared/reconcile/merchantKey.ts), the same
 * direction and currency, similar amounts and a regular cadence — weekly, every two weeks, twice a
 * month (the 1st and 15th payroll), monthly or yearly. Dates may move a few days (weekends, bank
 * holidays) and one period may be missing; amounts may drift (a utility bill). For each series:
 * the next expected date and amount, the last amount, and two flags — the latest expected
 * occurrence did not come (missed), or a fixed amount changed ("Netflix is $2.00 more than last
 * month").
 *
 * Pure and order-independent (rows are grouped and sorted by (date, id) before anything is
 * decided). Calendar arithmetic is on UTC calendar dates (shared/isoDate.ts); no date library is
 * installed and the few operations needed (add months with end-of-month clamping, add days) are
 * short. Hand-written because no library detects recurring transactions.
 */
import { dayNumber, daysBetween } from '../isoDate';
import { normalizeMerchant } from '../reconcile/merchantKey';

export type Cadence = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly' | 'yearly';

export const CADENCES: readonly Cadence[] = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'yearly'];

export const CADENCE_LABEL: Readonly<Record<Cadence, string>> = {
  weekly: 'Weekly',
  biweekly: 'Every 2 weeks',
  semimonthly: 'Twice a month',
  monthly: 'Monthly',
  yearly: 'Yearly',
};

/** What the detector needs of a transaction. */
export interface RecurringSource {
  id: string;
  accountId: string;
  amountMinor: number;
  currency: string;
  date: string;
  pending: boolean;
  /** The merchant as shown, else the description. */
  merchant: string;
}

export interface RecurringSeries {
  /** `merchantKey|currency|in|out`: stable across syncs, so the user's decisions stick. */
  id: string;
  merchantKey: string;
  /** The name as last shown. */
  name: string;
  currency: string;
  direction: 'in' | 'out';
  cadence: Cadence;
  accountId: string;
  /** Row ids, oldest first. */
  txIds: string[];
  /** The dates of the last few rows (the anchors the next dates keep: nextOccurrence). */
  recentDates: string[];
  count: number;
  firstDate: string;
  lastDate: string;
  /** Signed, as the rows. */
  lastAmountMinor: number;
  previousAmountMinor: number | null;
  /** What the next one is expected to be: the last for fixed amounts, else the recent average. */
  nextAmountMinor: number;
  nextDate: string;
  /** Every amount the same (a subscription) or drifting (a utility bill). */
  fixedAmount: boolean;
  /** The latest expected occurrence that did not come (it is past, with its grace days). */
  missedDate: string | null;
  /** Periods missing between the first and the last row. */
  gaps: number;
  /** last − previous, when a fixed amount changed at the last row (signed like the rows). */
  changedByMinor: number | null;
}

interface Shape {
  period: number;
  /** Days an occurrence may sit off its expected date. */
  tolerance: number;
  /** Grace after the expected date before it counts as missed. */
  grace: number;
  minCount: number;
}

const SHAPES: Readonly<Record<Cadence, Shape>> = {
  weekly: { period: 7, tolerance: 1, grace: 3, minCount: 4 },
  biweekly: { period: 14, tolerance: 2, grace: 4, minCount: 3 },
  semimonthly: { period: 15.2, tolerance: 3, grace: 4, minCount: 4 },
  monthly: { period: 30.4, tolerance: 4, grace: 5, minCount: 3 },
  yearly: { period: 365.25, tolerance: 8, grace: 10, minCount: 2 },
};

/** Expected occurrences that may have gone by since the last row before a series counts as ended. */
const MAX_MISSED_AT_END = 2;
/** Amounts within this share of the median are "similar". */
const AMOUNT_TOLERANCE = 0.35;
/** The share of rows that must be similar and on cadence. */
const MIN_FIT = 0.8;

const DAY_MS = 86_400_000;
const fromDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (iso: string, days: number): string => fromDay(dayNumber(iso) + days);

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** The date `months` after `iso` on day-of-month `dom` (clamped to the month's length). */
export function addMonths(iso: string, months: number, dom: number = Number(iso.slice(8, 10))): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month0 = ((m % 12) + 12) % 12;
  const d = Math.min(dom, daysInMonth(year, month0));
  return `${year}-${String(month0 + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const compareRows = (a: RecurringSource, b: RecurringSource): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Merchant keys that begin another's words ("netflix" / "netflix com") are one merchant: each key
 * maps to its shortest word-prefix that is itself a key.
 */
function canonicalKeys(keys: Iterable<string>): Map<string, string> {
  const all = new Set(keys);
  const out = new Map<string, string>();
  for (const k of all) {
    const words = k.split(' ');
    let canon = k;
    for (let n = 1; n < words.length; n++) {
      const prefix = words.slice(0, n).join(' ');
      if (all.has(prefix)) {
        canon = prefix;
        break;
      }
    }
    out.set(k, canon);
  }
  return out;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
};

export interface RecurringOptions {
  /** Rows left out (transfers, for instance). */
  exclude?: ReadonlySet<string>;
}

/** Detects recurring series as of `today` (YYYY-MM-DD), newest expected first by next date. */
export function detectRecurring(rows: readonly RecurringSource[], today: string, options: RecurringOptions = {}): RecurringSeries[] {
  const keyOf = new Map<string, string>();
  const groups = new Map<string, RecurringSource[]>();
  const rawKeys = new Map<string, string>();
  for (const r of rows) {
    if (r.pending || r.amountMinor === 0 || options.exclude?.has(r.id)) continue;
    let key = rawKeys.get(r.merchant);
    if (key === undefined) {
      key = normalizeMerchant(r.merchant);
      rawKeys.set(r.merchant, key);
    }
    if (key !== '') keyOf.set(r.id, key);
  }
  const canon = canonicalKeys(new Set(keyOf.values()));
  for (const r of rows) {
    const raw = keyOf.get(r.id);
    if (raw === undefined) continue;
    const group = `${canon.get(raw) ?? raw}|${r.currency}|${r.amountMinor > 0 ? 'in' : 'out'}`;
    const list = groups.get(group);
    if (list) list.push(r);
    else groups.set(group, [r]);
  }
  const series: RecurringSeries[] = [];
  for (const [id, list] of groups) {
    if (list.length < 2) continue;
    list.sort(compareRows);
    const found = fitSeries(id, list, today);
    if (found) series.push(found);
  }
  return series.sort((a, b) => (a.nextDate < b.nextDate ? -1 : a.nextDate > b.nextDate ? 1 : a.id < b.id ? -1 : 1));
}

function fitSeries(id: string, rows: RecurringSource[], today: string): RecurringSeries | null {
  // Similar amounts: those near the median; the rest are one-off purchases at the same merchant.
  const med = median(rows.map((r) => Math.abs(r.amountMinor)));
  const similar = rows.filter((r) => Math.abs(Math.abs(r.amountMinor) - med) <= AMOUNT_TOLERANCE * med);
  if (similar.length < MIN_FIT * rows.length || similar.length < 2) return null;
  // Same-day duplicates count once (a second coffee is not a second period).
  const dated = similar.filter((r, i) => i === 0 || r.date !== similar[i - 1]?.date);
  let best: { cadence: Cadence; gaps: number } | null = null;
  for (const cadence of CADENCES) {
    const fit = fitCadence(dated, cadence);
    if (fit !== null && (best === null || fit.gaps < best.gaps)) best = { cadence, gaps: fit.gaps };
  }
  if (best === null) return null;
  return describe(id, dated, best.cadence, best.gaps, today);
}

/** Intervals of one period (or two: one missed), within the cadence's tolerance; null if it does not fit. */
function fitCadence(rows: readonly RecurringSource[], cadence: Cadence): { gaps: number } | null {
  const shape = SHAPES[cadence];
  if (rows.length < shape.minCount) return null;
  let gaps = 0;
  let bad = 0;
  for (let i = 1; i < rows.length; i++) {
    const interval = daysBetween((rows[i - 1] as RecurringSource).date, (rows[i] as RecurringSource).date);
    const n = Math.round(interval / shape.period);
    if (n >= 1 && n <= 2 && Math.abs(interval - n * shape.period) <= shape.tolerance * n) {
      gaps += n - 1;
    } else {
      bad++;
    }
  }
  const intervals = rows.length - 1;
  // Gaps at most one in ten periods (and at least one is always tolerated), few off-cadence intervals.
  if (bad > Math.floor(intervals * (1 - MIN_FIT))) return null;
  if (gaps > Math.max(1, Math.floor(intervals / 10))) return null;
  return { gaps };
}

/** Days of the month among a series' recent rows, most common first (earliest on ties). */
function commonDays(rows: readonly { date: string }[]): number[] {
  const counts = new Map<number, number>();
  for (const r of rows.slice(-6)) {
    const d = Number(r.date.slice(8, 10));
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
}

/**
 * The expected date after `last` for a cadence; a monthly or twice-monthly series keeps the days
 * of the month its recent `rows` fall on most often, so a row shifted by a weekend does not move
 * the next one.
 */
export function nextOccurrence(cadence: Cadence, last: string, rows: readonly { date: string }[]): string {
  switch (cadence) {
    case 'weekly':
      return addDays(last, 7);
    case 'biweekly':
      return addDays(last, 14);
    case 'yearly':
      return addMonths(last, 12);
    case 'monthly': {
      const dom = commonDays(rows)[0] ?? Number(last.slice(8, 10));
      let next = addMonths(last, 0, dom);
      // Not the same period again: a row paid a few days early still covers its own month.
      while (next <= last || daysBetween(last, next) < 20) next = addMonths(next, 1, dom);
      return next;
    }
    case 'semimonthly': {
      const days = commonDays(rows);
      const a = days[0] ?? Number(last.slice(8, 10));
      const apart = (d: number) => Math.min(Math.abs(d - a), 30 - Math.abs(d - a)) >= 10;
      const b = days.find(apart) ?? (a <= 15 ? a + 15 : a - 15);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const candidates = [addMonths(last, 0, lo), addMonths(last, 0, hi), addMonths(last, 1, lo), addMonths(last, 1, hi), addMonths(last, 2, lo)];
      return candidates.find((c) => c > last && daysBetween(last, c) >= 8) ?? addDays(last, 15);
    }
  }
}

function describe(id: string, rows: readonly RecurringSource[], cadence: Cadence, gaps: number, today: string): RecurringSeries | null {
  const last = rows[rows.length - 1] as RecurringSource;
  const previous = rows.length > 1 ? (rows[rows.length - 2] as RecurringSource) : null;
  const shape = SHAPES[cadence];
  // Fixed: the amounts before the last one were all equal (a subscription, rent, payroll).
  const before = rows.slice(Math.max(0, rows.length - 4), -1).map((r) => r.amountMinor);
  const fixedBefore = before.length >= 1 && before.every((a) => a === before[0]);
  const fixedAmount = fixedBefore && last.amountMinor === before[0];
  const changedByMinor = fixedBefore && before.length >= 2 && previous !== null && last.amountMinor !== previous.amountMinor
    ? last.amountMinor - previous.amountMinor
    : null;
  const recent = rows.slice(-3).map((r) => r.amountMinor);
  const nextAmountMinor = fixedAmount || changedByMinor !== null ? last.amountMinor : Math.round(recent.reduce((s, a) => s + a, 0) / recent.length);
  // Roll forward past today: an expected date that went by (with its grace) without a row is missed.
  let nextDate = nextOccurrence(cadence, last.date, rows);
  let missedDate: string | null = null;
  for (let missed = 0; daysBetween(nextDate, today) > shape.grace; missed++) {
    // More than two expected occurrences gone by: the series has ended (a cancelled subscription).
    if (missed >= MAX_MISSED_AT_END) return null;
    missedDate = nextDate;
    nextDate = nextOccurrence(cadence, nextDate, rows);
  }
  const [key = '', currency = '', direction = 'out'] = id.split('|');
  return {
    id, merchantKey: key, name: last.merchant, currency, direction: direction === 'in' ? 'in' : 'out', cadence,
    accountId: last.accountId, txIds: rows.map((r) => r.id), recentDates: rows.slice(-6).map((r) => r.date), count: rows.length, firstDate: (rows[0] as RecurringSource).date,
    lastDate: last.date, lastAmountMinor: last.amountMinor, previousAmountMinor: previous?.amountMinor ?? null, nextAmountMinor,
    nextDate, fixedAmount, missedDate, gaps, changedByMinor,
  };
}

/** Every expected occurrence of a series in [from, to] (for the upcoming list and the calendar). */
export function occurrencesBetween(series: Pick<RecurringSeries, 'cadence' | 'nextDate'>, rows: readonly { date: string }[], from: string, to: string): string[] {
  const out: string[] = [];
  const dated = rows.map((r) => ({ date: r.date }));
  let d = series.nextDate;
  for (let guard = 0; guard < 400 && d <= to; guard++) {
    if (d >= from) out.push(d);
    d = nextOccurrence(series.cadence, d, dated);
  }
  return out;
}

/** One expected occurrence: which series, when, how much. */
export interface Occurrence {
  seriesId: string;
  date: string;
  amountMinor: number;
  currency: string;
}

/** Every series' expected occurrences in [from, to], by date (then series id). */
export function upcoming(series: readonly Pick<RecurringSeries, 'id' | 'cadence' | 'nextDate' | 'recentDates' | 'nextAmountMinor' | 'currency'>[], from: string, to: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const s of series) {
    for (const date of occurrencesBetween(s, s.recentDates.map((date) => ({ date })), from, to)) {
      out.push({ seriesId: s.id, date, amountMinor: s.nextAmountMinor, currency: s.currency });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seriesId < b.seriesId ? -1 : 1));
}
