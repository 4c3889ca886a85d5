import { describe, expect, it } from 'vitest';
import { describeDaysToPost, describePosting } from '../../../../shared/reconcile/describePosting';

const en = (pending: number, posted: number, category: string | null = null) => describePosting(pending, posted, 'USD', category, 'en-US');

describe('describePosting', () => {
  it('names a tip, a fuel hold, and other differences in money', () => {
    expect(en(-2000, -2450, 'FOOD_AND_DRINK_RESTAURANT')).toEqual({ kind: 'tip', deltaMinor: 450, text: '+$4.50, likely a tip' });
    expect(en(-100, -4317, 'TRANSPORTATION_GAS')).toMatchObject({ kind: 'fuelHold', text: 'fuel hold released: $1.00 → $43.17' });
    expect(en(-10_000, -5210, 'TRANSPORTATION_GAS').text).toBe('fuel hold released: $100.00 → $52.10');
    expect(en(-2000, -2000)).toMatchObject({ kind: 'same', text: 'same amount' });
    expect(en(-2000, -1800)).toMatchObject({ kind: 'less', text: '−$2.00, less than authorized' });
    // Too big a jump, or somewhere tips are not usual: just "more".
    expect(en(-2000, -3000, 'FOOD_AND_DRINK_RESTAURANT')).toMatchObject({ kind: 'more', text: '+$10.00, more than authorized' });
    expect(en(-2000, -2300, 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES').kind).toBe('more');
  });

  it('says how long posting took', () => {
    expect(describeDaysToPost(0)).toBe('posted the same day');
    expect(describeDaysToPost(1)).toBe('posted after 1 day');
    expect(describeDaysToPost(3)).toBe('posted after 3 days');
  });
});
