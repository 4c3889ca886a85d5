import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQif } from '../../../../shared/import/qif';
import { toDecimalString } from '../../../../shared/money';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 204 });

const fixture = (name: string) => readFileSync(`test/fixtures/import/${name}`, 'utf8');

describe('parseQif on real-shaped files', () => {
  it('Quicken bank export: !Account and !Option read past, apostrophe and 2-digit years, U/T, payee, memo, category, number, transfers', () => {
    const p = parseQif(fixture('quicken-bank-splits.qif'), { currency: 'USD' });
    expect(p.types).toEqual(['Bank']);
    expect(p.dateOrder).toBe('MDY');
    expect(p.dateDetection.ambiguous).toBe(false);
    expect(p.rows.map((r) => [r.line, r.date, r.amountMinor, r.description, r.memo, r.category, r.checkNum])).toEqual([
      [9, '2024-01-31', -123456, 'Greenwood Property Mgmt', 'February rent', 'Housing:Rent', '1043'],
      [18, '2024-01-26', 215000, 'ACME CORP PAYROLL', null, 'Salary', null],
      [31, '2024-01-05', -8431, 'COSTCO WHSE #0123', null, null, null],
      [40, '2024-01-03', -10000, 'Transfer to savings', null, '[Savings]', null],
      [45, '1999-12-31', -999, 'Y2K SURVIVAL KIT', 'Old entry, 2-digit year', null, null],
      [50, '2024-01-12', -4500, 'SPLIT THAT DOES NOT ADD UP', null, null, null],
      [63, '2024-01-20', -725, 'LAST RECORD WITHOUT CARET', 'Blue Bottle Coffee', null, null],
    ]);
    expect(p.errors).toEqual([
      { line: 56, message: 'No date (D line).', raw: 'T-12.00\nPRECORD WITHOUT A DATE' },
      { line: 59, message: '"12..00" is not an amount.', raw: "D1/15'24\nT12..00\nPBROKEN AMOUNT" },
    ]);
  });

  it('keeps splits with their categories and memos, summing exactly; a shortfall becomes an uncategorized part and a warning', () => {
    const p = parseQif(fixture('quicken-bank-splits.qif'), { currency: 'USD' });
    const byLine = new Map(p.rows.map((r) => [r.line, r]));
    expect(byLine.get(18)!.splits).toEqual([
      { category: 'Salary:Gross', memo: 'January gross pay', amountMinor: 289000 },
      { category: 'Taxes:Federal', memo: null, amountMinor: -51240 },
      { category: 'Taxes:State', memo: null, amountMinor: -22760 },
    ]);
    expect(byLine.get(31)!.splits).toEqual([
      { category: 'Groceries', memo: null, amountMinor: -6120 },
      { category: 'Household', memo: 'Paper towels, detergent', amountMinor: -2311 },
    ]);
    expect(byLine.get(50)!.splits).toEqual([
      { category: 'Dining', memo: null, amountMinor: -4000 },
      { category: null, memo: null, amountMinor: -500 },
    ]);
    expect(byLine.get(9)!.splits).toBeNull();
    expect(p.warnings).toEqual([expect.objectContaining({ code: 'splitRemainder', message: expect.stringContaining('line 50') })]);
  });

  it('German card export: category list and memorized payees skipped, DD.MM.YYYY and decimal comma detected', () => {
    const p = parseQif(fixture('ccard-dmy-comma.qif'), { currency: 'EUR' });
    expect(p.types).toEqual(['CCard']);
    expect([p.dateOrder, p.decimalMark]).toEqual(['DMY', ',']);
    expect(p.rows.map((r) => [r.date, r.amountMinor, r.currency, r.description, r.memo, r.category])).toEqual([
      ['2024-01-31', -123456, 'EUR', 'MediaMarkt Berlin', null, 'Electronics'],
      ['2024-01-15', -4590, 'EUR', 'REWE Markt', 'Karte 1234', 'Groceries'],
      ['2024-01-02', 50000, 'EUR', 'Zahlung danke', null, null],
    ]);
    expect(p.errors).toEqual([]);
    expect(p.warnings).toEqual([]);
  });

  it('ambiguous dates are reported, and the chosen order is applied', () => {
    const p = parseQif(fixture('cash-ambiguous.qif'), { currency: 'USD' });
    expect(p.dateDetection.candidates).toEqual(['MDY', 'DMY']);
    expect(p.warnings.map((w) => w.code)).toEqual(['ambiguousDates']);
    expect(p.rows.map((r) => r.date)).toEqual(['2024-01-02', '2024-03-04']);
    expect(parseQif(fixture('cash-ambiguous.qif'), { currency: 'USD', dateOrder: 'DMY' }).rows.map((r) => r.date)).toEqual(['2024-02-01', '2024-04-03']);
  });

  it('an investment section is said, not read; a record with splits and no T gets their sum', () => {
    const p = parseQif('!Type:Invst\nD1/1/24\nNBuy\nYACME\n^\n!Type:Bank\nD1/20/24\nPShop\nSFood\n$-3.00\nSHome\n$-2.50\n^\n', { currency: 'USD' });
    expect(p.warnings.map((w) => w.code)).toEqual(['unsupported']);
    expect(p.rows.map((r) => [r.amountMinor, r.splits?.map((s) => s.amountMinor)])).toEqual([[-550, [-300, -250]]]);
  });
});

describe('splits always sum to the parent (property)', () => {
  const cents = fc.integer({ min: -10_000_000, max: 10_000_000 });
  it('whatever split amounts a file holds, and whether or not T agrees with them', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ total: fc.option(cents, { nil: undefined }), parts: fc.array(cents, { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 10 }),
      fc.constantFrom('.', ',') as fc.Arbitrary<'.' | ','>,
      (records, mark) => {
        const money = (minor: number) => (mark === '.' ? toDecimalString(minor, 'USD') : toDecimalString(minor, 'USD').replace('.', ','));
        const text = ['!Type:Bank', ...records.flatMap((r, i) => [
          `D01/${String((i % 28) + 1).padStart(2, '0')}/2024`,
          ...(r.total === undefined ? [] : [`T${money(r.total)}`]),
          `PPayee ${i}`,
          ...r.parts.flatMap((p, k) => [`SCat ${k}`, `$${money(p)}`]),
          '^',
        ])].join('\n');
        const p = parseQif(text, { currency: 'USD', decimalMark: mark, dateOrder: 'MDY' });
        expect(p.errors).toEqual([]);
        expect(p.rows).toHaveLength(records.length);
        p.rows.forEach((row, i) => {
          const r = records[i]!;
          const given = r.parts.reduce((a, b) => a + b, 0);
          expect(row.amountMinor).toBe(r.total ?? given);
          expect(row.splits!.reduce((n, s) => n + s.amountMinor, 0)).toBe(row.amountMinor);
          expect(row.splits!.slice(0, r.parts.length).map((s) => s.amountMinor)).toEqual(r.parts);
          expect(row.splits!.length).toBe(r.total === undefined || r.total === given ? r.parts.length : r.parts.length + 1);
        });
      },
    ), { numRuns: 200 });
  });
});
