/**
 * Dates as bank files write them, to YYYY-MM-DD, and which field order a file uses.
 *
 * - Orders: `YMD` (2024-01-31, 2024/01/31, 20240131), `MDY` (01/31/2024, US banks, Quicken) and
 *   `DMY` (31/01/2024, 31.01.2024, Europe). Separators `/ - . '` and spaces. Month names
 *   ("31 Jan 2024", "Jan 31, 2024", "31-JAN-24") are read whatever the order, as they are not
 *   ambiguous.
 * - Two-digit years: 00–69 → 2000s, 70–99 → 1900s (POSIX strptime's fixed pivot — never today's
 *   date, so a file reads the same every year). Quicken's apostrophe (`1/31'24`) always means the
 *   2000s.
 * - Detection (`detectDateOrder`): an order is possible when every sample reads as a real date in
 *   it. More than one possible (every day ≤ 12: 01/02/2024) is reported as ambiguous with the
 *   candidates, so the UI can ask; `suggested` is a default for that question, never applied
 *   silently by the parsers (they report the ambiguity as a warning).
 *
 * Hand-written: a date library would bring locale parsing we must not do (the file's order, not
 * the user's locale, decides) and still not know the apostrophe.
 */

export type DateOrder = 'YMD' | 'MDY' | 'DMY';
export const DATE_ORDERS: readonly DateOrder[] = ['YMD', 'MDY', 'DMY'];

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(MONTH_NAMES.map((m, i) => [m.slice(0, 3), i + 1]));

/** YYYY-MM-DD for a real calendar day, else null. */
export function isoDay(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function year(text: string, apostrophe: boolean): number {
  const n = Number(text);
  if (text.length === 4) return n;
  if (text.length > 2) return NaN;
  if (apostrophe) return 2000 + n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Splits "1/31'24", "2024-01-31", "31.01.2024 10:15" into date parts (a trailing time is ignored). */
function parts(text: string): { fields: string[]; apostrophe: boolean } | null {
  const t = text.trim().replace(/[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?$/, '').trim();
  if (t === '') return null;
  if (/^\d{8}$/.test(t)) return { fields: [t.slice(0, 4), t.slice(4, 6), t.slice(6, 8)], apostrophe: false };
  const apostrophe = t.includes("'");
  const fields = t.split(/[\s/.\-',]+/).filter((f) => f !== '');
  return fields.length === 3 ? { fields, apostrophe } : null;
}

/** A date with a month name in it, whatever the order; null when there is no month name. */
function withMonthName(fields: string[], apostrophe: boolean): string | null | undefined {
  const idx = fields.findIndex((f) => /^[A-Za-z]{3,}$/.test(f));
  if (idx < 0) return undefined;
  const word = fields[idx]!.toLowerCase();
  const month = MONTHS[word.slice(0, 3)];
  if (month === undefined || !(MONTH_NAMES[month - 1]!.startsWith(word) || word === 'sept')) return null;
  const rest = fields.filter((_, i) => i !== idx);
  if (!rest.every((f) => /^\d+$/.test(f))) return null;
  // "2024 Jan 31" or "Jan 31 2024" / "31 Jan 2024": the 4-digit (or last) one is the year.
  const [a = '', b = ''] = rest;
  if (a.length === 4) return isoDay(Number(a), month, Number(b));
  return isoDay(year(b, apostrophe), month, Number(a));
}

/** Reads one date in the given order; null when it is not a real date in that order. */
export function parseDate(text: string, order: DateOrder): string | null {
  const p = parts(text);
  if (!p) return null;
  const named = withMonthName(p.fields, p.apostrophe);
  if (named !== undefined) return named;
  if (!p.fields.every((f) => /^\d{1,4}$/.test(f))) return null;
  const [a = '', b = '', c = ''] = p.fields;
  // A 4-digit first field is always a year (nobody writes YDM).
  if (a.length === 4) return isoDay(Number(a), Number(b), Number(c));
  if (order === 'YMD') return null;
  if (b.length > 2 || a.length > 2) return null;
  const y = year(c, p.apostrophe);
  return order === 'MDY' ? isoDay(y, Number(a), Number(b)) : isoDay(y, Number(b), Number(a));
}

export interface DateDetection {
  /** The orders that read the most samples as real dates. */
  candidates: DateOrder[];
  /** More than one candidate gives different dates for some sample: the user must choose. */
  ambiguous: boolean;
  /** The order to use, or (when ambiguous) the one to offer first; null when none fits. */
  suggested: DateOrder | null;
}

/**
 * Which orders read the samples (blank ones ignored, each distinct value counted once). A sample no order reads (a "Total" line, a
 * typo) does not rule an order out: the orders that read the most samples are the candidates.
 * Candidates that give the same dates for every sample they all read (all ISO, all with month
 * names) are not an ambiguity: the first is used.
 */
export function detectDateOrder(samples: readonly string[], prefer: DateOrder = 'MDY'): DateDetection {
  // Distinct values only: a statement repeats its dates (50k rows, a few hundred days).
  const texts = [...new Set(samples.map((s) => s.trim()).filter((s) => s !== ''))];
  const reads = new Map<DateOrder, (string | null)[]>(DATE_ORDERS.map((o) => [o, texts.map((t) => parseDate(t, o))]));
  const count = (o: DateOrder) => reads.get(o)!.filter((d) => d !== null).length;
  const best = Math.max(...DATE_ORDERS.map(count));
  const candidates = best === 0 ? [] : DATE_ORDERS.filter((o) => count(o) === best);
  const distinct = new Set(candidates.map((o) => reads.get(o)!.join('|')));
  const ambiguous = distinct.size > 1;
  let suggested: DateOrder | null = candidates[0] ?? null;
  if (ambiguous && candidates.includes(prefer)) suggested = prefer;
  return { candidates, ambiguous, suggested };
}
