import { describe, expect, it } from 'vitest';
import {
  activitySummary, activityTone, formatCash, formatPrice, formatUnits, hasQuantity, isInvestmentActivity, parseDecimal,
} from '../../../../renderer/src/ui/investmentFormat';

// Locale pinned: the helpers take the user's locale in the app.
const en = { locale: 'en-US' };

describe('parseDecimal', () => {
  it('splits plain decimal strings exactly, dropping leading and trailing zeros', () => {
    expect(parseDecimal('1.5')).toEqual({ negative: false, int: '1', frac: '5' });
    expect(parseDecimal('-001.2500')).toEqual({ negative: true, int: '1', frac: '25' });
    expect(parseDecimal('0.000000010')).toEqual({ negative: false, int: '0', frac: '00000001' });
    expect(parseDecimal('.5')).toEqual({ negative: false, int: '0', frac: '5' });
    expect(parseDecimal('12.')).toEqual({ negative: false, int: '12', frac: '' });
    expect(parseDecimal('-0')).toEqual({ negative: false, int: '0', frac: '' });
    expect(parseDecimal('-0.000')).toEqual({ negative: false, int: '0', frac: '' });
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', '.', '-', '1e-7', '1,5', 'abc', '1.2.3', 'NaN']) expect(parseDecimal(bad)).toBeNull();
  });
});

describe('hasQuantity', () => {
  it('is false for a missing or zero quantity (a dividend carries "0" units and price)', () => {
    for (const none of [null, undefined, '', '0', '0.000', '-0']) expect(hasQuantity(none)).toBe(false);
    for (const some of ['1.5', '-2', '0.00000001', '1e-7']) expect(hasQuantity(some)).toBe(true);
  });
});

describe('formatUnits', () => {
  it('shows every stored digit, grouped, without float error', () => {
    expect(formatUnits('1.5', en)).toBe('1.5');
    expect(formatUnits('0.1', en)).toBe('0.1');
    expect(formatUnits('0.30000000000000004', en)).toBe('0.30000000000000004');
    expect(formatUnits('1234567.123456789', en)).toBe('1,234,567.123456789');
    expect(formatUnits('10.50000000', en)).toBe('10.5');
    expect(formatUnits('100', en)).toBe('100');
    // Beyond 2^53: the integer part goes through Intl as a BigInt.
    expect(formatUnits('12345678901234567890.5', en)).toBe('12,345,678,901,234,567,890.5');
  });

  it('keeps the sign, or drops it for a magnitude', () => {
    expect(formatUnits('-2.25', en)).toBe('-2.25');
    expect(formatUnits('-0.5', en)).toBe('-0.5');
    expect(formatUnits('-2.25', { ...en, absolute: true })).toBe('2.25');
  });

  it("uses the locale's separators", () => {
    expect(formatUnits('1234.5', { locale: 'de-DE' })).toBe('1.234,5');
  });

  it('shows text it cannot read as it is', () => {
    expect(formatUnits('1e-7', en)).toBe('1e-7');
  });
});

describe('formatPrice', () => {
  it("pads to the currency's decimals and keeps sub-cent digits", () => {
    expect(formatPrice('245.1', 'USD', en)).toBe('$245.10');
    expect(formatPrice('245.10000', 'USD', en)).toBe('$245.10');
    expect(formatPrice('0.0123', 'USD', en)).toBe('$0.0123');
    expect(formatPrice('189.0312', 'USD', en)).toBe('$189.0312');
    expect(formatPrice('1234567.5', 'USD', en)).toBe('$1,234,567.50');
    expect(formatPrice('0.1', 'USD', en)).toBe('$0.10');
  });

  it('formats in the given currency, including ones without minor units', () => {
    expect(formatPrice('33.5', 'CAD', en)).toBe('CA$33.50');
    expect(formatPrice('33.5', 'CAD', { ...en, narrow: true })).toBe('$33.50');
    expect(formatPrice('1500', 'JPY', en)).toBe('¥1,500');
    expect(formatPrice('1500.25', 'JPY', en)).toBe('¥1,500.25');
    expect(formatPrice('1.5', 'KWD', en)).toBe('KWD\u00a01.500');
  });

  it('places the sign and symbol as the locale does', () => {
    expect(formatPrice('-0.5', 'USD', en)).toBe('-$0.50');
    expect(formatPrice('-12.5', 'USD', en)).toBe('-$12.50');
    expect(formatPrice('1234.5', 'EUR', { locale: 'de-DE' })).toBe('1.234,50\u00a0€');
  });
});

describe('formatCash', () => {
  it('formats integer minor units exactly, with the narrow symbol', () => {
    expect(formatCash(123_456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatCash(20_000, 'CAD', 'en-US')).toBe('$200.00');
    expect(formatCash(-5, 'USD', 'en-US')).toBe('-$0.05');
    expect(formatCash(0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatCash(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatCash(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });
});

describe('activitySummary', () => {
  const trade = { activityType: 'BUY', symbol: 'VTI', units: '1.5', price: '245.1', currency: 'USD' };

  it('reads "symbol · units sh @ price" for a trade', () => {
    expect(activitySummary(trade, 'en-US')).toBe('VTI · 1.5 sh @ $245.10');
    expect(activitySummary({ ...trade, units: '0.012345', price: '246.5' }, 'en-US')).toBe('VTI · 0.012345 sh @ $246.50');
  });

  it('shows a sell as a magnitude (the badge says SELL), priced in the row currency', () => {
    expect(activitySummary({ ...trade, activityType: 'SELL', symbol: 'ENB.TO', units: '-2.25', price: '50.0312', currency: 'CAD' }, 'en-US'))
      .toBe('ENB.TO · 2.25 sh @ CA$50.0312');
  });

  it('leaves out zero or missing units and prices', () => {
    expect(activitySummary({ ...trade, activityType: 'DIVIDEND', units: '0', price: '0' }, 'en-US')).toBe('VTI');
    expect(activitySummary({ ...trade, units: null, price: null }, 'en-US')).toBe('VTI');
    expect(activitySummary({ ...trade, price: '0' }, 'en-US')).toBe('VTI · 1.5 sh');
    expect(activitySummary({ ...trade, symbol: null }, 'en-US')).toBe('1.5 sh @ $245.10');
  });

  it('is null when there is nothing to say (a cash activity)', () => {
    expect(activitySummary({ activityType: 'CONTRIBUTION', symbol: null, units: null, price: null, currency: 'USD' }, 'en-US')).toBeNull();
  });
});

describe('activity types', () => {
  it('gives known types a tone and leaves unknown ones neutral', () => {
    expect(activityTone('BUY')).toBe('buy');
    expect(activityTone('REI')).toBe('buy');
    expect(activityTone('SELL')).toBe('sell');
    expect(activityTone('DIVIDEND')).toBe('income');
    expect(activityTone('interest')).toBe('income');
    expect(activityTone('FEE')).toBe('cost');
    expect(activityTone('STOCK_LOAN_INCOME')).toBe('other');
  });

  it('tells brokerage activity from bank rows', () => {
    expect(isInvestmentActivity({ activityType: 'BUY' })).toBe(true);
    expect(isInvestmentActivity({ activityType: null })).toBe(false);
    expect(isInvestmentActivity({})).toBe(false);
  });
});
