import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyInputText, parseSignedMoney } from '../../../../../renderer/src/ui/manual/moneyField';

fc.configureGlobal({ seed: 77 });

describe('parseSignedMoney', () => {
  it('reads signed amounts in the user\'s locale, exactly', () => {
    expect(parseSignedMoney('1,234.56', 'USD', 'en-US')).toBe(123456);
    expect(parseSignedMoney('-1,234.56', 'USD', 'en-US')).toBe(-123456);
    expect(parseSignedMoney('−12.5', 'USD', 'en-US')).toBe(-1250);
    expect(parseSignedMoney('(12.50)', 'USD', 'en-US')).toBe(-1250);
    expect(parseSignedMoney('-1.234,56 €', 'EUR', 'de-DE')).toBe(-123456);
    expect(parseSignedMoney('1500', 'JPY', 'ja-JP')).toBe(1500);
    expect(parseSignedMoney('-0', 'USD', 'en-US')).toBe(0);
    expect(parseSignedMoney('12.345', 'USD', 'en-US')).toBeNull(); // more decimals than the currency has
    expect(parseSignedMoney('--5', 'USD', 'en-US')).toBeNull();
    expect(parseSignedMoney('abc', 'USD', 'en-US')).toBeNull();
  });

  it('reads back what moneyInputText writes, in any locale and currency', () => {
    fc.assert(fc.property(
      fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'en-IN'), fc.constantFrom('USD', 'EUR', 'JPY', 'BHD'),
      (minor, locale, currency) => {
        expect(parseSignedMoney(moneyInputText(minor, currency, locale), currency, locale)).toBe(minor);
      },
    ));
    expect(moneyInputText(-5, 'USD', 'de-DE')).toBe('-0,05');
    expect(moneyInputText(1500, 'JPY', 'en-US')).toBe('1500');
  });
});
