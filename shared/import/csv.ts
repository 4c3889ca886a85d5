/**
 * CSV bank exports → a preview of rows (shared/import/types.ts), with everything the file does
 * not say for sure detected and reported for the user to confirm: the delimiter, which record is
 * the header (banks put summary lines above it), which column is what, the date order, the
 * decimal mark and the sign convention. The resolved choices come back as `settings`, which the
 * UI may save per institution and pass back as options next time.
 *
 * Splitting records is papaparse's (RFC 4180 quoting, embedded newlines); the delimiter is the
 * one under which a header can be mapped, else papaparse's guess among `,` `;` TAB `|`;
 * everything about meaning is here. Choices:
 * - Column guessing is by header name (English plus common German, French, Spanish, Dutch words);
 *   where two date columns exist (Chase: "Transaction Date", "Post Date") the posting date wins,
 *   as providers' `date` is the posted date. Without a header, columns are guessed from the data.
 * - An amount column, or a debit / credit pair (debit = out, credit = in, whatever sign the cell
 *   has); `sign: 'outPositive'` flips a single amount column (Amex-style card exports, where a
 *   charge is positive). The flip is only suggested (`suggestedSign`), never applied on a guess.
 * - A record that cannot be read (bad date, no amount, a currency cell that is no code, a "Total"
 *   footer) is an error with its record number and text; blank records are skipped and counted.
 * - A text cell's formula guard (`'=…`, which shared/export/csv.ts and spreadsheets add) is taken
 *   off, so Ledgerline's own CSV export imports back to the same rows (a property test).
 */
import Papa from 'papaparse';
import { unguardFormula } from '../export/csv';
import { CURRENCY_CODE, normalizeCurrency } from '../money';
import { detectDecimalMark, normalizeAmount, parseAmount, type DecimalDetection, type DecimalMark } from './amount';
import { detectDateOrder, parseDate, type DateDetection, type DateOrder } from './dates';
import type { ImportRow, ImportWarning, RowError } from './types';

export type SignConvention = 'inPositive' | 'outPositive';

/** Column indexes (0-based); null = the file has no such column. */
export interface CsvMapping {
  date: number;
  description: number | null;
  amount: number | null;
  debit: number | null;
  credit: number | null;
  category: number | null;
  memo: number | null;
  id: number | null;
  currency: number | null;
}

/** Everything the user confirms, as the UI saves it per institution. */
export interface CsvSettings {
  delimiter: string;
  /** 0-based index of the header record; null when the file has none. */
  headerRow: number | null;
  mapping: CsvMapping;
  dateOrder: DateOrder;
  decimalMark: DecimalMark;
  sign: SignConvention;
}

export interface CsvOptions extends Partial<CsvSettings> {
  /** The account's currency: amounts are in it unless a currency column says otherwise. */
  currency: string;
}

export interface CsvPreview {
  format: 'csv';
  /** Column names (the header's, else "Column 1"…). */
  columns: string[];
  /** The first records after the header, as text, for the mapping screen. */
  sample: string[][];
  dateDetection: DateDetection;
  decimalDetection: DecimalDetection;
  /** Set when most amounts are positive in a single amount column: probably a card export that counts charges positive. */
  suggestedSign: SignConvention | null;
  /** The settings used; null when no date or amount column could be found (the UI must map). */
  settings: CsvSettings | null;
  rows: ImportRow[];
  errors: RowError[];
  warnings: ImportWarning[];
  /** Blank records and records above the header. */
  skipped: number;
}

const HEADER_SCAN = 20;
const SAMPLE = 8;

const NAMES: Record<Exclude<keyof CsvMapping, 'date'> | 'date' | 'postDate', RegExp> = {
  postDate: /^(post(ed|ing)?( date)?|booking date|buchungstag|date de (comptabilisation|valeur)|boekdatum)$/i,
  date: /(^|\b)(date|datum|fecha|data|buchungstag|valuta|wertstellung|transaction date|trans\.? date)(\b|$)/i,
  description: /(description|payee|name|merchant|details|narrative|beschreibung|verwendungszweck|empf[aä]nger|libell[eé]|concepto|omschrijving|transaction$)/i,
  amount: /^(amount|transaction amount|betrag|montant|importe|bedrag|value|sum|amount \(.*\))$/i,
  debit: /(debit|withdrawal|money out|paid out|outflow|soll|d[eé]bit|cargo|af$)/i,
  credit: /(credit|deposit|money in|paid in|inflow|haben|cr[eé]dit|abono|bij$)/i,
  category: /(category|kategorie|cat[eé]gorie|categor[ií]a)/i,
  memo: /(memo|note|notes|reference|referenz|r[eé]f[eé]rence|mitteilung|verwendungszweck)/i,
  id: /^(id|transaction id|fitid|reference number|ref(erence)? no\.?|transaktions-?id)$/i,
  currency: /^(currency|währung|devise|moneda|valuta code)$/i,
};

/** The mapping a header row suggests, or null when it names no date and no amount. */
export function mappingFromHeader(header: readonly string[]): CsvMapping | null {
  const names = header.map((h) => h.trim());
  const used = new Set<number>();
  const find = (re: RegExp, skip: (n: string) => boolean = () => false): number | null => {
    const i = names.findIndex((n, idx) => !used.has(idx) && n !== '' && re.test(n) && !skip(n));
    if (i < 0) return null;
    used.add(i);
    return i;
  };
  const id = find(NAMES.id);
  const currency = find(NAMES.currency);
  const post = find(NAMES.postDate);
  const anyDate = find(NAMES.date);
  const date = post ?? anyDate;
  const amount = find(NAMES.amount);
  const debit = amount === null ? find(NAMES.debit, (n) => /balance|saldo/i.test(n)) : null;
  const credit = amount === null ? find(NAMES.credit, (n) => /balance|saldo/i.test(n)) : null;
  const category = find(NAMES.category);
  const description = find(/^(description|payee|name|merchant|beschreibung|libell[eé]|omschrijving)$/i) ?? find(NAMES.description);
  const memo = find(NAMES.memo);
  if (date === null || (amount === null && debit === null && credit === null)) return null;
  return { date, description, amount, debit, credit, category, memo, id, currency };
}

function isBlank(record: readonly string[]): boolean {
  return record.every((c) => c.trim() === '');
}

/** A column reads as dates / amounts when most of its non-blank cells do. */
function mostly(cells: readonly string[], test: (c: string) => boolean): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length > 0 && filled.filter(test).length / filled.length >= 0.8;
}

const readsAsDate = (c: string) => parseDate(c, 'MDY') !== null || parseDate(c, 'DMY') !== null;
const readsAsAmount = (c: string) => normalizeAmount(c, '.') !== null || normalizeAmount(c, ',') !== null;

/** Without a header: the first all-dates column, the first amounts column that is not it, the longest text column. */
function mappingFromData(records: readonly string[][]): CsvMapping | null {
  const width = records.reduce((w, r) => Math.max(w, r.length), 0);
  const column = (i: number) => records.map((r) => r[i] ?? '');
  let date: number | null = null;
  let amount: number | null = null;
  for (let i = 0; i < width; i++) {
    const cells = column(i);
    if (date === null && mostly(cells, readsAsDate)) date = i;
    else if (amount === null && mostly(cells, readsAsAmount)) amount = i;
  }
  if (date === null || amount === null) return null;
  let description: number | null = null;
  let longest = 0;
  for (let i = 0; i < width; i++) {
    if (i === date || i === amount) continue;
    const len = column(i).reduce((n, c) => n + c.trim().length, 0);
    if (len > longest) [description, longest] = [i, len];
  }
  return { date, description, amount, debit: null, credit: null, category: null, memo: null, id: null, currency: null };
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter: the first of `, ; TAB |` under which one of the first records reads as a header
 * we can map (papaparse's guess counts fields only, and picked `;` for a file whose descriptions
 * hold semicolons); else papaparse's guess.
 */
function guessDelimiter(body: string): string {
  const sample = body.slice(0, 65_536);
  for (const d of DELIMITERS) {
    const { data } = Papa.parse<string[]>(sample, { delimiter: d, preview: HEADER_SCAN, skipEmptyLines: true });
    if (data.some((r) => r.length > 1 && mappingFromHeader(r.map(String)) !== null)) return d;
  }
  return '';
}

function split(text: string, delimiter: string | undefined): { records: string[][]; delimiter: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, {
    delimiter: delimiter ?? guessDelimiter(body),
    delimitersToGuess: DELIMITERS,
    skipEmptyLines: false,
  });
  const records = result.data.map((r) => r.map((c) => String(c)));
  // A file ending in a newline gives one empty last record.
  while (records.length > 0 && isBlank(records[records.length - 1]!)) records.pop();
  return { records, delimiter: result.meta.delimiter };
}

/** A cell's text; a spreadsheet's formula guard (`'=…`, as shared/export/csv.ts writes it) is taken off. */
function cell(record: readonly string[], index: number | null): string {
  return index === null ? '' : unguardFormula(record[index] ?? '').trim();
}

/** Banks pad descriptions to fixed widths ("STARBUCKS        01/30"): runs of white space become one space. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads a bank's CSV export into a preview; see the header for the choices made. */
export function parseCsv(text: string, options: CsvOptions): CsvPreview {
  const currency = normalizeCurrency(options.currency);
  const { records, delimiter } = split(text, options.delimiter);
  const warnings: ImportWarning[] = [];

  let headerRow: number | null | undefined = options.headerRow;
  let mapping: CsvMapping | null = options.mapping ?? null;
  if (headerRow === undefined) {
    headerRow = null;
    for (let i = 0; i < Math.min(HEADER_SCAN, records.length); i++) {
      const m = mappingFromHeader(records[i]!);
      if (m) {
        headerRow = i;
        mapping ??= m;
        break;
      }
    }
    // A first record with no date and no amount in it is a header we cannot map.
    if (headerRow === null && records.length > 0 && !records[0]!.some((c) => readsAsDate(c) || (c.trim() !== '' && readsAsAmount(c)))) headerRow = 0;
  } else if (headerRow !== null && !mapping) {
    const given = records[headerRow];
    if (given) mapping = mappingFromHeader(given);
  }
  const start = headerRow === null ? 0 : headerRow + 1;
  const data = records.slice(start);
  const dataRecords = data.map((r, i) => ({ record: r, number: start + i + 1 })).filter((r) => !isBlank(r.record));
  const skipped = start - (headerRow === null ? 0 : 1) + (data.length - dataRecords.length);
  if (headerRow !== null && headerRow > 0) {
    warnings.push({ code: 'skippedLines', message: `${headerRow} line(s) above the header were skipped.` });
  }
  mapping ??= mappingFromData(dataRecords.map((r) => r.record));

  const width = records.reduce((w, r) => Math.max(w, r.length), 0);
  const header = headerRow === null ? [] : records[headerRow]!;
  const columns = Array.from({ length: width }, (_, i) => header[i]?.trim() || `Column ${i + 1}`);
  const sample = dataRecords.slice(0, SAMPLE).map((r) => r.record);

  const dateDetection = detectDateOrder(mapping ? dataRecords.map((r) => cell(r.record, mapping.date)) : []);
  const amountCells = mapping
    ? dataRecords.flatMap((r) => [cell(r.record, mapping.amount), cell(r.record, mapping.debit), cell(r.record, mapping.credit)]).filter((c) => c !== '')
    : [];
  const decimalDetection = detectDecimalMark(amountCells);
  const base = { format: 'csv' as const, columns, sample, dateDetection, decimalDetection };
  if (!mapping) {
    return { ...base, suggestedSign: null, settings: null, rows: [], errors: [], warnings, skipped };
  }

  const dateOrder = options.dateOrder ?? dateDetection.suggested ?? 'MDY';
  if (!options.dateOrder && dateDetection.ambiguous) {
    warnings.push({ code: 'ambiguousDates', message: `Dates could be read as ${dateDetection.candidates.join(' or ')}; using ${dateOrder}. Please confirm.` });
  }
  const decimalMark = options.decimalMark ?? decimalDetection.mark;
  if (!options.decimalMark && decimalDetection.ambiguous) {
    warnings.push({ code: 'ambiguousDecimal', message: `The decimal mark is not certain; using "${decimalMark}". Please confirm.` });
  }
  const sign = options.sign ?? 'inPositive';
  const settings: CsvSettings = { delimiter, headerRow, mapping, dateOrder, decimalMark, sign };

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const { record, number } of dataRecords) {
    const raw = Papa.unparse([record], { delimiter, newline: '' });
    const fail = (message: string) => errors.push({ line: number, message, raw });
    const dateText = cell(record, mapping.date);
    const date = parseDate(dateText, dateOrder);
    if (date === null) {
      fail(dateText === '' ? 'No date.' : `"${dateText}" is not a date (${dateOrder}).`);
      continue;
    }
    const rowCurrencyText = cell(record, mapping.currency).toUpperCase();
    if (rowCurrencyText !== '' && !CURRENCY_CODE.test(rowCurrencyText)) {
      fail(`"${cell(record, mapping.currency)}" is not a currency code.`);
      continue;
    }
    const rowCurrency = rowCurrencyText !== '' ? rowCurrencyText : currency;
    let amountMinor: number;
    if (mapping.amount !== null) {
      const text = cell(record, mapping.amount);
      const value = parseAmount(text, decimalMark, rowCurrency);
      if (value === null) {
        fail(text === '' ? 'No amount.' : `"${text}" is not an amount.`);
        continue;
      }
      amountMinor = sign === 'outPositive' ? -value : value;
    } else {
      const debitText = cell(record, mapping.debit);
      const creditText = cell(record, mapping.credit);
      if (debitText === '' && creditText === '') {
        fail('No amount in the debit or credit column.');
        continue;
      }
      const debit = debitText === '' ? 0 : parseAmount(debitText, decimalMark, rowCurrency);
      const credit = creditText === '' ? 0 : parseAmount(creditText, decimalMark, rowCurrency);
      if (debit === null || credit === null) {
        fail(`"${debit === null ? debitText : creditText}" is not an amount.`);
        continue;
      }
      amountMinor = Math.abs(credit) - Math.abs(debit);
    }
    const description = cleanText(cell(record, mapping.description));
    const memo = cleanText(cell(record, mapping.memo));
    rows.push({
      line: number,
      date,
      amountMinor: amountMinor === 0 ? 0 : amountMinor,
      currency: rowCurrency,
      description: description || memo,
      memo: memo && description ? memo : null,
      category: cell(record, mapping.category) || null,
      fitId: cell(record, mapping.id) || null,
      checkNum: null,
      splits: null,
    });
  }

  let suggestedSign: SignConvention | null = null;
  if (mapping.amount !== null && !options.sign) {
    const nonZero = rows.filter((r) => r.amountMinor !== 0);
    const positive = nonZero.filter((r) => r.amountMinor > 0).length;
    if (nonZero.length >= 3 && positive / nonZero.length >= 0.8) {
      suggestedSign = 'outPositive';
      warnings.push({ code: 'signGuess', message: 'Most amounts are positive: if this is a card that lists charges as positive, choose "positive = money out".' });
    }
  }
  return { ...base, suggestedSign, settings, rows, errors, warnings, skipped };
}
