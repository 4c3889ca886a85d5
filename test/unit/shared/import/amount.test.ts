import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDecimalMark, normalizeAmount, parseAmount } from '../../../../shared/import/amount';
import { toDecimalString } from '../../../../shared/money';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 207 });

describe('normalizeAmount', () => {
  it('reads dot-decimal amounts with thousands commas, symbols and codes', () => {
    expect(normalizeAmount('1,234.56', '.')).toBe('1234.56');
    expect(normalizeAmount('$1,234.56', '.')).toBe('1234.56');
    expect(normalizeAmount('-$1,234.56', '.')).toBe('-1234.56');
    expect(normalizeAmount('$-1,234.56', '.')).toBe('-1234.56');
    expect(normalizeAmount('USD 12.5', '.')).toBe('12.5');
    expect(normalizeAmount('+7', '.')).toBe('7');
    expect(normalizeAmount('.5', '.')).toBe('0.5');
    expect(normalizeAmount("1'234.50", '.')).toBe('1234.50');
  });

  it('reads comma-decimal amounts with thousands dots or spaces', () => {
    expect(normalizeAmount('1.234,56', ',')).toBe('1234.56');
    expect(normalizeAmount('-45,90', ',')).toBe('-45.90');
    expect(normalizeAmount('1\u00a0234,56 €', ',')).toBe('1234.56');
    expect(normalizeAmount('1 234 567,8', ',')).toBe('1234567.8');
  });

  it('reads parentheses, trailing minus and CR/DR as signs', () => {
    expect(normalizeAmount('(12.50)', '.')).toBe('-12.50');
    expect(normalizeAmount('($12.50)', '.')).toBe('-12.50');
    expect(normalizeAmount('12.50-', '.')).toBe('-12.50');
    expect(normalizeAmount('1.234,56-', ',')).toBe('-1234.56');
    expect(normalizeAmount('12.50 DR', '.')).toBe('-12.50');
    expect(normalizeAmount('12.50 CR', '.')).toBe('12.50');
    expect(normalizeAmount('−3.00', '.')).toBe('-3.00');
    expect(normalizeAmount('-0.00', '.')).toBe('0.00');
  });

  it('refuses what is not an amount in that mark', () => {
    expect(normalizeAmount('', '.')).toBeNull();
    expect(normalizeAmount('abc', '.')).toBeNull();
    expect(normalizeAmount('1,23.4', '.')).toBeNull();
    expect(normalizeAmount('1.234,56', '.')).toBeNull();
    expect(normalizeAmount('12..5', '.')).toBeNull();
    expect(normalizeAmount('--5', '.')).toBeNull();
  });

  it('gives exact minor units in the currency (property: any amount written in either style reads back)', () => {
    expect(parseAmount('1,234.567', '.', 'BHD')).toBe(1234567);
    expect(parseAmount('1.500', ',', 'JPY')).toBe(1500);
    expect(parseAmount('0.1', '.', 'USD')).toBe(10);
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (minor, parens) => {
      const plain = toDecimalString(minor, 'USD');
      const [int = '', frac = ''] = plain.replace('-', '').split('.');
      const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      const neg = minor < 0;
      const us = neg ? (parens ? `($${grouped}.${frac})` : `-$${grouped}.${frac}`) : `$${grouped}.${frac}`;
      const eu = `${neg ? '-' : ''}${grouped.replaceAll(',', '.')},${frac} €`;
      expect(parseAmount(us, '.', 'USD')).toBe(minor);
      expect(parseAmount(eu, ',', 'EUR')).toBe(minor);
    }));
  });
});

describe('detectDecimalMark', () => {
  it('decides from samples with both marks or with 1–2 digits after one', () => {
    expect(detectDecimalMark(['1,234.56', '12'])).toEqual({ mark: '.', ambiguous: false });
    expect(detectDecimalMark(['1.234,56', '-45,90'])).toEqual({ mark: ',', ambiguous: false });
    expect(detectDecimalMark(['-45,9'])).toEqual({ mark: ',', ambiguous: false });
    expect(detectDecimalMark(['1,234,567'])).toEqual({ mark: '.', ambiguous: false });
  });

  it('reports what it cannot decide', () => {
    expect(detectDecimalMark(['1,234'])).toEqual({ mark: '.', ambiguous: true });
    expect(detectDecimalMark(['1.50', '2,50'])).toMatchObject({ ambiguous: true });
    expect(detectDecimalMark(['12', '-5'])).toEqual({ mark: '.', ambiguous: false });
  });
});
