import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ExportTx } from '../../../../shared/export/exportTx';
import { toCsv } from '../../../../shared/export/csv';
import { cleanText, parseCsv } from '../../../../shared/import/csv';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 202 });

const fixture = (name: string) => readFileSync(`test/fixtures/import/${name}`, 'utf8');
const brief = (p: ReturnType<typeof parseCsv>) => p.rows.map((r) => [r.date, r.amountMinor, r.currency, r.description]);

describe('parseCsv on banks\' exports', () => {
  it('Chase checking: posting date, padded descriptions collapsed, the trailing comma ignored', () => {
    const p = parseCsv(fixture('chase-checking.csv'), { currency: 'USD' });
    expect(p.settings?.mapping).toMatchObject({ date: 1, description: 2, amount: 3 });
    expect(p.errors).toEqual([]);
    expect(p.warnings).toEqual([]);
    expect(brief(p)).toEqual([
      ['2024-01-31', -575, 'USD', 'STARBUCKS STORE 05412 SEATTLE WA 01/30'],
      ['2024-01-31', 215000, 'USD', 'ACME CORP PAYROLL PPD ID: 1234567890'],
      ['2024-01-29', -12000, 'USD', 'CHECK 1042'],
      ['2024-01-26', -4500, 'USD', 'Zelle payment to Jane Doe JPM99a1b2c3d'],
      ['2024-01-25', -8999, 'USD', 'COMCAST CABLE COMM 800-COMCAST CA 01/25'],
      ['2024-01-24', -6318, 'USD', 'WHOLEFDS SEA 10234 SEATTLE WA 01/23'],
    ]);
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('Chase card: the Post Date column wins over Transaction Date; category and memo kept', () => {
    const p = parseCsv(fixture('chase-credit.csv'), { currency: 'USD' });
    expect(p.settings?.mapping).toMatchObject({ date: 1, category: 3, amount: 5, memo: 6 });
    expect(p.rows[0]).toMatchObject({ date: '2024-01-31', amountMinor: -3499, category: 'Shopping', memo: null });
    expect(p.rows[3]).toMatchObject({ amountMinor: 1200, memo: 'Partial return' });
    expect(p.suggestedSign).toBeNull();
  });

  it('Bank of America: the summary block above the header is skipped and said; the balance row without an amount is an error, not dropped', () => {
    const p = parseCsv(fixture('boa-checking.csv'), { currency: 'USD' });
    expect(p.settings?.headerRow).toBe(6);
    expect(p.skipped).toBe(6);
    expect(p.warnings.map((w) => w.code)).toEqual(['skippedLines']);
    expect(p.errors).toEqual([{ line: 8, message: 'No amount.', raw: '01/01/2024,Beginning balance as of 01/01/2024,,"2,500.00"' }]);
    expect(p.rows.map((r) => r.amountMinor)).toEqual([155000, -8217, -121315, 155000, -55000]);
  });

  it('Amex: charges are positive, so the flip is suggested — and applied only when asked', () => {
    const guessed = parseCsv(fixture('amex.csv'), { currency: 'USD' });
    expect(guessed.suggestedSign).toBe('outPositive');
    expect(guessed.warnings.map((w) => w.code)).toContain('signGuess');
    expect(guessed.rows[0]!.amountMinor).toBe(41260);
    const flipped = parseCsv(fixture('amex.csv'), { currency: 'USD', sign: 'outPositive' });
    expect(flipped.rows.map((r) => r.amountMinor)).toEqual([-41260, 120000, -8743, -2310, -1549]);
    expect(flipped.rows[2]!.description).toBe('WHOLE FOODS MARKET #10234, SEATTLE');
    expect(flipped.warnings).toEqual([]);
  });

  it('German bank: BOM, semicolons, DD.MM.YYYY, decimal comma, a quoted semicolon, currency column, umlauts', () => {
    const p = parseCsv(fixture('eu-semicolon.csv'), { currency: 'USD' });
    expect(p.settings).toMatchObject({ delimiter: ';', dateOrder: 'DMY', decimalMark: ',' });
    expect(p.columns[0]).toBe('Buchungstag');
    expect(brief(p)).toEqual([
      ['2024-01-31', 321540, 'EUR', 'ACME GmbH'],
      ['2024-01-30', -4590, 'EUR', 'REWE Markt GmbH'],
      ['2024-01-15', -112000, 'EUR', 'Stadtwerke München'],
      ['2024-01-02', -95000, 'EUR', 'Miete Wohnung'],
    ]);
    expect(p.rows[1]!.memo).toBe('REWE SAGT DANKE; Karte 1234');
  });

  it('UK bank: money out / money in columns with £, DD/MM detected despite a broken row; the Total line and the broken row are errors', () => {
    const p = parseCsv(fixture('uk-debit-credit.csv'), { currency: 'GBP' });
    expect(p.settings?.mapping).toMatchObject({ amount: null, debit: 2, credit: 3 });
    expect(p.settings?.dateOrder).toBe('DMY');
    expect(brief(p)).toEqual([
      ['2024-01-03', -2450, 'GBP', 'TESCO STORES 3217'],
      ['2024-01-15', 240000, 'GBP', 'SALARY ACME LTD'],
      ['2024-01-20', -13200, 'GBP', 'COUNCIL TAX DD'],
    ]);
    expect(p.errors.map((e) => [e.line, e.message])).toEqual([[5, 'No date.'], [6, '"not-a-date" is not a date (DMY).']]);
  });

  it('no header, tabs, all days ≤ 12: the date order is reported ambiguous and the chosen one can be given', () => {
    const p = parseCsv(fixture('ambiguous-tab.csv'), { currency: 'USD' });
    expect(p.settings).toMatchObject({ delimiter: '\t', headerRow: null, dateOrder: 'MDY' });
    expect(p.dateDetection).toEqual({ candidates: ['MDY', 'DMY'], ambiguous: true, suggested: 'MDY' });
    expect(p.warnings.map((w) => w.code)).toEqual(['ambiguousDates']);
    expect(p.rows.map((r) => r.amountMinor)).toEqual([-420, 1000, -310]);
    const dmy = parseCsv(fixture('ambiguous-tab.csv'), { currency: 'USD', dateOrder: 'DMY' });
    expect(dmy.rows.map((r) => r.date)).toEqual(['2024-02-01', '2024-04-03', '2024-06-05']);
    expect(dmy.warnings).toEqual([]);
  });
});

describe('parseCsv settings', () => {
  it('given settings are used as they are (saved per institution) and come back unchanged', () => {
    const first = parseCsv(fixture('eu-semicolon.csv'), { currency: 'EUR' });
    const again = parseCsv(fixture('eu-semicolon.csv'), { currency: 'EUR', ...first.settings! });
    expect(again.settings).toEqual(first.settings);
    expect(again.rows).toEqual(first.rows);
  });

  it('a file whose columns cannot be guessed gives no settings and no rows, but the columns and a sample to map', () => {
    const p = parseCsv('Foo,Bar\nx,y\nz,w\n', { currency: 'USD' });
    expect(p.settings).toBeNull();
    expect(p.rows).toEqual([]);
    expect(p.columns).toEqual(['Foo', 'Bar']);
    expect(p.sample).toEqual([['x', 'y'], ['z', 'w']]);
  });

  it('a debit and a credit both filled net out; blank records are skipped and counted; an id column becomes the FITID', () => {
    const text = 'Date,Description,Debit,Credit,Transaction ID\n2024-01-02,A,10.00,0.00,T1\n\n2024-01-03,B,-4.00,,T2\n2024-01-04,C,,,T3\n';
    const p = parseCsv(text, { currency: 'USD' });
    expect(p.rows.map((r) => [r.amountMinor, r.fitId])).toEqual([[-1000, 'T1'], [-400, 'T2']]);
    expect(p.errors.map((e) => e.line)).toEqual([5]);
    expect(p.skipped).toBe(1);
  });

  it('a currency cell that is no code is an error, not the account\'s currency', () => {
    const p = parseCsv('Date,Description,Amount,Currency\n2024-01-02,A,1.00,Euro €\n2024-01-03,B,2.00,\n', { currency: 'USD' });
    expect(p.errors.map((e) => e.message)).toEqual(['"Euro €" is not a currency code.']);
    expect(p.rows.map((r) => r.currency)).toEqual(['USD']);
  });

  it('reports a bad amount with its record and never gives -0', () => {
    const p = parseCsv('Date,Description,Amount\n01/02/2024,A,12.3.4\n01/03/2024,B,-0.00\n', { currency: 'USD' });
    expect(p.errors).toEqual([{ line: 2, message: '"12.3.4" is not an amount.', raw: '01/02/2024,A,12.3.4' }]);
    expect(Object.is(p.rows[0]!.amountMinor, 0)).toBe(true);
  });
});

describe('Ledgerline\'s own CSV export imports back (property)', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '€', ' ', ',', ';', '"', "'", '=', '+', '-', '@', '\n', '1', '.', '#', '*', '☕'), minLength: 1, maxLength: 30 });
  const tx = fc.record({
    id: fc.stringMatching(/^[a-z]{1,8}:[A-Za-z0-9]{1,12}$/),
    date: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((t) => new Date(t).toISOString().slice(0, 10)),
    description: text.filter((t) => cleanText(t) !== ''),
    categoryLabel: fc.constantFrom('Food and drink', 'Rent', '=Formula?', ''),
    amountMinor: fc.integer({ min: -1e11, max: 1e11 }),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'BTC'),
    note: fc.option(text, { nil: null }),
  });
  it('dates, exact amounts in each row\'s currency, descriptions (white space collapsed), categories, notes and ids survive', () => {
    fc.assert(fc.property(fc.array(tx, { minLength: 1, maxLength: 15 }), (rows) => {
      const exported: ExportTx[] = rows.map((r) => ({ ...r, accountId: 'a', merchant: null, pending: false, accountName: 'Checking', accountMask: '1234', activityType: null, symbol: null, units: null, price: null, feeMinor: null }));
      const p = parseCsv(toCsv(exported, { investment: false }), { currency: 'USD', dateOrder: 'YMD', decimalMark: '.' });
      expect(p.errors).toEqual([]);
      expect(p.rows.map((r) => [r.date, r.amountMinor, r.currency, r.description, r.category, r.memo, r.fitId])).toEqual(
        rows.map((r) => [r.date, r.amountMinor, r.currency, cleanText(r.description), r.categoryLabel || null, r.note && cleanText(r.note) ? cleanText(r.note) : null, r.id]),
      );
    }), { numRuns: 150 });
  });
});
