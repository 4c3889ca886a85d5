import { describe, expect, it } from 'vitest';
import { mapSnaptradeActivity } from '../../../electron/providers/snaptrade/mapSnaptrade';
import { ActivitySchema } from '../../../electron/providers/snaptrade/snaptradeSchemas';
import { computeInsights } from '../../../renderer/src/insights/computeInsights';
import type { IndexedTx } from '../../../renderer/src/index/types';
import { runTime } from '../../../renderer/src/ui/changes/changeText';
import { compactDay, shortDay, shortDayOf } from '../../../renderer/src/ui/format';
import { localToday, pendingAge } from '../../../renderer/src/ui/stalePending';
import { describeDaysToPost } from '../../../shared/reconcile/describePosting';
import { daysBetween, localDate } from '../../../shared/isoDate';

// The calendar rules (docs/ARCHITECTURE.md → Dates and time), held in whatever zone and on
// whatever day this runs: `npm test` runs this file in the calendar matrix (Auckland, Los Angeles,
// UTC × a leap day, New Year's Eve and Day, the days DST starts and ends).
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** The local calendar date of an instant, computed by ICU (independently of the code under test). */
const icuLocalDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const english = Intl.DateTimeFormat().resolvedOptions().locale.startsWith('en-US');

describe(`a transaction's date is the bank's calendar date, shown as written (${zone})`, () => {
  it.runIf(english)('a row dated 2026-03-01 shows as Mar 1, in this zone and on this day', () => {
    expect(shortDay('2026-03-01', new Date(2026, 5, 1))).toBe('Mar 1');
    expect(shortDay('2026-03-01', new Date())).toMatch(/^Mar 1(, 2026)?$/);
    expect(compactDay('2026-03-01', new Date(2026, 5, 1))).toBe('Mar 1');
    expect(compactDay('2025-12-31', new Date(2026, 0, 1, 0, 20))).toBe('12/31/25');
    // Every day of a leap year, including the DST days of every zone.
    for (let d = new Date(Date.UTC(2028, 0, 1)); d.getUTCFullYear() === 2028; d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      const expected = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${d.getUTCDate()}`;
      expect(shortDay(iso, new Date(2028, 6, 1))).toBe(expected);
    }
  });

  it.runIf(english)('"this year" is the local year: on Dec 31 at 23:40 local, a Dec 31 row has no year even where UTC is in the next', () => {
    const eve = new Date(2026, 11, 31, 23, 40);
    expect(shortDay('2026-12-31', eve)).toBe('Dec 31');
    expect(shortDay('2027-01-01', eve)).toBe('Jan 1, 2027');
  });

  it('the day of an instant (a rule made, a run) is the local calendar day', () => {
    for (const iso of ['2026-12-31T23:40:00Z', '2027-01-01T10:30:00Z', '2026-04-04T21:00:00Z', '2026-03-08T10:30:00Z', '2028-02-29T11:59:00Z']) {
      expect(localDate(new Date(iso))).toBe(icuLocalDate(new Date(iso)));
      expect(shortDayOf(iso, new Date(iso))).toBe(shortDay(icuLocalDate(new Date(iso)), new Date(iso)));
    }
    expect(localToday()).toBe(icuLocalDate(new Date()));
  });

  it('"Yesterday" holds across a DST change (a 23- or 25-hour day)', () => {
    for (const [y, m, d] of [[2026, 2, 8], [2026, 10, 1], [2026, 3, 5], [2026, 8, 27]] as const) {
      const now = new Date(y, m, d + 1, 10, 0);
      expect(runTime(new Date(y, m, d, 9, 0).toISOString(), now)).toMatch(/^Yesterday, /);
      expect(runTime(new Date(y, m, d + 1, 0, 5).toISOString(), now)).toMatch(/^Today, /);
    }
  });
});

describe('days count calendar days, whatever the zone', () => {
  it('across DST starts and ends, the leap day and the year end', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2); // Los Angeles springs forward on the 8th
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
    expect(daysBetween('2026-04-04', '2026-04-06')).toBe(2); // Auckland falls back on the 5th
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(describeDaysToPost(daysBetween('2026-03-07', '2026-03-08'))).toBe('posted after 1 day');
    expect(pendingAge('2026-12-21', '2027-01-01')).toBe(11);
  });
});

describe('a month total does not move with the zone', () => {
  it('rows on the last and first day of a month stay in their own month', () => {
    const row = (id: string, date: string, amountMinor: number): IndexedTx => ({
      id, listKey: `${date}|${id}`, accountId: 'chk', connectionId: 'c1', date, amountMinor, currency: 'USD',
      pending: false, category: 'groceries', merchant: 'Grocer', text: '',
    });
    const ins = computeInsights(
      [row('a', '2026-03-31', -1_000), row('b', '2026-04-01', -2_000), row('c', '2028-02-29', -4_000), row('d', '2028-03-01', -8_000), row('e', '2026-12-31', -16)],
      [], { currency: 'USD', months: 36 }, [{ id: 'groceries', label: 'Groceries', kind: 'spending' }],
    );
    const byMonth = new Map(ins.cashflow.map((m) => [m.month, m.spendingMinor]));
    expect(byMonth.get('2026-03')).toBe(1_000);
    expect(byMonth.get('2026-04')).toBe(2_000);
    expect(byMonth.get('2026-12')).toBe(16);
    expect(byMonth.get('2027-01')).toBe(0);
    expect(byMonth.get('2028-02')).toBe(4_000);
    expect(byMonth.get('2028-03')).toBe(8_000);
  });
});

describe('SnapTrade: a trade date-time is converted once, at the provider edge, to the date as written', () => {
  // The rule: the calendar date in the offset SnapTrade wrote. Brokerages that report only a date
  // send it as midnight UTC; converting to any zone west of UTC would move it to the day before.
  const activity = (trade_date: string | null, settlement_date: string | null) => ActivitySchema.parse({
    id: 'a1', symbol: null, option_symbol: null, price: 0, units: 0, amount: 12.5, currency: { id: 'c', code: 'USD', name: 'US Dollar' },
    type: 'DIV', option_type: '', description: 'DIVIDEND', trade_date, settlement_date, fee: 0, fx_rate: null, institution: 'Demo', external_reference_id: null,
  });
  const ctx = { connectionId: 'c1', accountId: 'acc', accountCurrency: 'USD' };
  it('a 23:30 UTC trade lands on its UTC date, in every viewer zone', () => {
    expect(mapSnaptradeActivity(activity('2026-03-01T23:30:00Z', null), ctx).date).toBe('2026-03-01');
    expect(mapSnaptradeActivity(activity('2026-03-01 23:30:00+00:00', null), ctx).date).toBe('2026-03-01');
  });
  it('a date-only trade (midnight UTC) keeps its date; a null trade date falls back to settlement', () => {
    expect(mapSnaptradeActivity(activity('2026-03-02T00:00:00Z', null), ctx).date).toBe('2026-03-02');
    expect(mapSnaptradeActivity(activity('2026-03-01 21:15:00-05:00', null), ctx).date).toBe('2026-03-01');
    expect(mapSnaptradeActivity(activity(null, '2026-03-04 00:00:00+00:00'), ctx).date).toBe('2026-03-04');
  });
});
