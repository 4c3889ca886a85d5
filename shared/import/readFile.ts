/**
 * One imported file, from its bytes to the rows the preview shows: the text (detect.ts), the
 * format (content first), then the one parser for it (csv.ts, ofx.ts, qif.ts) with the choices the
 * user confirmed, and the rows in the account's currency. Everything is reported, nothing thrown:
 * a file that cannot be imported at all has a `fatal` sentence (the dialog shows it and writes
 * nothing); a row that cannot be read is an error with its line.
 *
 * Also here: the key a CSV's confirmed settings are saved under (`csvShapeKey`: the delimiter and
 * the header's column names, or the column count of a headerless file), so the next export of the
 * same shape — from the same bank, whichever account it goes into — opens with them.
 *
 * Hand-written glue over the parsers (no library decides "which statement" or "which currency").
 */
import { normalizeCurrency } from '../money';
import type { DecimalDetection, DecimalMark } from './amount';
import { parseCsv, type CsvPreview, type CsvSettings } from './csv';
import type { DateDetection, DateOrder } from './dates';
import { decodeImportBytes, detectImportFormat, type ImportFormat } from './detect';
import { parseOfx } from './ofx';
import { parseQif } from './qif';
import type { ImportRow, ImportWarning, RowError } from './types';

export interface ReadFileOptions {
  fileName: string;
  /** The account's currency: rows in another currency are errors, a file without one is read in it. */
  currency: string;
  /** CSV: the settings the user confirmed (or saved ones); absent ones are detected. */
  csv?: Partial<CsvSettings>;
  /** QIF: the date order and decimal mark the user confirmed. */
  dateOrder?: DateOrder;
  decimalMark?: DecimalMark;
  /** OFX with several statements: which one (default the first). */
  statement?: number;
}

export interface OfxStatementSummary {
  accountId: string | null;
  kind: 'bank' | 'creditcard';
  currency: string;
  rows: number;
}

export interface ReadFileResult {
  format: ImportFormat;
  encoding: string;
  /** CSV: the parser's preview (columns, first records, detections, the settings used) for the mapping step. */
  csv: CsvPreview | null;
  /** QIF: what was detected and used. */
  qif: { dateDetection: DateDetection; decimalDetection: DecimalDetection; dateOrder: DateOrder; decimalMark: DecimalMark } | null;
  /** OFX: every statement in the file, and the one read. */
  statements: OfxStatementSummary[];
  statement: number;
  /** The institution as the file names it (OFX), for the saved-settings label. */
  institution: string | null;
  rows: ImportRow[];
  errors: RowError[];
  warnings: ImportWarning[];
  /** Why nothing in the file can be imported; null when there is something to preview. */
  fatal: string | null;
}

const MAX_BYTES = 50 * 1024 * 1024;

/** Byte signatures of files people pick by mistake. */
function notText(bytes: Uint8Array): string | null {
  const head = Array.from(bytes.subarray(0, 8));
  const is = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (is([0x50, 0x4b, 0x03, 0x04])) return 'This is a compressed file (a spreadsheet such as .xlsx, or a .zip), not a CSV, OFX, QFX or QIF file. Save it as CSV first.';
  if (is([0x25, 0x50, 0x44, 0x46])) return 'This is a PDF. Ledgerline imports CSV, OFX, QFX and QIF files: most banks offer one of them next to the PDF statement.';
  if (is([0xd0, 0xcf, 0x11, 0xe0])) return 'This is an old Excel (.xls) file. Save it as CSV first.';
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.subarray(0, 4096).includes(0)) return 'This file is not text (it holds binary data), so it cannot be a CSV, OFX, QFX or QIF file.';
  return null;
}

/** The key a CSV's settings are saved under: its delimiter and header names (or column count). */
export function csvShapeKey(preview: Pick<CsvPreview, 'columns' | 'settings'>): string {
  const delimiter = preview.settings?.delimiter ?? '';
  const headerless = preview.settings?.headerRow === null || preview.columns.every((c, i) => c === `Column ${i + 1}`);
  const shape = headerless ? `#${preview.columns.length}` : preview.columns.map((c) => c.trim().toLowerCase()).join('\u001f');
  return `csv\u0000${delimiter}\u0000${shape}`;
}

export function readImportFile(bytes: Uint8Array, opts: ReadFileOptions): ReadFileResult {
  const currency = normalizeCurrency(opts.currency);
  const base = { csv: null, qif: null, statements: [], statement: 0, institution: null, rows: [], errors: [], warnings: [] };
  if (bytes.length === 0) return { ...base, format: 'csv', encoding: 'utf-8', fatal: 'The file is empty.' };
  if (bytes.length > MAX_BYTES) return { ...base, format: 'csv', encoding: 'utf-8', fatal: `The file is larger than ${MAX_BYTES / 1024 / 1024} MB: split it into smaller files.` };
  const binary = notText(bytes);
  if (binary) return { ...base, format: 'csv', encoding: 'binary', fatal: binary };
  const { text, encoding } = decodeImportBytes(bytes);
  const format = detectImportFormat(text, opts.fileName);
  const result: ReadFileResult = { ...base, format, encoding, fatal: null };
  if (text.trim() === '') return { ...result, fatal: 'The file holds no text.' };

  if (format === 'ofx') {
    const ofx = parseOfx(text, { fallbackCurrency: currency });
    result.statements = ofx.statements.map((s) => ({ accountId: s.accountId, kind: s.kind, currency: s.currency, rows: s.rows.length }));
    result.institution = ofx.institution.org;
    result.errors.push(...ofx.errors);
    result.warnings.push(...ofx.warnings);
    if (ofx.statements.length === 0) {
      return { ...result, fatal: ofx.errors[0]?.message ?? 'The file holds no bank or card statement (investment statements are not imported: use CSV).' };
    }
    const index = Math.min(Math.max(0, opts.statement ?? 0), ofx.statements.length - 1);
    result.statement = index;
    result.rows = ofx.statements[index]!.rows;
  } else if (format === 'qif') {
    const qif = parseQif(text, { currency, dateOrder: opts.dateOrder, decimalMark: opts.decimalMark });
    result.qif = { dateDetection: qif.dateDetection, decimalDetection: qif.decimalDetection, dateOrder: qif.dateOrder, decimalMark: qif.decimalMark };
    result.rows = qif.rows;
    result.errors.push(...qif.errors);
    result.warnings.push(...qif.warnings);
  } else {
    const csv = parseCsv(text, { currency, ...opts.csv });
    result.csv = csv;
    result.rows = csv.rows;
    result.errors.push(...csv.errors);
    result.warnings.push(...csv.warnings);
    if (csv.columns.length < 2 && csv.settings === null) {
      return { ...result, fatal: 'This does not look like a CSV export: it has a single column and no dates or amounts were found.' };
    }
  }

  // Rows in another currency than the account's are not imported into it.
  const other = result.rows.filter((r) => r.currency !== currency);
  if (other.length > 0) {
    result.rows = result.rows.filter((r) => r.currency === currency);
    for (const r of other) result.errors.push({ line: r.line, message: `In ${r.currency}, but the account is in ${currency}.`, raw: `${r.date} ${r.description}` });
  }
  if (result.rows.length === 0 && result.errors.length > 0 && (format !== 'csv' || result.csv?.settings)) {
    result.fatal = `No row of this file could be read (${result.errors.length} unreadable: ${result.errors[0]!.message})`;
  }
  return result;
}
