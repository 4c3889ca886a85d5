import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currencyExponent, formatMoney, normalizeCurrency, toDecimalString, toMinorUnits, UNKNOWN_CURRENCY } from '../../../shared/money';

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

// Issue 14 item 3: every currency not listed was treated as 2 decimals.
describe('currency precision', () => {
  it('uses ISO 4217 minor units, also where Intl (CLDR) shows fewer', () => {
    expect(['USD', 'JPY', 'KWD', 'BHD', 'TND', 'CLF', 'UYW'].map(currencyExponent)).toEqual([2, 0, 3, 3, 3, 4, 4]);
    // CLDR says 0 for these; ISO (and the providers) say 3 and 2: 1.234 IQD must not become 1.
    expect(['IQD', 'HUF', 'IDR', 'COP', 'PKR'].map(currencyExponent)).toEqual([3, 2, 2, 2, 2]);
    expect(toMinorUnits('1.234', 'IQD')).toBe(1234);
    expect(toMinorUnits(12345.67, 'COP')).toBe(1234567);
  });

  it('gives crypto codes their declared precision and keeps 0.00012345 BTC', () => {
    expect(toMinorUnits(0.00012345, 'BTC')).toBe(12345);
    expect(toMinorUnits('21000000', 'BTC')).toBe(2_100_000_000_000_000); // every bitcoin, in satoshis, is a safe integer
    expect(toMinorUnits(-12.345678, 'USDT')).toBe(-12345678);
    expect(currencyExponent('eth')).toBe(9);
    expect(toMinorUnits('0.123456789', 'ETH')).toBe(123456789);
    // Below 1 gwei is rounded, as documented in money.ts: the wire's JSON number cannot carry 18 digits anyway.
    expect(toMinorUnits('0.1234567894', 'ETH')).toBe(123456789);
  });

  it('keeps a code it does not know, exact to 8 decimals, and never calls it USD', () => {
    expect(currencyExponent('XYZQ')).toBe(8);
    expect(toMinorUnits('0.00000001', 'XYZQ')).toBe(1);
    expect(formatMoney(-150000000, 'XYZQ', { locale: 'en-US' })).toBe('-1.50 XYZQ');
    expect(normalizeCurrency(' usdt ')).toBe('USDT');
    expect(normalizeCurrency(null)).toBe(UNKNOWN_CURRENCY);
    expect(normalizeCurrency('not a code')).toBe(UNKNOWN_CURRENCY);
  });

  it('formats non-ISO amounts with every stored digit and the code after the number', () => {
    expect(formatMoney(12345, 'BTC', { locale: 'en-US' })).toBe('0.00012345 BTC');
    expect(formatMoney(-1230000, 'BTC', { locale: 'en-US', signed: false })).toBe('-0.0123 BTC');
    expect(formatMoney(50000000, 'BTC', { locale: 'en-US', signed: true })).toBe('+0.50 BTC');
    expect(formatMoney(9_007_199_254_740_991, 'ETH', { locale: 'en-US' })).toBe('9,007,199.254740991 ETH');
    expect(formatMoney(1234, 'BHD', { locale: 'en-US' })).toBe('BHD\u00a01.234');
  });

  it('round-trips every minor amount through its decimal string in 0, 2, 3, 4, 8 and 9 decimals', () => {
    fc.assert(
      fc.property(fc.constantFrom('JPY', 'USD', 'KWD', 'CLF', 'BTC', 'ETH', 'XYZQ', UNKNOWN_CURRENCY), fc.maxSafeInteger(), fc.boolean(), (currency, minor, neg) => {
        const m = neg ? -minor || 0 : minor;
        expect(toMinorUnits(toDecimalString(m, currency), currency)).toBe(m);
      }),
    );
  });
});
