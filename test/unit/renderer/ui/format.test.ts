import { describe, expect, it } from 'vitest';
import { humanizeCategory } from '../../../../renderer/src/ui/format';

describe('humanizeCategory', () => {
  it.each([
    ['FOOD_AND_DRINK_COFFEE', 'Coffee'],
    ['INCOME_WAGES', 'Wages'],
    ['TRANSPORTATION_TAXIS_AND_RIDE_SHARES', 'Taxis and ride shares'],
    ['food_and_drink.coffee', 'Coffee'],
    ['transportation.taxis_and_ride_shares', 'Taxis and ride shares'],
    ['Groceries', 'Groceries'],
    [null, ''],
  ])('%s → %s', (raw, shown) => expect(humanizeCategory(raw)).toBe(shown));
});
