/**
 * The search box's language, parsed once per keystroke and matched against every indexed row.
 *
 * - Words are separated by spaces and all must match (AND), case-insensitively, as substrings of
 *   the row's text (description, merchant, category label, note). `"two words"` is one phrase.
 * - `-word` excludes rows containing the word.
 * - Amounts compare the absolute amount in the row's own currency (its exponent from
 *   `currencyExponent`, so `1500` is ¥1,500 and `12.50` can never match a yen row):
 *   - `12.50`, `12,50` (decimal comma: one or two digits after it), `1,234.56`, `1.234,56`,
 *     `$12.50`, `€12,50`, `12.50$` — the amount, either direction;
 *   - a bare whole number (`12`) matches either the amount 12.00 or the word "12" (store numbers,
 *     dates in descriptions): it is both a word and an amount;
 *   - a bare decimal (`12.50`) matches the amount or the literal text;
 *   - a sign or a currency symbol makes it an amount only: `-12.50` money out, `+12.50` money in;
 *   - `>100`, `>=100`, `<20`, `<=20` compare the absolute amount.
 * - `#trip` matches rows tagged `trip` (the tag exactly, normalized as stored:
 *   shared/userFields/tags.ts); `-#trip` rows not tagged so.
 * - `is:excluded` shows the rows the user excluded from budgets and reports (only those); without
 *   it the list leaves them out (the index does: renderer/src/index/ledgerIndex.ts).
 * Pure: no DOM, no Dexie; runs in the index worker and in tests.
 */

import { normalizeTag } from '../userFields/tags';

export type AmountOp = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

export interface AmountTerm {
  op: AmountOp;
  /** `in`: only money in (a `+` sign); `out`: only money out (a `-` sign). */
  sign: 'any' | 'in' | 'out';
  /** The value as an exact decimal: `digits / 10^scale` (12.50 → 1250, 2). */
  digits: number;
  scale: number;
  /** Also accepted as a plain word (lower-cased), for bare numbers. Null: amount only. */
  word: string | null;
}

export interface ParsedSearch {
  /** Lower-cased words and phrases; each must occur in the row's text. */
  words: readonly string[];
  /** Lower-cased words that must not occur. */
  excluded: readonly string[];
  amounts: readonly AmountTerm[];
  /** Tags (normalized) the row must carry (`#trip`), and ones it must not (`-#trip`). */
  tags: readonly string[];
  notTags: readonly string[];
  /** `is:excluded`: only the rows excluded from budgets and reports. */
  onlyExcluded: boolean;
}

export const EMPTY_SEARCH: ParsedSearch = { words: [], excluded: [], amounts: [], tags: [], notTags: [], onlyExcluded: false };

export function isEmptySearch(p: ParsedSearch): boolean {
  return p.words.length === 0 && p.excluded.length === 0 && p.amounts.length === 0 && p.tags.length === 0
    && p.notTags.length === 0 && !p.onlyExcluded;
}

/** The `is:` word that shows excluded rows. */
export const IS_EXCLUDED = 'is:excluded';

const CURRENCY_SYMBOLS = '$€£¥₹₩₽₪₫₱฿';
const SYMBOL = `[${CURRENCY_SYMBOLS}]`;
/** [op][sign][symbol]number[symbol] — the number itself is validated by parseDecimal. */
const AMOUNT = new RegExp(`^(>=|<=|>|<)?([+-])?(${SYMBOL})?([0-9][0-9.,]*)(${SYMBOL})?$`, 'u');

/** Splits on whitespace, keeping `"quoted phrases"` (an unclosed quote runs to the end). */
function tokenize(text: string): { token: string; quoted: boolean }[] {
  const out: { token: string; quoted: boolean }[] = [];
  const re = /"([^"]*)"?|(\S+)/gu;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) {
      const phrase = m[1].trim().replace(/\s+/gu, ' ');
      if (phrase) out.push({ token: phrase, quoted: true });
    } else if (m[2] !== undefined) {
      out.push({ token: m[2], quoted: false });
    }
  }
  return out;
}

/**
 * A number as typed → exact digits and scale, or null. A `,` or `.` followed by exactly three
 * digits (and not the last separator followed by 1–2 digits) is a thousands separator:
 * `1,234` = 1234, `1,234.5` = 1234.5, `1.234,56` = 1234.56, `12,50` = 12.5, `12,5` = 12.5.
 */
export function parseDecimal(text: string): { digits: number; scale: number } | null {
  if (!/^[0-9]+(?:[.,][0-9]+)*$/u.test(text)) return null;
  const groups = text.split(/[.,]/u);
  const seps = text.replace(/[0-9]/gu, '');
  let intPart = text;
  let frac = '';
  if (groups.length > 1) {
    const last = groups[groups.length - 1] ?? '';
    const lastSep = seps[seps.length - 1];
    const otherSeps = seps.slice(0, -1);
    // The last separator is a decimal point unless it is followed by three digits and every
    // separator is the same (1,234 / 1.234.567) or it repeats an earlier one.
    const thousandsOnly = last.length === 3 && (otherSeps === '' ? lastSep === ',' : otherSeps.split('').every((s) => s === lastSep));
    if (thousandsOnly) {
      if (!groups.slice(1).every((g) => g.length === 3)) return null;
      intPart = groups.join('');
    } else {
      if (otherSeps.split('').some((s) => s === lastSep)) return null; // 1.234.5 is not a number
      const head = groups.slice(0, -1);
      if (head.length > 1 && !head.slice(1).every((g) => g.length === 3)) return null;
      intPart = head.join('');
      frac = last;
    }
  }
  const digits = Number(intPart + frac);
  if (!Number.isSafeInteger(digits)) return null;
  return { digits, scale: frac.length };
}

export function parseSearch(text: string): ParsedSearch {
  const words: string[] = [];
  const excluded: string[] = [];
  const amounts: AmountTerm[] = [];
  const tags: string[] = [];
  const notTags: string[] = [];
  let onlyExcluded = false;
  for (const { token, quoted } of tokenize(text)) {
    const lower = token.toLowerCase();
    if (quoted) {
      words.push(lower);
      continue;
    }
    if (lower === IS_EXCLUDED) {
      onlyExcluded = true;
      continue;
    }
    if (lower.startsWith('#') || lower.startsWith('-#')) {
      const tag = normalizeTag(lower.replace(/^-/u, ''));
      if (tag !== null) (lower.startsWith('-') ? notTags : tags).push(tag);
      continue;
    }
    const m = AMOUNT.exec(token);
    const value = m ? parseDecimal(m[4] ?? '') : null;
    if (m && value && !(m[3] && m[5])) {
      const [, op, sign, pre, number = '', post] = m;
      const decorated = op !== undefined || sign !== undefined || pre !== undefined || post !== undefined;
      amounts.push({
        op: op === '>' ? 'gt' : op === '>=' ? 'ge' : op === '<' ? 'lt' : op === '<=' ? 'le' : 'eq',
        sign: sign === '+' ? 'in' : sign === '-' ? 'out' : 'any',
        ...value,
        word: decorated ? null : number.toLowerCase(),
      });
      continue;
    }
    if (lower.length > 1 && lower.startsWith('-')) {
      excluded.push(lower.slice(1));
      continue;
    }
    if (lower === '-' || lower === '+') continue;
    words.push(lower);
  }
  return { words, excluded, amounts, tags, notTags, onlyExcluded };
}

/** Powers of ten as exact doubles (exponents stay small: 0–4 for currencies, scale up to ~15). */
const POW10 = Array.from({ length: 24 }, (_, i) => 10 ** i);
const pow10 = (n: number): number => POW10[n] ?? 10 ** n;

/**
 * The term's value in the minor units of a currency with exponent `exp`: exact when the value has
 * no more decimals than the currency, else fractional (so equality cannot hold).
 */
export function termMinor(term: Pick<AmountTerm, 'digits' | 'scale'>, exp: number): number {
  return term.scale <= exp ? term.digits * pow10(exp - term.scale) : term.digits / pow10(term.scale - exp);
}

/** Does a row's amount (and text) satisfy one amount term? `exp` is the row currency's exponent. */
export function matchesAmount(term: AmountTerm, amountMinor: number, exp: number, text: string): boolean {
  if (term.word !== null && text.includes(term.word)) return true;
  if (term.sign === 'in' && amountMinor <= 0) return false;
  if (term.sign === 'out' && amountMinor >= 0) return false;
  const abs = Math.abs(amountMinor);
  const v = termMinor(term, exp);
  switch (term.op) {
    case 'eq': return abs === v;
    case 'gt': return abs > v;
    case 'ge': return abs >= v;
    case 'lt': return abs < v;
    case 'le': return abs <= v;
  }
}

/**
 * Does a row match the whole parsed search? `text` must already be lower-cased; `tags` are the
 * row's normalized tags. (`onlyExcluded` is the caller's: it knows which rows are excluded.)
 */
export function matchesSearch(p: ParsedSearch, row: { text: string; amountMinor: number; tags?: readonly string[] | null }, exp: number): boolean {
  for (const t of p.tags) if (!row.tags?.includes(t)) return false;
  for (const t of p.notTags) if (row.tags?.includes(t)) return false;
  for (const w of p.words) if (!row.text.includes(w)) return false;
  for (const w of p.excluded) if (row.text.includes(w)) return false;
  for (const a of p.amounts) if (!matchesAmount(a, row.amountMinor, exp, row.text)) return false;
  return true;
}
