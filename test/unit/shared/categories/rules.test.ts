import { describe, expect, it } from 'vitest';
import {
  effectiveCategory, explainCategory, merchantKey, merchantLabelOf, ruleFor, rulesByKey, type CategorizableRow, type CategoryRule,
} from '../../../../shared/categories/rules';

const row = (description: string, extra: Partial<CategorizableRow> = {}): CategorizableRow => ({
  description, merchant: null, category: null, amountMinor: -500, ...extra,
});
const rule = (key: string, category: string, label = key): CategoryRule => ({
  id: `r-${key}`, merchantKey: key, merchantLabel: label, category, createdAt: '2026-11-21T10:00:00.000Z',
});

describe('merchantKey', () => {
  it.each([
    ['STARBUCKS #1234', null, 'starbucks'],
    ['Starbucks', null, 'starbucks'],
    ['  starbucks   ', null, 'starbucks'],
    ['STARBUCKS STORE 05412', 'Starbucks', 'starbucks'],
    ['SQ *BLUE BOTTLE COFFEE', null, 'blue bottle coffee'],
    ['Blue Bottle Coffee', 'Blue Bottle Coffee', 'blue bottle coffee'],
    ['PEETS COFFEE #0231', null, 'peets coffee'],
    ["Peet's Coffee", "Peet's Coffee", 'peets coffee'],
    ['TST* ZUNI CAFE', null, 'zuni cafe'],
    ['Payroll 11/15', null, 'payroll'],
    ['#0042 0099', null, ''],
  ])('%s (merchant %s) → "%s"', (description, merchant, key) => {
    expect(merchantKey({ description, merchant })).toBe(key);
  });

  it('prefers the merchant’s name; a merchant with nothing readable falls back to the description', () => {
    expect(merchantKey({ description: 'UBER *TRIP HELP.UBER.COM', merchant: 'Uber' })).toBe('uber');
    expect(merchantKey({ description: 'Acme Gym', merchant: '1234' })).toBe('acme gym');
  });

  it('labels the merchant as the user sees it', () => {
    expect(merchantLabelOf({ description: 'STARBUCKS STORE 05412', merchant: 'Starbucks' })).toBe('Starbucks');
    expect(merchantLabelOf({ description: 'STARBUCKS STORE 05412', merchant: null })).toBe('STARBUCKS STORE 05412');
    expect(merchantLabelOf({ description: 'X', merchant: '  ' })).toBe('X');
  });
});

describe('ruleFor', () => {
  const rules = rulesByKey([rule('starbucks', 'dining', 'Starbucks'), rule('blue bottle coffee', 'groceries'), rule('uber', 'travel')]);

  it('finds the rule by the merchant’s key, whatever store number or case the bank used', () => {
    expect(ruleFor(row('Starbucks', { merchant: 'Starbucks' }), rules)?.category).toBe('dining');
    expect(ruleFor(row('STARBUCKS #1234'), rules)?.category).toBe('dining');
    expect(ruleFor(row('SQ *BLUE BOTTLE COFFEE'), rules)?.category).toBe('groceries');
  });

  it('covers a raw descriptor that begins with the rule’s words ("STARBUCKS STORE 05412")', () => {
    expect(ruleFor(row('STARBUCKS STORE 05412'), rules)?.merchantLabel).toBe('Starbucks');
    expect(ruleFor(row('UBER *TRIP HELP.UBER.COM'), rules)?.category).toBe('travel');
  });

  it('matches whole words only, and not the other way round', () => {
    expect(ruleFor(row('STARBUCKSX'), rules)).toBeUndefined();
    expect(ruleFor(row('UBERTO RESTAURANT'), rules)).toBeUndefined();
    expect(ruleFor(row('BLUE BOTTLE'), rules)).toBeUndefined();
    expect(ruleFor(row('Peets Coffee'), rules)).toBeUndefined();
  });

  it('the longest matching beginning wins', () => {
    const nested = rulesByKey([rule('amazon', 'shopping'), rule('amazon prime', 'entertainment')]);
    expect(ruleFor(row('Amazon Prime Video'), nested)?.category).toBe('entertainment');
    expect(ruleFor(row('AMAZON MKTPL*2K4LT83B2'), nested)?.category).toBe('shopping');
  });

  it('tries the description when the merchant name has no rule', () => {
    expect(ruleFor(row('STARBUCKS #99', { merchant: 'Some Kiosk' }), rules)?.category).toBe('dining');
  });

  it('nothing without rules', () => {
    expect(ruleFor(row('Starbucks'), new Map())).toBeUndefined();
  });
});

describe('effectiveCategory: user > rule > provider', () => {
  const rules = rulesByKey([rule('starbucks', 'dining', 'Starbucks')]);
  const coffee = (extra: Partial<CategorizableRow> = {}) =>
    row('Starbucks', { merchant: 'Starbucks', category: 'FOOD_AND_DRINK_COFFEE', ...extra });

  it('the provider’s category, normalized, when nothing else says otherwise', () => {
    expect(effectiveCategory(coffee(), new Map())).toBe('coffee');
    expect(explainCategory(coffee(), new Map())).toMatchObject({ id: 'coffee', label: 'Coffee', source: 'provider', providerId: 'coffee', rule: undefined });
    expect(effectiveCategory(row('Lunch spot'), new Map())).toBe('uncategorized');
  });

  it('a rule for the merchant beats the provider', () => {
    expect(effectiveCategory(coffee(), rules)).toBe('dining');
    const e = explainCategory(coffee(), rules);
    expect(e).toMatchObject({ id: 'dining', label: 'Dining out', source: 'rule', providerId: 'coffee' });
    expect(e.rule?.merchantLabel).toBe('Starbucks');
  });

  it('the user’s own choice for the transaction beats the rule (and still names the rule)', () => {
    const e = explainCategory(coffee({ userCategory: 'groceries' }), rules);
    expect(e).toMatchObject({ id: 'groceries', label: 'Groceries', source: 'user', providerId: 'coffee' });
    expect(e.rule?.category).toBe('dining');
  });

  it('a legacy free-text choice: a set label maps onto the set; any other name shows as written', () => {
    expect(explainCategory(coffee({ userCategory: 'Dining out' }), new Map())).toMatchObject({ id: 'dining', label: 'Dining out', source: 'user' });
    expect(explainCategory(coffee({ userCategory: 'groceries' }), new Map()).label).toBe('Groceries');
    expect(explainCategory(coffee({ userCategory: 'Household' }), rules)).toMatchObject({ id: 'Household', label: 'Household', source: 'user' });
  });

  it('a blank or null choice is no choice', () => {
    expect(effectiveCategory(coffee({ userCategory: null }), rules)).toBe('dining');
    expect(effectiveCategory(coffee({ userCategory: '  ' }), new Map())).toBe('coffee');
  });

  it('brokerage activity: a rule by its description applies too; otherwise its type decides', () => {
    const dividend = row('DIVIDEND RECEIVED VTI', { activityType: 'DIVIDEND', amountMinor: 120 });
    expect(effectiveCategory(dividend, new Map())).toBe('dividends_interest');
    expect(effectiveCategory(dividend, rulesByKey([rule('dividend received vti', 'income')]))).toBe('income');
  });
});
