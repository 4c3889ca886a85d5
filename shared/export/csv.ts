/**
 * CSV export (RFC 4180): one record per transaction, amounts as exact decimals with their currency.
 *
 * Choices, so the file opens cleanly in a spreadsheet and reads back exactly:
 * - Records end with CRLF (the last one too). A field is quoted when it contains `"`, `,`, CR or
 *   LF, or begins or ends with a space; inner quotes are doubled. Nothing else is quoted.
 * - The file starts with a UTF-8 byte order mark (U+FEFF) by default: without it Excel on Windows
 *   reads UTF-8 as the system code page and mangles "Café" or "€". CSV parsers (papaparse, Python's
 *   `utf-8-sig`, LibreOffice, Numbers) skip it. `bom: false` leaves it out.
 * - Amounts (Amount, Fee) are `toDecimalString` of the integer minor units — never a float — with
 *   a `.` decimal point, a leading `-` for money out, no grouping and no currency symbol; the
 *   currency is its own column — the stored code, so also BTC or USDT, or `?` when the provider
 *   named none (money.ts). Units and Price are the exact decimal strings the provider sent.
 * - Formula injection (CWE-1236): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`,
 *   TAB or CR as a formula. Every TEXT field (description, merchant, category, account, note, id,
 *   symbol, …) that would begin with one of them — after any leading apostrophes — gets one `'`
 *   prepended, which spreadsheets treat as "this is text". Numeric columns (Amount, Units, Price,
 *   Fee) and the ISO date are never prefixed: `-12.50` must stay a number. The rule is reversible:
 *   a reader removes one leading `'` from a text field that matches /^'+[=+\-@\t\r]/
 *   (`unguardFormula`), and gets back exactly what was exported.
 * - Streaming: `csvChunks` is a generator that yields the header and then one string per batch of
 *   records, so a 100k-row export never builds an array of row arrays; the caller writes or
 *   collects the chunks (a Blob takes the parts as they are).
 */
import { toDecimalString } from '../money';
import type { ExportTx } from './exportTx';

export const CSV_MIME = 'text/csv;charset=utf-8';
export const BOM = '\uFEFF';
const CRLF = '\r\n';

export interface CsvOptions {
  /** Add Activity, Symbol, Units, Price and Fee (brokerage accounts take part in the export). */
  investment: boolean;
  /** Start with a UTF-8 byte order mark (default true, for Excel). */
  bom?: boolean;
  /** Records per yielded chunk (default 500). */
  chunkRecords?: number;
}

type Column = { header: string; numeric: boolean; value: (t: ExportTx) => string };

const text = (header: string, value: (t: ExportTx) => string | null): Column => ({ header, numeric: false, value: (t) => value(t) ?? '' });
const num = (header: string, value: (t: ExportTx) => string | null): Column => ({ header, numeric: true, value: (t) => value(t) ?? '' });

const BASE_COLUMNS: readonly Column[] = [
  text('Date', (t) => t.date),
  text('Description', (t) => t.description),
  text('Merchant', (t) => t.merchant),
  text('Category', (t) => t.categoryLabel),
  num('Amount', (t) => toDecimalString(t.amountMinor, t.currency)),
  text('Currency', (t) => t.currency),
  text('Status', (t) => (t.pending ? 'pending' : 'posted')),
  text('Account', (t) => t.accountName),
  text('Account mask', (t) => t.accountMask),
  text('Note', (t) => t.note),
  text('Id', (t) => t.id),
  // The user's own marks: tags as `#a #b`, and `yes` on a row excluded from budgets and reports.
  text('Tags', (t) => (t.tags && t.tags.length > 0 ? t.tags.map((tag) => `#${tag}`).join(' ') : null)),
  text('Excluded', (t) => (t.excluded ? 'yes' : null)),
];

const INVESTMENT_COLUMNS: readonly Column[] = [
  text('Activity', (t) => t.activityType),
  text('Symbol', (t) => t.symbol),
  num('Units', (t) => t.units),
  num('Price', (t) => t.price),
  num('Fee', (t) => (t.feeMinor === null ? null : toDecimalString(t.feeMinor, t.currency))),
];

export function csvColumns(opts: Pick<CsvOptions, 'investment'>): readonly string[] {
  return columnsFor(opts).map((c) => c.header);
}

function columnsFor(opts: Pick<CsvOptions, 'investment'>): readonly Column[] {
  return opts.investment ? [...BASE_COLUMNS, ...INVESTMENT_COLUMNS] : BASE_COLUMNS;
}

const FORMULA = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** First characters that can start a formula, or the apostrophes before one. */
const RISKY_FIRST = new Set(["'", '=', '+', '-', '@', '\t', '\r']);

/** A text cell a spreadsheet would run as a formula gets a leading `'` (see the header comment). */
export function guardFormula(value: string): string {
  if (value === '' || !RISKY_FIRST.has(value.charAt(0))) return value;
  return FORMULA.test(value) ? `'${value}` : value;
}

/** The reverse of `guardFormula`, for reading an exported text field back. */
export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field. */
export function csvField(value: string): string {
  if (value === '') return value;
  const edgeSpace = value.charCodeAt(0) === 32 || value.charCodeAt(value.length - 1) === 32;
  return edgeSpace || NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function record(cells: readonly string[]): string {
  return cells.map(csvField).join(',') + CRLF;
}

export function csvHeader(opts: CsvOptions): string {
  return (opts.bom === false ? '' : BOM) + record(csvColumns(opts));
}

/** One transaction's record, CRLF-terminated. */
export function csvRecord(tx: ExportTx, opts: Pick<CsvOptions, 'investment'>): string {
  const cols = columnsFor(opts);
  let line = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    if (!col) continue;
    const raw = col.value(tx);
    line += (i === 0 ? '' : ',') + csvField(col.numeric ? raw : guardFormula(raw));
  }
  return line + CRLF;
}

/**
 * The whole file as chunks: the header (with the BOM), then one string per `chunkRecords` records.
 * Accepts any iterable, so rows can be produced lazily.
 */
export function* csvChunks(rows: Iterable<ExportTx>, opts: CsvOptions): Generator<string, void, undefined> {
  yield csvHeader(opts);
  const size = opts.chunkRecords ?? 500;
  let chunk = '';
  let n = 0;
  for (const tx of rows) {
    chunk += csvRecord(tx, opts);
    if (++n >= size) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The whole file as one string (small exports and tests). */
export function toCsv(rows: Iterable<ExportTx>, opts: CsvOptions): string {
  let out = '';
  for (const chunk of csvChunks(rows, opts)) out += chunk;
  return out;
}
