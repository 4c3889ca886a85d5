import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multiplyDecimals, valueMinor } from '../../../shared/holdings';

describe('holdings money', () => {
  it('multiplies decimal strings exactly', () => {
    expect(multiplyDecimals('1.5', '2.25')).toBe('3.375');
    expect(multiplyDecimals('0.1', '0.2')).toBe('0.02'); // 0.1 * 0.2 = 0.020000000000000004 in doubles
    expect(multiplyDecimals('-3', '0.000001')).toBe('-0.000003');
    expect(multiplyDecimals('12.345678', '187.1234', '100')).toBe('231016.5242665200');
  });

  it('values a position in minor units, rounded once, half away from zero', () => {
    expect(valueMinor('40.123456', '245.1234', 'USD')).toBe(983_520); // 9835.20183… → $9,835.20
    expect(valueMinor('0.005', '1', 'USD')).toBe(1); // 0.5 cent rounds up
    expect(valueMinor('-0.005', '1', 'USD')).toBe(-1);
    expect(valueMinor('2', '1.15', 'USD', '100')).toBe(23_000); // an option: 2 contracts × 100 shares
    expect(valueMinor('3', '1500', 'JPY')).toBe(4_500);
    expect(valueMinor('0.12345678', '50000.5', 'BTC')).toBe(617_290_072_839); // to the satoshi, 8 decimals
    expect(valueMinor(null, '1', 'USD')).toBeNull();
    expect(valueMinor('1', null, 'USD')).toBeNull();
  });

  it('property: equals the exact rational product rounded half away from zero', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), (u, p) => {
      // units in millionths, price in 1/10,000: value in cents = u * p / 10^8.
      const units = (u / 1e6).toFixed(6);
      const price = (p / 1e4).toFixed(4);
      const num = BigInt(u) * BigInt(p);
      const q = num / 100_000_000n;
      const r = num % 100_000_000n;
      const abs = (x: bigint) => (x < 0n ? -x : x);
      const rounded = abs(r) * 2n >= 100_000_000n ? q + (num < 0n ? -1n : 1n) : q;
      expect(valueMinor(units, price, 'USD')).toBe(Number(rounded) === 0 ? 0 : Number(rounded));
    }), { numRuns: 300 });
  });
});
