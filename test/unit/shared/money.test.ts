import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currencyExponent, formatMoney, toDecimalString, toMinorUnits } from '../../../shared/money';

describe('toMinorUnits', () => {
  it('converts decimals exactly, without binary floating-point error', () => {
    expect(toMinorUnits(12.5, 'USD')).toBe(1250);
    expect(toMinorUnits(0.1 + 0.2, 'USD')).toBe(30); // 0.30000000000000004
    expect(toMinorUnits(1.005, 'USD')).toBe(101); // naive Math.round(1.005*100) gives 100
    expect(toMinorUnits(-4.35, 'USD')).toBe(-435);
    expect(toMinorUnits('1234.56', 'EUR')).toBe(123456);
    expect(toMinorUnits('0.00', 'USD')).toBe(0);
  });

  it('uses the currency exponent', () => {
    expect(toMinorUnits(1500, 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'BHD')).toBe(1234);
    expect(currencyExponent('usd')).toBe(2);
  });

  it('handles exponent notation and never returns -0', () => {
    expect(toMinorUnits(1e-7, 'USD')).toBe(0);
    expect(Object.is(toMinorUnits(-0.001, 'USD'), -0)).toBe(false);
    expect(toMinorUnits('1e3', 'USD')).toBe(100000);
  });

  it('rejects what is not an amount', () => {
    expect(() => toMinorUnits('12,50', 'USD')).toThrow(/not a decimal/);
    expect(() => toMinorUnits(Number.NaN, 'USD')).toThrow();
    expect(() => toMinorUnits('1e30', 'USD')).toThrow(/range/);
  });

  it('round-trips every cent amount through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(toMinorUnits(toDecimalString(minor, 'USD'), 'USD')).toBe(minor);
        expect(toMinorUnits(Number(toDecimalString(minor, 'USD')), 'USD')).toBe(minor);
      }),
    );
  });
});

describe('formatMoney', () => {
  it('formats minor units in the currency, with an explicit sign when asked', () => {
    expect(formatMoney(123456, 'USD', { locale: 'en-US' })).toBe('$1,234.56');
    expect(formatMoney(-450, 'USD', { locale: 'en-US' })).toBe('-$4.50');
    expect(formatMoney(450, 'USD', { locale: 'en-US', signed: true })).toBe('+$4.50');
    expect(formatMoney(1500, 'JPY', { locale: 'en-US' })).toBe('¥1,500');
    expect(formatMoney(123456, 'EUR', { locale: 'de-DE' })).toBe('1.234,56\u00a0€');
  });
});
