/**
 * QIF (Quicken Interchange Format) → import rows.
 *
 * Read: `!Type:Bank`, `Cash`, `CCard`, `Oth A`, `Oth L` sections (other sections — categories,
 * classes, memorized payees, investments — are skipped, an investment one with a warning);
 * `!Account` blocks and `!Option` / `!Clear` lines are read past. Per record up to `^`:
 * D date, T (or U, its newer twin) amount, P payee → description, M memo, L category
 * (`[Account]` transfers are kept as written), N number → checkNum, C cleared (not kept),
 * A address lines (ignored); splits S category, E memo, $ amount (`%` alone is not enough).
 *
 * - Dates are in whatever order the exporting program's locale used (`1/31'24`, `31/01/2024`,
 *   ` 1/ 5/24`): the order is detected over the whole file like CSV's, an ambiguity is a warning,
 *   and `dateOrder` decides. Amounts likewise (`decimalMark`).
 * - Splits sum to the amount, exactly: when the file's split amounts do not (rounding in the
 *   exporting program, a split the user left incomplete), a part with no category carries the
 *   remainder and the record is named in a warning. A record with splits and no T gets their sum.
 * - A record without a date or an amount is an error with its line, not dropped silently.
 *
 * Hand-written: the npm QIF readers parse amounts as floats (`parseFloat("1,234.56")` is 1) and
 * one (`qif-ts`) turns every L line into a split; QIF is a line format of a dozen codes.
 */
import { normalizeCurrency } from '../money';
import { detectDecimalMark, parseAmount, type DecimalDetection, type DecimalMark } from './amount';
import { detectDateOrder, parseDate, type DateDetection, type DateOrder } from './dates';
import type { ImportRow, ImportSplit, ImportWarning, RowError } from './types';

export interface QifOptions {
  currency: string;
  dateOrder?: DateOrder;
  decimalMark?: DecimalMark;
}

export interface QifPreview {
  format: 'qif';
  /** The section types read, as written (`Bank`, `CCard`…). */
  types: string[];
  dateDetection: DateDetection;
  decimalDetection: DecimalDetection;
  dateOrder: DateOrder;
  decimalMark: DecimalMark;
  rows: ImportRow[];
  errors: RowError[];
  warnings: ImportWarning[];
}

const TRANSACTION_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l']);

interface RawSplit {
  category: string | null;
  memo: string | null;
  amount: string | null;
}

interface RawRecord {
  line: number;
  lines: string[];
  fields: Map<string, string>;
  splits: RawSplit[];
}

function records(text: string, warnings: ImportWarning[]): { types: string[]; records: RawRecord[] } {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const out: RawRecord[] = [];
  const types: string[] = [];
  let section: 'transactions' | 'skip' = 'skip';
  let current: RawRecord | null = null;
  let split: RawSplit | null = null;
  const finish = () => {
    if (current && (current.fields.size > 0 || current.splits.length > 0)) out.push(current);
    current = null;
    split = null;
  };
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.trim() === '') return;
    if (line.startsWith('!')) {
      finish();
      const m = /^!Type:\s*(.+)$/i.exec(line.trim());
      if (m) {
        const type = m[1]!.trim();
        if (TRANSACTION_TYPES.has(type.toLowerCase())) {
          section = 'transactions';
          if (!types.includes(type)) types.push(type);
        } else {
          section = 'skip';
          if (/^invst$/i.test(type)) warnings.push({ code: 'unsupported', message: 'The investment section of this file was not read.' });
        }
      } else if (/^!Account/i.test(line.trim())) section = 'skip';
      // !Option:AutoSwitch, !Clear:AutoSwitch: the section in force goes on.
      return;
    }
    if (section === 'skip') return;
    if (line.startsWith('^')) {
      finish();
      return;
    }
    current ??= { line: i + 1, lines: [], fields: new Map(), splits: [] };
    current.lines.push(line);
    const code = line[0]!;
    const value = line.slice(1).trim();
    if (code === 'S') {
      split = { category: value || null, memo: null, amount: null };
      current.splits.push(split);
    } else if (code === 'E' || code === '$' || code === '%') {
      if (!split || (code === 'E' && split.memo !== null) || (code === '$' && split.amount !== null)) {
        // A split line without its S (some exporters omit S for an uncategorized part).
        split = { category: null, memo: null, amount: null };
        current.splits.push(split);
      }
      if (code === 'E') split.memo = value || null;
      if (code === '$') split.amount = value;
    } else if (!current.fields.has(code)) current.fields.set(code, value);
  });
  finish();
  return { types, records: out };
}

/** Reads a QIF file's bank, cash and card transactions; see the header. */
export function parseQif(text: string, options: QifOptions): QifPreview {
  const currency = normalizeCurrency(options.currency);
  const warnings: ImportWarning[] = [];
  const { types, records: recs } = records(text, warnings);
  const dateDetection = detectDateOrder(recs.map((r) => r.fields.get('D') ?? ''));
  const decimalDetection = detectDecimalMark(recs.flatMap((r) => [r.fields.get('T') ?? r.fields.get('U') ?? '', ...r.splits.map((s) => s.amount ?? '')]).filter((s) => s !== ''));
  const dateOrder = options.dateOrder ?? dateDetection.suggested ?? 'MDY';
  const decimalMark = options.decimalMark ?? decimalDetection.mark;
  if (!options.dateOrder && dateDetection.ambiguous) {
    warnings.push({ code: 'ambiguousDates', message: `Dates could be read as ${dateDetection.candidates.join(' or ')}; using ${dateOrder}. Please confirm.` });
  }
  if (!options.decimalMark && decimalDetection.ambiguous) {
    warnings.push({ code: 'ambiguousDecimal', message: `The decimal mark is not certain; using "${decimalMark}". Please confirm.` });
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const remainders: number[] = [];
  for (const r of recs) {
    const raw = r.lines.join('\n');
    const fail = (message: string) => errors.push({ line: r.line, message, raw });
    const dateText = r.fields.get('D');
    const date = dateText ? parseDate(dateText, dateOrder) : null;
    if (date === null) {
      fail(dateText ? `"${dateText}" is not a date (${dateOrder}).` : 'No date (D line).');
      continue;
    }
    let splits: ImportSplit[] | null = null;
    if (r.splits.length > 0) {
      splits = [];
      for (const s of r.splits) {
        const amount = s.amount === null ? null : parseAmount(s.amount, decimalMark, currency);
        if (amount === null) break;
        splits.push({ category: s.category, memo: s.memo, amountMinor: amount });
      }
      if (splits.length < r.splits.length) {
        fail('A split has no amount ($ line) or an unreadable one.');
        continue;
      }
    }
    const amountText = r.fields.get('T') ?? r.fields.get('U');
    let amountMinor = amountText === undefined ? null : parseAmount(amountText, decimalMark, currency);
    if (amountMinor === null && amountText === undefined && splits) amountMinor = splits.reduce((n, s) => n + s.amountMinor, 0);
    if (amountMinor === null) {
      fail(amountText ? `"${amountText}" is not an amount.` : 'No amount (T line).');
      continue;
    }
    if (splits) {
      const rest = amountMinor - splits.reduce((n, s) => n + s.amountMinor, 0);
      if (rest !== 0) {
        splits.push({ category: null, memo: null, amountMinor: rest });
        remainders.push(r.line);
      }
    }
    const payee = (r.fields.get('P') ?? '').replace(/\s+/g, ' ');
    const memo = (r.fields.get('M') ?? '').replace(/\s+/g, ' ');
    rows.push({
      line: r.line,
      date,
      amountMinor: amountMinor === 0 ? 0 : amountMinor,
      currency,
      description: payee || memo,
      memo: payee && memo ? memo : null,
      category: r.fields.get('L') || null,
      fitId: null,
      checkNum: r.fields.get('N') || null,
      splits,
    });
  }
  if (remainders.length > 0) {
    warnings.push({ code: 'splitRemainder', message: `The splits of the record(s) at line ${remainders.join(', ')} did not add up to the amount: the remainder is a part of its own, without a category.` });
  }
  return { format: 'qif', types, dateDetection, decimalDetection, dateOrder, decimalMark, rows, errors, warnings };
}
