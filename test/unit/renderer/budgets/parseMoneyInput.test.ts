import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from '../../../../renderer/src/budgets/parseMoneyInput';

describe('parseMoneyInput', () => {
  it('reads amounts exactly in the currency\'s minor units', () => {
    expect(parseMoneyInput('450', 'USD', 'en-US')).toBe(45_000);
    expect(parseMoneyInput('$1,234.56', 'USD', 'en-US')).toBe(123_456);
    expect(parseMoneyInput('0.29', 'USD', 'en-US')).toBe(29); // 0.29 * 100 = 28.999999999999996 in doubles
    expect(parseMoneyInput('12.', 'USD', 'en-US')).toBe(1_200);
    expect(parseMoneyInput('1500', 'JPY', 'en-US')).toBe(1_500);
    expect(parseMoneyInput('1.234', 'KWD', 'en-US')).toBe(1_234);
    expect(parseMoneyInput('90071992547409.91', 'USD', 'en-US')).toBe(9_007_199_254_740_991);
  });

  it('follows the locale\'s separators', () => {
    expect(parseMoneyInput('1.234,56 €', 'EUR', 'de-DE')).toBe(123_456);
    expect(parseMoneyInput('1\u202f234,5', 'EUR', 'fr-FR')).toBe(123_450);
    expect(parseMoneyInput('1.500', 'EUR', 'de-DE')).toBe(150_000); // the point groups thousands there
  });

  it('refuses what is not an exact, non-negative amount', () => {
    expect(parseMoneyInput('', 'USD', 'en-US')).toBeNull();
    expect(parseMoneyInput('abc', 'USD', 'en-US')).toBeNull();
    expect(parseMoneyInput('-5', 'USD', 'en-US')).toBeNull();
    expect(parseMoneyInput('1.234', 'USD', 'en-US')).toBeNull(); // more decimals than cents
    expect(parseMoneyInput('1.5', 'JPY', 'en-US')).toBeNull();
    expect(parseMoneyInput('99999999999999999', 'USD', 'en-US')).toBeNull(); // beyond 2^53 minor units
  });
});
