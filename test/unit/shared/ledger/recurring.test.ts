import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, detectRecurring, nextOccurrence, occurrencesBetween, type RecurringSource } from '../../../../shared/ledger/recurring';

let n = 0;
const tx = (merchant: string, amountMinor: number, date: string, accountId = 'chk'): RecurringSource =>
  ({ id: `t${String(++n).padStart(5, '0')}`, accountId, amountMinor, currency: 'USD', date, pending: false, merchant });

/** Monthly rows on day `dom` from `start` (YYYY-MM), `count` of them, skipping the indexes in `skip`. */
function monthly(merchant: string, amounts: (i: number) => number, start: string, count: number, dom: number, skip: readonly number[] = []): RecurringSource[] {
  return Array.from({ length: count }, (_, i) => i).filter((i) => !skip.includes(i)).map((i) => tx(merchant, amounts(i), addMonths(`${start}-01`, i, dom)));
}

describe('calendar helpers', () => {
  it('adds months with end-of-month clamping and keeps a monthly anchor across a weekend shift', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3, 1)).toBe('2027-02-01');
    // The March 1st rent came on the 2nd (a Monday): the next is still April 1st.
    expect(nextOccurrence('monthly', '2026-03-02', [{ date: '2026-01-01' }, { date: '2026-02-01' }, { date: '2026-03-02' }])).toBe('2026-04-01');
    // Paid early on Feb 27 for March: the next is April 1st, not March 1st.
    expect(nextOccurrence('monthly', '2026-02-27', [{ date: '2025-12-01' }, { date: '2026-01-01' }, { date: '2026-02-27' }])).toBe('2026-04-01');
    const payroll = [{ date: '2026-02-01' }, { date: '2026-02-15' }, { date: '2026-03-01' }, { date: '2026-03-15' }];
    expect(nextOccurrence('semimonthly', '2026-03-15', payroll)).toBe('2026-04-01');
    expect(nextOccurrence('semimonthly', '2026-04-01', payroll)).toBe('2026-04-15');
    expect(occurrencesBetween({ cadence: 'semimonthly', nextDate: '2026-04-01' }, payroll, '2026-04-01', '2026-05-10')).toEqual(['2026-04-01', '2026-04-15', '2026-05-01']);
  });
});

describe('detectRecurring', () => {
  const today = '2026-06-10';

  it('finds rent, payroll, a drifting utility and a subscription whose price changed, with next dates and amounts', () => {
    const rent = monthly('GREENLINE PROPERTY MGMT WEB PMTS', () => -165_000, '2025-07', 12, 1);
    const payroll = [...monthly('ACME CORP DIRECT DEP PPD ID: 1234567890', () => 310_000, '2025-07', 12, 1), ...monthly('ACME CORP DIRECT DEP PPD ID: 1234567890', () => 310_000, '2025-07', 11, 15)];
    const power = monthly('City Power & Light', (i) => -(9_000 + ((i * 3_700) % 4_100)), '2025-07', 12, 9);
    // "Netflix" and the raw "NETFLIX.COM" are one merchant; +$2.00 from the last charge.
    const netflix = monthly('Netflix', (i) => (i < 11 ? -1_549 : -1_749), '2025-07', 12, 20).map((r, i) => (i % 3 === 0 ? { ...r, merchant: 'NETFLIX.COM' } : r));
    const coffee = Array.from({ length: 60 }, (_, i) => tx('Starbucks', -450 - (i % 5) * 20, addMonths('2026-01-01', 0, 1 + (i % 28)).replace(/-01-/, `-0${1 + (i % 5)}-`)));
    const found = detectRecurring([...coffee, ...power, ...rent, ...netflix, ...payroll], today);
    const by = (key: string) => found.find((s) => s.merchantKey === key);
    expect(found.map((s) => s.merchantKey).sort()).toEqual(['acme corp direct dep ppd id', 'city power light', 'greenline property mgmt web pmts', 'netflix']);
    expect(by('greenline property mgmt web pmts')).toMatchObject({ cadence: 'monthly', nextDate: '2026-07-01', nextAmountMinor: -165_000, fixedAmount: true, missedDate: null, direction: 'out' });
    expect(by('acme corp direct dep ppd id')).toMatchObject({ cadence: 'semimonthly', nextDate: '2026-06-15', nextAmountMinor: 310_000, direction: 'in' });
    expect(by('city power light')).toMatchObject({ cadence: 'monthly', nextDate: '2026-07-09', fixedAmount: false, changedByMinor: null });
    expect(by('netflix')).toMatchObject({ cadence: 'monthly', nextDate: '2026-07-20', lastAmountMinor: -1_749, previousAmountMinor: -1_549, changedByMinor: -200, nextAmountMinor: -1_749, count: 12 });
  });

  it('tolerates weekend shifts and flags a bill whose expected date went by', () => {
    const shifted = monthly('Gym Co', () => -4_000, '2025-09', 8, 5).map((r, i) => (i % 2 === 0 ? { ...r, date: addMonths(r.date, 0, 7) } : r));
    const [gym] = detectRecurring(shifted, '2026-05-20');
    // The last one was due April 5th (came on the 7th); May 5th + 5 days' grace has passed.
    expect(gym).toMatchObject({ cadence: 'monthly', missedDate: '2026-05-05', nextDate: '2026-06-05' });
  });

  it('forgets a series that stopped more than two periods ago, and needs enough rows', () => {
    expect(detectRecurring(monthly('Old Sub', () => -999, '2025-01', 5, 3), today)).toEqual([]);
    expect(detectRecurring(monthly('Two Rows', () => -999, '2026-04', 2, 3), today)).toEqual([]);
  });

  it('finds weekly, bi-weekly and yearly cadences', () => {
    const weekly = Array.from({ length: 10 }, (_, i) => tx('Farm Box', -3_000, new Date(Date.UTC(2026, 3, 3 + 7 * i)).toISOString().slice(0, 10)));
    const biweekly = Array.from({ length: 8 }, (_, i) => tx('Initech Payroll', 200_000, new Date(Date.UTC(2026, 1, 6 + 14 * i)).toISOString().slice(0, 10)));
    const yearly = [tx('Domain Renewal', -1_500, '2024-08-01'), tx('Domain Renewal', -1_500, '2025-08-02')];
    const found = detectRecurring([...weekly, ...biweekly, ...yearly], today);
    expect(found.map((s) => [s.merchantKey, s.cadence, s.nextDate])).toEqual(expect.arrayContaining([
      ['farm box', 'weekly', '2026-06-12'], ['initech payroll', 'biweekly', '2026-06-12'], ['domain renewal', 'yearly', '2026-08-02'],
    ]));
  });

  const seriesArb = fc.record({
    dom: fc.integer({ min: 1, max: 28 }),
    count: fc.integer({ min: 6, max: 14 }),
    missing: fc.nat(),
    amount: fc.integer({ min: 500, max: 200_000 }),
    drift: fc.boolean(),
    noise: fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 100, max: 9_000 }) }), { maxLength: 30 }),
  });

  it('property: a monthly series with one missed month is still found, with the missed month counted as a gap', () => {
    fc.assert(fc.property(seriesArb, ({ dom, count, missing, amount, drift }) => {
      const skip = 1 + (missing % (count - 2)); // not the first or the last
      const end = addMonths('2026-06-01', -1, dom);
      const start = addMonths(end, -(count - 1), dom).slice(0, 7);
      const rows = monthly('Steady Bill', (i) => -(drift ? amount + ((i * 37) % Math.max(1, Math.floor(amount / 10))) : amount), start, count, dom, [skip]);
      const found = detectRecurring(rows, end);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ cadence: 'monthly', gaps: 1, count: count - 1, nextDate: addMonths(end, 1, dom) });
    }), { seed: 9, numRuns: 200 });
  });

  it('property: shuffling the input order changes nothing', () => {
    fc.assert(fc.property(seriesArb, fc.integer(), ({ dom, count, amount, noise }, salt) => {
      const rows = [
        ...monthly('Steady Bill', () => -amount, '2025-06', count, dom),
        ...noise.map((x) => tx(x.day % 2 === 0 ? 'Starbucks' : 'Steady Bill', -x.amount, new Date(Date.UTC(2025, 5, 1 + x.day)).toISOString().slice(0, 10))),
      ];
      const shuffled = [...rows].sort((a, b) => ((hash(a.id, salt) - hash(b.id, salt)) || (a.id < b.id ? -1 : 1)));
      expect(detectRecurring(shuffled, '2026-08-01')).toEqual(detectRecurring(rows, '2026-08-01'));
    }), { seed: 99, numRuns: 200 });
  });
});

function hash(s: string, salt: number): number {
  let h = salt | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 2654435761);
  return h;
}
