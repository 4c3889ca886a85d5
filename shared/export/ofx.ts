/**
 * OFX 2.2 export (XML): one statement per account, for money-management apps (GnuCash, Quicken,
 * Moneydance, banks' "import OFX").
 *
 * What goes where, and the choices made:
 * - depository, loan and other accounts → BANKMSGSRSV1 / STMTTRNRS / STMTRS with BANKACCTFROM
 *   (ACCTTYPE from the subtype: CHECKING, SAVINGS, MONEYMRKT, CD; loans CREDITLINE; else CHECKING);
 *   credit cards → CREDITCARDMSGSRSV1 / CCSTMTTRNRS / CCSTMTRS with CCACCTFROM.
 * - Investment (brokerage) accounts are NOT written: their activity (buys, sells, units, prices)
 *   does not fit a bank statement, and an OFX investment statement needs securities data we do not
 *   keep. They are counted in `skippedInvestment`; the UI says "use CSV for those".
 * - Pending rows are left out by default (OFX has no pending state, and an importer would keep
 *   them forever after they post under another id); counted in `skippedPending`.
 * - TRNAMT keeps Ledgerline's sign, which is OFX's too: positive = money into the account. Amounts
 *   are `toDecimalString` of integer minor units, never floats. TRNTYPE: CREDIT (in), DEBIT (out),
 *   OTHER (zero).
 * - FITID is our transaction id (stable across exports, so re-importing does not duplicate); ids
 *   longer than 255 characters are shortened to a prefix plus a hash.
 * - ACCTID (at most 22 characters in the spec): our account id when it fits, else a stable 16-hex
 *   hash of it plus `-` and the last 4 of the mask. BANKID (required, 9 characters) is
 *   `000000000`: Ledgerline does not know routing numbers.
 * - NAME is the merchant (else the description), cut to 32 characters (the spec's limit); MEMO
 *   carries the full description and the user's note, cut to 255.
 * - LEDGERBAL is the account's current balance in the net-worth sign (a card's debt negative, as
 *   OFX has it); 0.00 when the provider gave none.
 * - Every text is XML-escaped, and characters XML 1.0 does not allow (control characters, lone
 *   surrogates) are dropped.
 * - Rows in another currency than their account (rare) get a statement of their own per currency.
 * - CURDEF is the stored code as it is, also where OFX expects ISO 4217 and the provider sent
 *   something else (BTC, USDT) or nothing (`?`, money.ts): an importer that refuses the statement
 *   is better than one that books 0.0123 BTC as dollars. TRNAMT then has the code's decimals.
 */
import { toDecimalString } from '../money';
import type { ExportTx } from './exportTx';

export const OFX_MIME = 'application/x-ofx';

export interface OfxAccount {
  id: string;
  name: string;
  mask: string | null;
  kind: 'depository' | 'credit' | 'loan' | 'investment' | 'other';
  subtype: string | null;
  currency: string;
  /** Net-worth sign; null when the provider gave none. */
  currentMinor: number | null;
}

export interface OfxOptions {
  /** "Now", for DTSERVER and LEDGERBAL's DTASOF. */
  generatedAt: Date;
  /** Include pending rows (default false: OFX has no pending state). */
  includePending?: boolean;
}

export interface OfxResult {
  text: string;
  /** Rows written as STMTTRN. */
  written: number;
  skippedPending: number;
  skippedInvestment: number;
  /** Rows whose account is unknown (not in `accounts`). */
  skippedUnknownAccount: number;
  statements: number;
}

export const OFX_NAME_MAX = 32;
export const OFX_MEMO_MAX = 255;
export const OFX_FITID_MAX = 255;
export const OFX_ACCTID_MAX = 22;

// Characters XML 1.0 allows: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Cut to `max` characters (code points, so a surrogate pair is never split), after cleaning. */
export function limit(value: string, max: number): string {
  const clean = value.replace(NOT_XML, '').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length <= max ? clean : chars.slice(0, max).join('').trimEnd();
}

/** FNV-1a, 64-bit, as 16 hex digits: a stable short id (not a security measure). */
export function hash64(value: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(value)) {
    h ^= BigInt(byte);
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

export function ofxAccountId(account: Pick<OfxAccount, 'id' | 'mask'>): string {
  if (account.id.length <= OFX_ACCTID_MAX && /^[\x21-\x7e]+$/.test(account.id)) return account.id;
  const mask = account.mask?.replace(/[^A-Za-z0-9]/g, '').slice(-4);
  return mask ? `${hash64(account.id)}-${mask}` : hash64(account.id);
}

export function ofxFitId(id: string): string {
  const clean = id.replace(NOT_XML, '');
  return clean.length <= OFX_FITID_MAX ? clean : `${clean.slice(0, OFX_FITID_MAX - 17)}~${hash64(clean)}`;
}

/** YYYY-MM-DD → YYYYMMDD. */
export function ofxDate(isoDay: string): string {
  return isoDay.replaceAll('-', '');
}

/** A moment → YYYYMMDDHHMMSS.XXX[+0:UTC]. */
export function ofxDateTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}[+0:UTC]`;
}

function bankAccountType(account: OfxAccount): string {
  if (account.kind === 'loan') return 'CREDITLINE';
  const sub = (account.subtype ?? '').toLowerCase();
  if (sub.includes('saving')) return 'SAVINGS';
  if (sub.includes('money market')) return 'MONEYMRKT';
  if (sub === 'cd') return 'CD';
  return 'CHECKING';
}

function trnType(amountMinor: number): string {
  if (amountMinor > 0) return 'CREDIT';
  if (amountMinor < 0) return 'DEBIT';
  return 'OTHER';
}

function el(tag: string, value: string): string {
  return `<${tag}>${xmlText(value)}</${tag}>`;
}

function stmtTrn(tx: ExportTx): string {
  const name = limit(tx.merchant?.trim() || tx.description || tx.id, OFX_NAME_MAX) || 'Transaction';
  const memoParts = [tx.description.trim(), tx.note?.trim() ?? ''].filter((s) => s.length > 0);
  const memo = limit(memoParts.join(' — '), OFX_MEMO_MAX);
  return [
    '<STMTTRN>',
    el('TRNTYPE', trnType(tx.amountMinor)),
    el('DTPOSTED', ofxDate(tx.date)),
    el('TRNAMT', toDecimalString(tx.amountMinor, tx.currency)),
    el('FITID', ofxFitId(tx.id)),
    el('NAME', name),
    memo && memo !== name ? el('MEMO', memo) : '',
    '</STMTTRN>',
  ].join('');
}

const STATUS_OK = '<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>';

interface Statement {
  account: OfxAccount;
  currency: string;
  rows: ExportTx[];
}

function statement(s: Statement, uid: number, asOf: string): string {
  const credit = s.account.kind === 'credit';
  let from = '9999-99-99';
  let to = '0000-00-00';
  for (const t of s.rows) {
    if (t.date < from) from = t.date;
    if (t.date > to) to = t.date;
  }
  const acctId = ofxAccountId(s.account);
  const acct = credit
    ? `<CCACCTFROM>${el('ACCTID', acctId)}</CCACCTFROM>`
    : `<BANKACCTFROM>${el('BANKID', '000000000')}${el('ACCTID', acctId)}${el('ACCTTYPE', bankAccountType(s.account))}</BANKACCTFROM>`;
  const balance = s.currency === s.account.currency ? (s.account.currentMinor ?? 0) : 0;
  const body = [
    el('CURDEF', s.currency),
    acct,
    '<BANKTRANLIST>',
    el('DTSTART', ofxDate(from)),
    el('DTEND', ofxDate(to)),
    ...s.rows.map(stmtTrn),
    '</BANKTRANLIST>',
    `<LEDGERBAL>${el('BALAMT', toDecimalString(balance, s.currency))}${el('DTASOF', asOf)}</LEDGERBAL>`,
  ].join('\n');
  const [trnrs, rs] = credit ? ['CCSTMTTRNRS', 'CCSTMTRS'] : ['STMTTRNRS', 'STMTRS'];
  return `<${trnrs}>\n${el('TRNUID', String(uid))}\n${STATUS_OK}\n<${rs}>\n${body}\n</${rs}>\n</${trnrs}>`;
}

/**
 * The OFX file for these rows. Rows are written in the order given within each statement;
 * statements follow the order of `accounts`.
 */
export function toOfx(rows: Iterable<ExportTx>, accounts: readonly OfxAccount[], opts: OfxOptions): OfxResult {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const statements = new Map<string, Statement>();
  let skippedPending = 0;
  let skippedInvestment = 0;
  let skippedUnknownAccount = 0;
  let written = 0;
  for (const tx of rows) {
    const account = byId.get(tx.accountId);
    if (!account) {
      skippedUnknownAccount++;
      continue;
    }
    if (account.kind === 'investment') {
      skippedInvestment++;
      continue;
    }
    if (tx.pending && !opts.includePending) {
      skippedPending++;
      continue;
    }
    const key = `${account.id}\u0000${tx.currency}`;
    let s = statements.get(key);
    if (!s) {
      s = { account, currency: tx.currency, rows: [] };
      statements.set(key, s);
    }
    s.rows.push(tx);
    written++;
  }
  const order = new Map(accounts.map((a, i) => [a.id, i]));
  const all = [...statements.values()].sort((a, b) => (order.get(a.account.id) ?? 0) - (order.get(b.account.id) ?? 0) || a.currency.localeCompare(b.currency));
  const asOf = ofxDateTime(opts.generatedAt);
  let uid = 0;
  const bank = all.filter((s) => s.account.kind !== 'credit').map((s) => statement(s, ++uid, asOf));
  const cards = all.filter((s) => s.account.kind === 'credit').map((s) => statement(s, ++uid, asOf));
  const parts = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>',
    '<OFX>',
    `<SIGNONMSGSRSV1>\n<SONRS>\n${STATUS_OK}\n${el('DTSERVER', asOf)}\n${el('LANGUAGE', 'ENG')}\n</SONRS>\n</SIGNONMSGSRSV1>`,
    bank.length ? `<BANKMSGSRSV1>\n${bank.join('\n')}\n</BANKMSGSRSV1>` : '',
    cards.length ? `<CREDITCARDMSGSRSV1>\n${cards.join('\n')}\n</CREDITCARDMSGSRSV1>` : '',
    '</OFX>',
  ].filter((p) => p.length > 0);
  return { text: parts.join('\n') + '\n', written, skippedPending, skippedInvestment, skippedUnknownAccount, statements: all.length };
}
