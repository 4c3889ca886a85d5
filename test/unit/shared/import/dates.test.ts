import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDateOrder, isoDay, parseDate } from '../../../../shared/import/dates';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 206 });

describe('parseDate', () => {
  it('reads each order with its separators, and a 4-digit first field as a year', () => {
    expect(parseDate('2024-01-31', 'MDY')).toBe('2024-01-31');
    expect(parseDate('20240131', 'DMY')).toBe('2024-01-31');
    expect(parseDate('2024/1/5', 'YMD')).toBe('2024-01-05');
    expect(parseDate('01/31/2024', 'MDY')).toBe('2024-01-31');
    expect(parseDate('31/01/2024', 'DMY')).toBe('2024-01-31');
    expect(parseDate('31.01.2024', 'DMY')).toBe('2024-01-31');
    expect(parseDate('31-01-2024', 'DMY')).toBe('2024-01-31');
    expect(parseDate('01/31/2024 10:15:00 PM', 'MDY')).toBe('2024-01-31');
  });

  it('refuses what is not a real date in that order', () => {
    expect(parseDate('01/31/2024', 'DMY')).toBeNull();
    expect(parseDate('02/30/2024', 'MDY')).toBeNull();
    expect(parseDate('02/29/2023', 'MDY')).toBeNull();
    expect(parseDate('02/29/2024', 'MDY')).toBe('2024-02-29');
    expect(parseDate('01/02/2024', 'YMD')).toBeNull();
    expect(parseDate('Total', 'MDY')).toBeNull();
    expect(parseDate('', 'MDY')).toBeNull();
    expect(parseDate('1/2/3/4', 'MDY')).toBeNull();
  });

  it('reads two-digit years with a fixed pivot and Quicken\'s apostrophe as the 2000s', () => {
    expect(parseDate('1/31/24', 'MDY')).toBe('2024-01-31');
    expect(parseDate('1/31/69', 'MDY')).toBe('2069-01-31');
    expect(parseDate('1/31/70', 'MDY')).toBe('1970-01-31');
    expect(parseDate('12/31/98', 'MDY')).toBe('1998-12-31');
    expect(parseDate("1/31'24", 'MDY')).toBe('2024-01-31');
    expect(parseDate("1/31' 4", 'MDY')).toBe('2004-01-31');
    expect(parseDate("31/1'99", 'DMY')).toBe('2099-01-31');
  });

  it('reads month names whatever the order', () => {
    for (const order of ['MDY', 'DMY', 'YMD'] as const) {
      expect(parseDate('31 Jan 2024', order)).toBe('2024-01-31');
      expect(parseDate('Jan 31, 2024', order)).toBe('2024-01-31');
      expect(parseDate('31-JAN-24', order)).toBe('2024-01-31');
      expect(parseDate('September 3 2024', order)).toBe('2024-09-03');
      expect(parseDate('3 Sept 2024', order)).toBe('2024-09-03');
    }
    expect(parseDate('31 Jabberwock 2024', 'MDY')).toBeNull();
  });

  it('round-trips every real day in every numeric order (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
      const iso = isoDay(y, m, d);
      fc.pre(iso !== null);
      const [yy, mm, dd] = [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')];
      expect(parseDate(`${mm}/${dd}/${yy}`, 'MDY')).toBe(iso);
      expect(parseDate(`${dd}.${mm}.${yy}`, 'DMY')).toBe(iso);
      expect(parseDate(`${yy}-${mm}-${dd}`, 'YMD')).toBe(iso);
    }));
  });
});

describe('detectDateOrder', () => {
  it('decides when one day is over 12', () => {
    expect(detectDateOrder(['01/02/2024', '01/31/2024'])).toEqual({ candidates: ['MDY'], ambiguous: false, suggested: 'MDY' });
    expect(detectDateOrder(['01/02/2024', '31/01/2024'])).toEqual({ candidates: ['DMY'], ambiguous: false, suggested: 'DMY' });
  });

  it('reports an ambiguity when every day is 12 or less, with the preferred order first', () => {
    expect(detectDateOrder(['01/02/2024', '03/04/2024'])).toEqual({ candidates: ['MDY', 'DMY'], ambiguous: true, suggested: 'MDY' });
    expect(detectDateOrder(['01/02/2024'], 'DMY').suggested).toBe('DMY');
  });

  it('is not ambiguous when the orders agree (ISO, month names, same day and month)', () => {
    expect(detectDateOrder(['2024-01-02', '2024-03-04']).ambiguous).toBe(false);
    expect(detectDateOrder(['05/05/2024', '07/07/2024']).ambiguous).toBe(false);
    expect(detectDateOrder(['2 Jan 2024']).ambiguous).toBe(false);
  });

  it('ignores samples no order reads (a Total line) and blank ones', () => {
    expect(detectDateOrder(['15/01/2024', 'not-a-date', '', '20/01/2024']).candidates).toEqual(['DMY']);
    expect(detectDateOrder(['Total']).suggested).toBeNull();
  });
});
