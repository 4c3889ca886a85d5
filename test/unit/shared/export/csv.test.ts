import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { BOM, csvChunks, csvColumns, csvField, guardFormula, toCsv, unguardFormula } from '../../../../shared/export/csv';
import type { ExportTx } from '../../../../shared/export/exportTx';
import { currencyExponent, toMinorUnits } from '../../../../shared/money';

const base: ExportTx = {
  id: 'plaid:tx_1', accountId: 'plaid:acc_1', date: '2026-03-14', description: 'Coffee', merchant: null,
  categoryLabel: 'Food & drink', amountMinor: -450, currency: 'USD', pending: false, accountName: 'Checking',
  accountMask: '0000', note: null, activityType: null, symbol: null, units: null, price: null, feeMinor: null,
};
const tx = (over: Partial<ExportTx>): ExportTx => ({ ...base, ...over });

/** Reads an exported CSV back into ExportTx values, undoing the documented rules (formula guard, decimals). */
function readBack(csv: string, investment: boolean): { header: string[]; rows: Omit<ExportTx, 'accountId'>[] } {
  const parsed = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: false, newline: '\r\n', delimiter: ',' });
  expect(parsed.errors).toEqual([]);
  const data = parsed.data;
  // The file ends with CRLF: papaparse reports one empty trailing line.
  const last = data.at(-1);
  if (last && last.length === 1 && last[0] === '') data.pop();
  const [header = [], ...records] = data;
  const col = (r: string[], name: string) => {
    const i = header.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    return r[i] ?? '';
  };
  const textOrNull = (v: string) => (v === '' ? null : unguardFormula(v));
  const rows = records.map((r) => {
    expect(r.length).toBe(header.length);
    const currency = col(r, 'Currency');
    return {
      id: unguardFormula(col(r, 'Id')),
      date: col(r, 'Date'),
      description: unguardFormula(col(r, 'Description')),
      merchant: textOrNull(col(r, 'Merchant')),
      categoryLabel: unguardFormula(col(r, 'Category')),
      amountMinor: toMinorUnits(col(r, 'Amount'), currency),
      currency,
      pending: col(r, 'Status') === 'pending',
      accountName: unguardFormula(col(r, 'Account')),
      accountMask: textOrNull(col(r, 'Account mask')),
      note: textOrNull(col(r, 'Note')),
      activityType: investment ? textOrNull(col(r, 'Activity')) : null,
      symbol: investment ? textOrNull(col(r, 'Symbol')) : null,
      units: investment ? col(r, 'Units') || null : null,
      price: investment ? col(r, 'Price') || null : null,
      feeMinor: investment && col(r, 'Fee') !== '' ? toMinorUnits(col(r, 'Fee'), currency) : null,
    };
  });
  return { header, rows };
}

const strip = ({ accountId: _a, ...rest }: ExportTx) => rest;

describe('CSV export', () => {
  it('writes RFC 4180: BOM, CRLF records, quotes only where needed, inner quotes doubled', () => {
    const csv = toCsv([tx({ description: 'Say "hi", then\nleave', merchant: 'Plain' })], { investment: false });
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')[0]).toBe('Date,Description,Merchant,Category,Amount,Currency,Status,Account,Account mask,Note,Id,Tags,Excluded');
    expect(csv).toContain(',"Say ""hi"", then\nleave",Plain,Food & drink,-4.50,USD,posted,Checking,0000,,plaid:tx_1,,\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
    // No bare LF outside quoted fields: every record separator is CRLF.
    expect(csv.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    expect(toCsv([], { investment: false, bom: false }).startsWith('Date,')).toBe(true);
  });

  it('marks the user\'s tags and an excluded row in their own columns (issue 20)', () => {
    const csv = toCsv([tx({ tags: ['trip', 'food'], excluded: true }), tx({ id: 'plaid:tx_2' })], { investment: false, bom: false });
    const [header = '', first = '', second = ''] = csv.split('\r\n');
    expect(header.split(',').slice(-2)).toEqual(['Tags', 'Excluded']);
    expect(first.endsWith(',plaid:tx_1,#trip #food,yes')).toBe(true);
    expect(second.endsWith(',plaid:tx_2,,')).toBe(true);
    // Before the investment columns, which keep their place at the end.
    expect(csvColumns({ investment: true }).slice(-7, -5)).toEqual(['Tags', 'Excluded']);
  });

  it('quotes commas, quotes, CR, LF and edge spaces, and nothing else', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('Café €5')).toBe('Café €5');
  });

  it('writes amounts as exact decimals in the currency exponent, never floats or guarded', () => {
    const rows = [
      tx({ id: 'a', amountMinor: -1, currency: 'USD' }),
      tx({ id: 'b', amountMinor: 123456789012, currency: 'EUR' }),
      tx({ id: 'c', amountMinor: -1500, currency: 'JPY' }),
      tx({ id: 'd', amountMinor: 1234, currency: 'BHD' }),
      tx({ id: 'e', amountMinor: 0, currency: 'USD' }),
    ];
    const amounts = Papa.parse<string[]>(toCsv(rows, { investment: false }).slice(1), { skipEmptyLines: true, delimiter: ',' }).data.slice(1).map((r) => r[4]);
    expect(amounts).toEqual(['-0.01', '1234567890.12', '-1500', '1.234', '0.00']);
  });

  it('guards text cells against formula injection, reversibly; never the numeric columns', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', "'=already", "''+x"]) {
      expect(guardFormula(evil)).toBe(`'${evil}`);
      expect(unguardFormula(guardFormula(evil))).toBe(evil);
    }
    for (const safe of ["'quoted", 'normal', '', "it's", '1+1']) {
      expect(guardFormula(safe)).toBe(safe);
      expect(unguardFormula(safe)).toBe(safe);
    }
    const csv = toCsv([tx({ description: '=cmd|calc', note: '@x', amountMinor: -1250, feeMinor: -5, units: '-3.5' })], { investment: true, bom: false });
    const [, record = []] = Papa.parse<string[]>(csv, { skipEmptyLines: true, delimiter: ',' }).data;
    expect(record[1]).toBe("'=cmd|calc");
    expect(record[9]).toBe("'@x");
    expect(record[4]).toBe('-12.50');
    expect(record[15]).toBe('-3.5');
    expect(record[17]).toBe('-0.05');
  });

  it('adds the investment columns when asked', () => {
    expect(csvColumns({ investment: true }).slice(-5)).toEqual(['Activity', 'Symbol', 'Units', 'Price', 'Fee']);
    const rows = [tx({ activityType: 'BUY', symbol: 'VTI', units: '0.125', price: '245.3301', feeMinor: -99, amountMinor: -3066 })];
    expect(readBack(toCsv(rows, { investment: true }), true).rows).toEqual(rows.map(strip));
  });

  it('streams: a header chunk, then one chunk per batch of records, never the whole table at once', () => {
    const rows = Array.from({ length: 1234 }, (_, i) => tx({ id: `t${i}` }));
    let produced = 0;
    function* lazy() {
      for (const r of rows) {
        produced++;
        yield r;
      }
    }
    const gen = csvChunks(lazy(), { investment: false, chunkRecords: 500 });
    expect(gen.next().value).toMatch(/^\uFEFFDate,/);
    expect(produced).toBe(0);
    const first = gen.next().value ?? '';
    expect(produced).toBe(500);
    expect(first.split('\r\n').length - 1).toBe(500);
    const rest = [...gen];
    expect(rest.length).toBe(2);
    expect(produced).toBe(1234);
  });

  it('round-trips through papaparse: ids, amounts to the minor unit, currencies, dates and awkward texts', () => {
    const rows = [
      tx({ id: 'plaid:1', description: 'Comma, inside', merchant: 'Quote "here"', note: 'line1\nline2\r\nline3' }),
      tx({ id: 'moneykit:2', description: 'Café — 東京 🍣', merchant: 'Zoë', currency: 'JPY', amountMinor: 1500, pending: true }),
      tx({ id: 'plaid:3', description: '=2+3', merchant: '-minus', categoryLabel: '+plus', note: '@at', accountMask: null }),
      tx({ id: 'plaid:4', description: ' spaces ', merchant: '', note: '', accountName: 'Savings, joint', currency: 'KWD', amountMinor: -12345 }),
    ];
    const back = readBack(toCsv(rows, { investment: false }), false);
    // An empty merchant/note reads back as null: the file has one empty cell for both.
    const expected = rows.map(strip).map((r) => ({ ...r, merchant: r.merchant || null, note: r.note || null }));
    expect(back.rows).toEqual(expected);
  });

  it('round-trips any transaction (property)', () => {
    const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'GBP', 'CLF');
    const awkward = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', "'", '\t', ' ', 'é', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 30 });
    const nonEmpty = (a: fc.Arbitrary<string>) => a.filter((s) => s.length > 0);
    const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const row = fc.record({
      id: nonEmpty(awkward),
      accountId: fc.constant('acc'),
      date: day,
      description: awkward,
      merchant: fc.option(nonEmpty(awkward), { nil: null }),
      categoryLabel: awkward,
      amountMinor: fc.maxSafeInteger().map((n) => Math.trunc(n / 1000) || 0),
      currency,
      pending: fc.boolean(),
      accountName: awkward,
      accountMask: fc.option(nonEmpty(awkward), { nil: null }),
      note: fc.option(nonEmpty(awkward), { nil: null }),
      activityType: fc.option(nonEmpty(awkward), { nil: null }),
      symbol: fc.option(nonEmpty(awkward), { nil: null }),
      units: fc.option(fc.constantFrom('1', '-0.5', '12.000001'), { nil: null }),
      price: fc.option(fc.constantFrom('10', '0.0001', '245.3301'), { nil: null }),
      feeMinor: fc.option(fc.integer({ min: -100000, max: 100000 }), { nil: null }),
    }).map((r): ExportTx => r);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.boolean(), (rows, investment) => {
        const back = readBack(toCsv(rows, { investment }), investment).rows;
        const expected = rows.map(strip).map((r) => investment ? r : { ...r, activityType: null, symbol: null, units: null, price: null, feeMinor: null });
        expect(back).toEqual(expected);
        for (const r of back) expect(currencyExponent(r.currency)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
