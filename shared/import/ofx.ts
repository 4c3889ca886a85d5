/**
 * OFX / QFX statements (1.x SGML and 2.x XML; the tree is ofxTree.ts's) → import rows, one
 * statement per bank (STMTRS) or card (CCSTMTRS) account in the file. QFX is OFX with Intuit's
 * extra elements (`<INTU.BID>`, `<INTU.USERID>`), which are read past.
 *
 * Field by field, and the choices made:
 * - DTPOSTED → the calendar date as the bank wrote it: its first 8 digits. A time and zone
 *   (`20240131120000.000[-5:EST]`) are the bank's local moment; converting to UTC would move a
 *   late-evening row to the next day, so they are ignored (dates are calendar dates in Ledgerline:
 *   shared/isoDate.ts). DTUSER is not used.
 * - TRNAMT → exact minor units of the statement's CURDEF (or the row's CURRENCY/CURSYM), OFX's
 *   sign being Ledgerline's (positive = in). A decimal comma ("-12,50", some European banks) is read.
 *   A statement whose debit-type rows (DEBIT, PAYMENT, POS, ATM, FEE, SRVCHG, CHECK,
 *   DIRECTDEBIT, CASH) are all positive while it has credits too lists unsigned amounts: those rows
 *   are negated, with a warning.
 * - NAME (or PAYEE/NAME) → description, MEMO → memo. NAME is at most 32 characters in the spec,
 *   so banks cut it and put the whole text in MEMO: when MEMO begins with NAME, the description is
 *   MEMO's text up to " — " and the memo what follows (the form shared/export/ofx.ts writes,
 *   `description — note`, so an exported file imports back to the same rows).
 * - FITID → fitId (null when missing: duplicate detection then compares descriptions), CHECKNUM.
 * - LEDGERBAL → the statement's balance and its date (same date rule).
 * - Investment statements (INVSTMTRS) are reported as unsupported, not read.
 * A STMTTRN that cannot be read (no date, a bad amount) is an error with its line.
 */
import { normalizeCurrency, toMinorUnits, UNKNOWN_CURRENCY } from '../money';
import { normalizeAmount } from './amount';
import { isoDay } from './dates';
import { child, childText, findAll, readOfx, type OfxNode } from './ofxTree';
import type { ImportRow, ImportWarning, RowError } from './types';

export interface OfxStatement {
  kind: 'bank' | 'creditcard';
  accountId: string | null;
  bankId: string | null;
  /** CHECKING, SAVINGS, MONEYMRKT, CREDITLINE, CD; null for cards. */
  accountType: string | null;
  currency: string;
  ledgerBalance: { amountMinor: number; date: string | null } | null;
  rows: ImportRow[];
}

export interface OfxPreview {
  format: 'ofx';
  version: 1 | 2;
  header: Record<string, string>;
  /** SONRS/FI: the institution as the file names it; QFX's INTU.BID. */
  institution: { org: string | null; fid: string | null; intuBid: string | null };
  statements: OfxStatement[];
  errors: RowError[];
  warnings: ImportWarning[];
}

export interface OfxOptions {
  /** The currency for a statement without CURDEF (default: unknown, `?`). */
  fallbackCurrency?: string;
}

const DEBIT_TYPES = new Set(['DEBIT', 'PAYMENT', 'POS', 'ATM', 'FEE', 'SRVCHG', 'CHECK', 'DIRECTDEBIT', 'CASH']);

/** "20240131120000.000[-5:EST]" → "2024-01-31"; null when the first 8 characters are no date. */
export function ofxDay(text: string | null): string | null {
  const m = text ? /^\s*(\d{4})(\d{2})(\d{2})/.exec(text) : null;
  return m ? isoDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** TRNAMT/BALAMT text → minor units; a lone decimal comma is read too. */
export function ofxAmount(text: string | null, currency: string): number | null {
  if (text === null) return null;
  const t = text.trim();
  const mark = /^[+-]?\d*,\d+$/.test(t) ? ',' : '.';
  const decimal = normalizeAmount(t, mark);
  if (decimal === null) return null;
  try {
    return toMinorUnits(decimal, currency);
  } catch {
    return null;
  }
}

/** NAME and MEMO → description and memo (see the header). */
export function describeOfxRow(name: string | null, memo: string | null): { description: string; memo: string | null } {
  const n = name ?? '';
  const m = memo ?? '';
  if (n === '') return { description: m, memo: null };
  if (m === '' || m === n) return { description: n, memo: null };
  if (m.startsWith(n)) {
    const sep = m.indexOf(' — ', n.length);
    if (sep < 0) return { description: m, memo: null };
    const rest = m.slice(sep + 3).trim();
    return { description: m.slice(0, sep).trim(), memo: rest === '' ? null : rest };
  }
  return { description: n, memo: m };
}

function statement(rs: OfxNode, kind: OfxStatement['kind'], opts: OfxOptions, errors: RowError[], warnings: ImportWarning[]): OfxStatement {
  const from = child(rs, kind === 'bank' ? 'BANKACCTFROM' : 'CCACCTFROM');
  const curdef = childText(rs, 'CURDEF');
  const currency = curdef ? normalizeCurrency(curdef) : normalizeCurrency(opts.fallbackCurrency ?? UNKNOWN_CURRENCY);
  const accountId = childText(from, 'ACCTID');
  if (!curdef) warnings.push({ code: 'noCurrency', message: `The statement for account ${accountId ?? '(none)'} names no currency (CURDEF); using ${currency}.` });
  const typed: { row: ImportRow; type: string }[] = [];
  for (const trn of findAll(child(rs, 'BANKTRANLIST'), 'STMTTRN')) {
    const raw = trn.children.map((c) => `<${c.name}>${c.text ?? ''}`).join('');
    const fail = (message: string) => errors.push({ line: trn.line, message, raw });
    const dateText = childText(trn, 'DTPOSTED');
    const date = ofxDay(dateText);
    if (date === null) {
      fail(dateText ? `"${dateText}" is not a date.` : 'No DTPOSTED.');
      continue;
    }
    const rowCurrency = childText(child(trn, 'CURRENCY'), 'CURSYM');
    const cur = rowCurrency ? normalizeCurrency(rowCurrency) : currency;
    const amountText = childText(trn, 'TRNAMT');
    const amountMinor = ofxAmount(amountText, cur);
    if (amountMinor === null) {
      fail(amountText ? `"${amountText}" is not an amount.` : 'No TRNAMT.');
      continue;
    }
    const { description, memo } = describeOfxRow(childText(trn, 'NAME') ?? childText(child(trn, 'PAYEE'), 'NAME'), childText(trn, 'MEMO'));
    typed.push({
      type: (childText(trn, 'TRNTYPE') ?? '').toUpperCase(),
      row: { line: trn.line, date, amountMinor, currency: cur, description, memo, category: null, fitId: childText(trn, 'FITID'), checkNum: childText(trn, 'CHECKNUM'), splits: null },
    });
  }
  const debits = typed.filter((t) => DEBIT_TYPES.has(t.type) && t.row.amountMinor !== 0);
  const credits = typed.filter((t) => t.type === 'CREDIT' || t.type === 'DEP' || t.type === 'DIRECTDEP' || t.type === 'INT');
  if (debits.length > 0 && credits.length > 0 && debits.every((t) => t.row.amountMinor > 0) && credits.every((t) => t.row.amountMinor >= 0)) {
    for (const t of debits) t.row.amountMinor = -t.row.amountMinor;
    warnings.push({ code: 'signGuess', message: `The statement for account ${accountId ?? '(none)'} lists debits as positive amounts; they were read as money out.` });
  }
  const bal = child(rs, 'LEDGERBAL');
  const balMinor = ofxAmount(childText(bal, 'BALAMT'), currency);
  return {
    kind,
    accountId,
    bankId: childText(from, 'BANKID'),
    accountType: childText(from, 'ACCTTYPE'),
    currency,
    ledgerBalance: balMinor === null ? null : { amountMinor: balMinor, date: ofxDay(childText(bal, 'DTASOF')) },
    rows: typed.map((t) => t.row),
  };
}

/** Reads an OFX or QFX file's text into statements of import rows. */
export function parseOfx(text: string, opts: OfxOptions = {}): OfxPreview {
  const doc = readOfx(text);
  const errors: RowError[] = [];
  const warnings: ImportWarning[] = [];
  const sonrs = findAll(doc.root, 'SONRS')[0] ?? null;
  const fi = child(sonrs, 'FI');
  const institution = { org: childText(fi, 'ORG'), fid: childText(fi, 'FID'), intuBid: childText(sonrs, 'INTU.BID') };
  if (!doc.root) {
    errors.push({ line: 1, message: 'This is not an OFX file: it has no <OFX> element.', raw: text.slice(0, 80) });
    return { format: 'ofx', version: doc.version, header: doc.header, institution, statements: [], errors, warnings };
  }
  if (doc.truncated) warnings.push({ code: 'truncated', message: 'The file ends before </OFX>: it may be cut short.' });
  const statements: OfxStatement[] = [];
  const all = [...findAll(doc.root, 'STMTRS').map((n) => ({ n, kind: 'bank' as const })), ...findAll(doc.root, 'CCSTMTRS').map((n) => ({ n, kind: 'creditcard' as const }))];
  all.sort((a, b) => a.n.line - b.n.line);
  for (const { n, kind } of all) statements.push(statement(n, kind, opts, errors, warnings));
  if (findAll(doc.root, 'INVSTMTRS').length > 0) warnings.push({ code: 'unsupported', message: 'Investment statements in this file were not read: import them as CSV.' });
  for (const s of findAll(doc.root, 'STATUS')) {
    const code = childText(s, 'CODE');
    if (code && code !== '0' && childText(s, 'SEVERITY') === 'ERROR') {
      warnings.push({ code: 'unsupported', message: `The bank reported an error in the file: ${childText(s, 'MESSAGE') ?? `code ${code}`}.` });
    }
  }
  return { format: 'ofx', version: doc.version, header: doc.header, institution, statements, errors, warnings };
}
