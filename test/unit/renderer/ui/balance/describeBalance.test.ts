import { describe, expect, it } from 'vitest';
import { describeDisagreement, describeDisagreementShort, describeExplanation } from '../../../../../renderer/src/ui/balance/describeBalance';

// The run finished at noon UTC on Nov 28: that is Nov 28 in every zone the suite runs in but one
// (Auckland, 13 h ahead, where it is 1 am on the 29th), so the day is read as the zone's own.
const SINCE = '2026-11-28T12:00:00.000Z';
const NOW = new Date('2026-12-02T10:00:00.000Z');
const sinceDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(new Date(SINCE));

describe('the balance check in words', () => {
  it('says both balances, how far apart, and since which sync', () => {
    expect(describeDisagreement({ providerMinor: 120_410, differenceMinor: -26_342, currency: 'USD', sinceAt: SINCE }, NOW))
      .toBe(`Bank balance $1,204.10, Ledgerline's rows imply $1,467.52 — $263.42 apart since the sync on ${sinceDay}`);
    expect(describeDisagreementShort({ providerMinor: 120_410, differenceMinor: -26_342, currency: 'USD', sinceAt: SINCE }, NOW))
      .toBe(`$263.42 apart from the bank since ${sinceDay}`);
  });

  it('keeps the card sign (owed is negative) and the currency’s own decimals', () => {
    expect(describeDisagreement({ providerMinor: -74_381, differenceMinor: 2_532, currency: 'USD', sinceAt: null }, NOW))
      .toBe("Bank balance -$743.81, Ledgerline's rows imply -$769.13 — $25.32 apart");
    expect(describeDisagreement({ providerMinor: 5000, differenceMinor: 1, currency: 'JPY', sinceAt: null }, NOW))
      .toBe("Bank balance ¥5,000, Ledgerline's rows imply ¥4,999 — ¥1 apart");
  });

  it('names what each kind of row may mean', () => {
    const base = { txIds: ['x'], explainsMinor: -100, exact: true, date: '2026-11-05', description: 'AMAZON' };
    expect(describeExplanation({ ...base, kind: 'stalePending' }, NOW)).toBe('Still pending since Nov 5 — the bank may have posted it without the posting reaching Ledgerline');
    expect(describeExplanation({ ...base, kind: 'removed' }, NOW)).toMatch(/^Removed by the bank's feed \(dated Nov 5\)/);
    expect(describeExplanation({ ...base, kind: 'duplicate' }, NOW)).toMatch(/^Looks like a duplicate \(Nov 5\)/);
  });
});
