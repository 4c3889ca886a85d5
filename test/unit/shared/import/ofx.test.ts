import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ExportTx } from '../../../../shared/export/exportTx';
import { toOfx, type OfxAccount } from '../../../../shared/export/ofx';
import { describeOfxRow, ofxAmount, ofxDay, parseOfx } from '../../../../shared/import/ofx';
import type { ImportRow } from '../../../../shared/import/types';
import { cpuMs } from '../../../support/cpuTime';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 203 });

const fixture = (name: string) => readFileSync(`test/fixtures/import/${name}`, 'utf8');
const brief = (rows: ImportRow[]) => rows.map((r) => [r.date, r.amountMinor, r.currency, r.description, r.memo, r.fitId]);

describe('parseOfx on banks\' files', () => {
  it('credit union, OFX 1.02 SGML with CRLF: missing end tags, mixed closed leaves, an empty MEMO, AT&T bare and escaped, zone offsets, two accounts', () => {
    const p = parseOfx(fixture('credit-union-sgml.ofx'));
    expect(p.version).toBe(1);
    expect(p.header).toMatchObject({ OFXHEADER: '100', DATA: 'OFXSGML', CHARSET: '1252' });
    expect(p.institution).toEqual({ org: 'Riverbend Community Credit Union', fid: '31337', intuBid: null });
    expect(p.statements.map((s) => [s.kind, s.accountId, s.bankId, s.accountType, s.currency, s.ledgerBalance])).toEqual([
      ['bank', '0001234567-S01', '271987654', 'CHECKING', 'USD', { amountMinor: 152345, date: '2024-01-31' }],
      ['bank', '0001234567-S00', '271987654', 'SAVINGS', 'USD', { amountMinor: 500042, date: '2024-01-31' }],
    ]);
    expect(brief(p.statements[0]!.rows)).toEqual([
      ['2024-01-31', -4217, 'USD', 'AT&T MOBILITY', 'AT&T *BILL PAYMENT 800-331-0500 TX', '202401310001'],
      ['2024-01-29', -12000, 'USD', 'CHECK 1042', null, '202401290007'],
      ['2024-01-26', 215000, 'USD', 'ACME CORP PAYROLL', null, '202401260003'],
      // 23:00 in Los Angeles is the 26th in UTC: the bank's calendar date is kept.
      ['2024-01-25', -575, 'USD', 'SQ *BLUE BOTTLE COFFEE', 'Card 4821 — Oakland CA', '202401250011'],
      ['2024-01-31', -300, 'USD', 'MONTHLY SERVICE FEE', null, null],
    ]);
    expect(p.statements[0]!.rows[1]!.checkNum).toBe('1042');
    expect(p.statements[1]!.rows.map((r) => r.amountMinor)).toEqual([42]);
    expect(p.errors).toEqual([{ line: 76, message: '"2024013" is not a date.', raw: '<TRNTYPE>DEBIT<DTPOSTED>2024013<TRNAMT>-1.00<FITID>202401250012<NAME>BROKEN DATE' }]);
    expect(p.warnings).toEqual([]);
  });

  it('QFX from a Quicken-style export: one-line SGML, INTU.BID, a card statement with a 31-digit FITID', () => {
    const p = parseOfx(fixture('quicken-card.qfx'));
    expect(p.institution).toEqual({ org: 'B1', fid: '10898', intuBid: '10898' });
    const [s] = p.statements;
    expect(s).toMatchObject({ kind: 'creditcard', accountId: '4111111111111111', bankId: null, currency: 'USD', ledgerBalance: { amountMinor: -184327, date: '2024-02-04' } });
    expect(brief(s!.rows)).toEqual([
      // NAME cut by the bank, MEMO holding the whole text: the whole text is the description.
      ['2024-02-03', -3499, 'USD', 'AMAZON MKTPL*R12AB3CD4 Amzn.com/bill WA', null, '2024020324692164034100012345678'],
      ['2024-02-02', -1840, 'USD', 'UBER *TRIP', 'HELP.UBER.COM CA', '2024020224692164033100098765432'],
      ['2024-02-01', 50000, 'USD', 'Payment Thank You-Mobile', null, '2024020174692164032100011111111'],
      ['2024-01-31', -123456, 'USD', 'BEST BUY 00012345', null, '2024013124692164031100022222222'],
    ]);
    expect(p.errors).toEqual([]);
  });

  it('OFX 2.11 XML: indentation, entities, CDATA, PAYEE aggregate, a decimal comma, a row in another currency', () => {
    const p = parseOfx(fixture('bank-xml.ofx'));
    expect(p.version).toBe(2);
    expect(p.header).toMatchObject({ OFXHEADER: '200', VERSION: '211', ENCODING: 'UTF-8' });
    expect(brief(p.statements[0]!.rows)).toEqual([
      ['2024-02-29', -112000, 'EUR', 'Stadtwerke Muenchen GmbH Abschlag Strom 02/2024 <Vertrag 55>', null, 'NW-2024-02-29-0001'],
      ['2024-02-28', 321540, 'EUR', 'ACME GmbH', 'Gehalt Februar & Bonus', 'NW-2024-02-28-0001'],
      ['2024-02-15', -2500, 'CHF', 'Hotel Zürich', null, 'NW-2024-02-15-0003'],
    ]);
    expect(p.statements[0]!.ledgerBalance).toEqual({ amountMinor: 421077, date: '2024-02-29' });
  });

  it('a file cut short and with unsigned debits: both read and both said', () => {
    const p = parseOfx(fixture('unsigned-amounts.ofx'));
    expect(p.statements[0]!.rows.map((r) => r.amountMinor)).toEqual([-2450, 240000, -13200]);
    expect(p.warnings.map((w) => w.code)).toEqual(['truncated', 'signGuess']);
  });

  it('refuses a file that is no OFX, and reports a bank error status', () => {
    const not = parseOfx('Date,Amount\n2024-01-01,1\n');
    expect(not.statements).toEqual([]);
    expect(not.errors[0]!.message).toMatch(/not an OFX file/);
    const failed = parseOfx('<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Signon invalid</STATUS></SONRS></SIGNONMSGSRSV1></OFX>');
    expect(failed.warnings).toEqual([{ code: 'unsupported', message: 'The bank reported an error in the file: Signon invalid.' }]);
  });

  it('a statement without CURDEF takes the fallback currency and says so', () => {
    const p = parseOfx('<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CCACCTFROM><ACCTID>9</CCACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>-1.5<FITID>a</STMTTRN></BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>', { fallbackCurrency: 'jpy' });
    expect(p.statements[0]!.currency).toBe('JPY');
    expect(p.statements[0]!.rows[0]!.amountMinor).toBe(-2);
    expect(p.warnings.map((w) => w.code)).toEqual(['noCurrency']);
  });

  it('an empty leaf without an end tag does not swallow its siblings (SGML)', () => {
    const p = parseOfx('<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<MEMO>\n<DTPOSTED>20240102<TRNAMT>-1.00<FITID>x<NAME>Shop</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>');
    expect(brief(p.statements[0]!.rows)).toEqual([['2024-01-02', -100, 'USD', 'Shop', null, 'x']]);
  });

  it('reads a long tag name in linear time (no regular-expression backtracking)', () => {
    const tag = 'A'.repeat(5000);
    const text = `OFXHEADER:100\n<OFX><${tag}>x<${tag}2>y</OFX>`;
    expect(parseOfx(text).errors).toEqual([]);
    // CPU, not the clock (a busy machine): ofx-js's backtracking took 2.2 s on 24 letters, ×4 per 2 more.
    expect(cpuMs(() => parseOfx(text))).toBeLessThan(1000);
  });
});

describe('field helpers', () => {
  it('ofxDay keeps the bank\'s calendar date whatever the time and zone', () => {
    expect(ofxDay('20240131235959.999[-12:IDLW]')).toBe('2024-01-31');
    expect(ofxDay('20240101000000[+14]')).toBe('2024-01-01');
    expect(ofxDay('20240230')).toBeNull();
    expect(ofxDay(null)).toBeNull();
  });

  it('ofxAmount reads signs, a decimal comma and refuses junk', () => {
    expect(ofxAmount('+12.30', 'USD')).toBe(1230);
    expect(ofxAmount('-12,3', 'EUR')).toBe(-1230);
    expect(ofxAmount('1.5', 'JPY')).toBe(2);
    expect(ofxAmount('abc', 'USD')).toBeNull();
  });

  it('describeOfxRow: NAME cut from MEMO, MEMO with our "description — note" form, unrelated MEMO', () => {
    expect(describeOfxRow('WHOLEFDS', 'WHOLEFDS SEA 10234')).toEqual({ description: 'WHOLEFDS SEA 10234', memo: null });
    expect(describeOfxRow('Coffee', 'Coffee — with Sam')).toEqual({ description: 'Coffee', memo: 'with Sam' });
    expect(describeOfxRow('Shop', 'Card 1234')).toEqual({ description: 'Shop', memo: 'Card 1234' });
    expect(describeOfxRow(null, 'Only memo')).toEqual({ description: 'Only memo', memo: null });
    expect(describeOfxRow('Same', 'Same')).toEqual({ description: 'Same', memo: null });
  });
});

// ─── import → export (shared/export/ofx.ts) → import ───

const ACCOUNT: OfxAccount = { id: 'acct-1', name: 'Checking', mask: '1234', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 12345 };
const CARD: OfxAccount = { ...ACCOUNT, id: 'card-1', kind: 'credit', subtype: null };

/** An imported row as the exporter takes it: our id is the FITID, the memo the note. */
function asExport(row: ImportRow, account: OfxAccount, index: number): ExportTx {
  return {
    id: row.fitId ?? `line-${index}`, accountId: account.id, date: row.date, description: row.description, merchant: null,
    categoryLabel: '', amountMinor: row.amountMinor, currency: row.currency, pending: false, accountName: account.name,
    accountMask: account.mask, note: row.memo, activityType: null, symbol: null, units: null, price: null, feeMinor: null,
  };
}

function roundTrip(rows: ImportRow[], account: OfxAccount): ImportRow[] {
  const { text } = toOfx(rows.map((r, i) => asExport(r, account, i)), [account], { generatedAt: new Date('2024-03-01T00:00:00Z') });
  const p = parseOfx(text);
  expect(p.errors).toEqual([]);
  return p.statements.flatMap((s) => s.rows);
}

const fields = (rows: ImportRow[]) => rows.map(({ line: _line, ...rest }) => rest);

describe('import → export → import', () => {
  it('on every fixture: the first cycle keeps every field but CHECKNUM (the exporter writes none) and a missing FITID (our id becomes it); the second is a fixed point', () => {
    for (const [file, account] of [['credit-union-sgml.ofx', ACCOUNT], ['quicken-card.qfx', CARD], ['bank-xml.ofx', ACCOUNT]] as const) {
      for (const s of parseOfx(fixture(file)).statements) {
        const first = s.rows.filter((r) => r.currency === s.currency);
        const once = roundTrip(first, account);
        expect(fields(once).map((r, i) => ({ ...r, checkNum: first[i]!.checkNum, fitId: first[i]!.fitId })), file).toEqual(fields(first));
        expect(once.map((r, i) => r.fitId ?? `lost ${i}`), file).toEqual(first.map((r, i) => r.fitId ?? `line-${i}`));
        expect(fields(roundTrip(once, account)), file).toEqual(fields(once));
      }
    }
  });

  const word = fc.stringMatching(/^[A-Za-z0-9&'*#.\-/éü]{1,12}$/);
  const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
  const row = fc.record({
    date: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((t) => new Date(t).toISOString().slice(0, 10)),
    amountMinor: fc.integer({ min: -1e11, max: 1e11 }),
    description: text,
    memo: fc.option(text, { nil: null }),
    fitId: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
  });

  it('is idempotent for any rows (property): dates, exact amounts, FITIDs, descriptions of any length and memos survive', () => {
    fc.assert(fc.property(fc.uniqueArray(row, { selector: (r) => r.fitId, minLength: 1, maxLength: 20 }), fc.boolean(), fc.constantFrom('USD', 'JPY', 'BHD'), (generated, card, currency) => {
      const rows: ImportRow[] = generated.map((g, i) => ({ ...g, line: i, currency, category: null, checkNum: null, splits: null }));
      const account = { ...(card ? CARD : ACCOUNT), currency };
      const once = roundTrip(rows, account);
      expect(fields(once)).toEqual(fields(rows));
      expect(fields(roundTrip(once, account))).toEqual(fields(once));
    }), { numRuns: 150 });
  });
});
