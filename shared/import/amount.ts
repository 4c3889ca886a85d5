/**
 * Amounts as bank files write them → exact integer minor units (through `toMinorUnits`, never a
 * float), and which decimal mark a file uses.
 *
 * Read: a currency symbol or code before or after ($, €, £, ¥, USD…), spaces (also no-break and
 * thin spaces) and thousands marks (`,` `.` `'` or a space, whichever is not the decimal mark),
 * a leading `+`/`-`, a trailing minus (`12.50-`, SAP-style exports), parentheses for negatives
 * (`(12.50)`, accountants' style) and a `CR` / `DR` suffix (credit = in, debit = out).
 *
 * Detection (`detectDecimalMark`): a sample with both marks says which one is decimal (the last);
 * a single mark followed by 1–2 digits is decimal; one followed by exactly 3 digits ("1,234",
 * "1.234") says nothing (thousands, or a 3-decimal currency) and is left undecided. The file's
 * samples vote; disagreement or no evidence at all is reported as ambiguous.
 *
 * Hand-written: number parsers (Intl, numeral, accounting.js) follow a locale, not the file, and
 * return floats.
 */
import { toMinorUnits } from '../money';

export type DecimalMark = '.' | ',';

const SYMBOLS = /[$€£¥₹₩₽₺₪฿₫₴₦₱¤]|\b(?:US|CA|AU|NZ|HK|S)\$|\b[A-Z]{3}\b/g;

/** "(1.234,56 €)" with mark ',' → "-1234.56"; null when the text is not an amount in that mark. */
export function normalizeAmount(text: string, mark: DecimalMark): string | null {
  let t = text.trim().replace(/[\u00a0\u202f\u2009\u2007]/g, ' ');
  if (t === '') return null;
  let negative = false;
  const cr = /\s*\b(CR|DR)\.?$/i.exec(t);
  if (cr) {
    negative = cr[1]!.toUpperCase() === 'DR';
    t = t.slice(0, cr.index).trim();
  }
  t = t.replace(SYMBOLS, '').trim();
  if (/^\(.*\)$/.test(t)) {
    negative = !negative;
    t = t.slice(1, -1).trim();
  }
  t = t.replace(SYMBOLS, '').trim();
  if (/^[-−–]/.test(t)) {
    negative = !negative;
    t = t.slice(1).trim();
  } else if (t.startsWith('+')) t = t.slice(1).trim();
  else if (/[-−–]$/.test(t)) {
    negative = !negative;
    t = t.slice(0, -1).trim();
  }
  t = t.replace(SYMBOLS, '').trim();
  const thousands = mark === '.' ? /[,' ]/g : /[.' ]/g;
  // Thousands marks only between digit groups of three.
  const groups = mark === '.' ? /^\d{1,3}(?:[,' ]\d{3})+(?:\.\d*)?$/ : /^\d{1,3}(?:[.' ]\d{3})+(?:,\d*)?$/;
  const plain = mark === '.' ? /^(?:\d+(?:\.\d*)?|\.\d+)$/ : /^(?:\d+(?:,\d*)?|,\d+)$/;
  if (!groups.test(t) && !plain.test(t)) return null;
  let body = t.replace(thousands, '');
  if (mark === ',') body = body.replace(',', '.');
  if (body.startsWith('.')) body = `0${body}`;
  if (body.endsWith('.')) body = body.slice(0, -1);
  const zero = /^0*(?:\.0*)?$/.test(body);
  return negative && !zero ? `-${body}` : body;
}

/** Text → minor units of `currency`, or null when it is not an amount in that mark. */
export function parseAmount(text: string, mark: DecimalMark, currency: string): number | null {
  const decimal = normalizeAmount(text, mark);
  if (decimal === null) return null;
  try {
    return toMinorUnits(decimal, currency);
  } catch {
    return null;
  }
}

export interface DecimalDetection {
  mark: DecimalMark;
  /** No sample decided it, or samples disagreed: the user should confirm. */
  ambiguous: boolean;
}

/** Which decimal mark the samples use (see the header); `.` when nothing decides. */
export function detectDecimalMark(samples: readonly string[]): DecimalDetection {
  let dot = 0;
  let comma = 0;
  let undecided = 0;
  for (const raw of samples) {
    // Text neither mark reads ("12..00", "n/a") says nothing about the file's mark.
    if (normalizeAmount(raw, '.') === null && normalizeAmount(raw, ',') === null) continue;
    const t = raw.replace(/[^\d.,]/g, '');
    const lastDot = t.lastIndexOf('.');
    const lastComma = t.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastDot > lastComma) dot++;
      else comma++;
      continue;
    }
    const at = Math.max(lastDot, lastComma);
    if (at < 0) continue;
    const sep = t[at];
    const after = t.length - at - 1;
    const count = t.split(sep!).length - 1;
    if (count > 1) {
      // "1,234,567" or "1.234.567": repeated marks are thousands marks.
      if (sep === ',') dot++;
      else comma++;
    } else if (after >= 1 && after <= 2) {
      if (sep === '.') dot++;
      else comma++;
    } else undecided++;
  }
  // No mark anywhere ("12", "-5"): both read the same. Only "1,234"-like samples: undecidable.
  if (dot === 0 && comma === 0) return { mark: '.', ambiguous: undecided > 0 };
  return { mark: comma > dot ? ',' : '.', ambiguous: dot > 0 && comma > 0 };
}
