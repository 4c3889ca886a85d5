import { describe, expect, it } from 'vitest';
import { changedText, parseAmount } from '../../../../../renderer/src/ui/recurring/recurringText';

describe('the Recurring view\'s words', () => {
  it('says how a fixed amount changed, the right way round for money out and in', () => {
    expect(changedText({ name: 'Netflix', changedByMinor: -200, currency: 'USD', cadence: 'monthly', direction: 'out' })).toBe('Netflix is $2.00 more than last month');
    expect(changedText({ name: 'Netflix', changedByMinor: 150, currency: 'USD', cadence: 'monthly', direction: 'out' })).toBe('Netflix is $1.50 less than last month');
    expect(changedText({ name: 'Acme Payroll', changedByMinor: 5_000, currency: 'USD', cadence: 'semimonthly', direction: 'in' })).toBe('Acme Payroll is $50.00 more than last time');
    expect(changedText({ name: 'Domain', changedByMinor: -100, currency: 'EUR', cadence: 'yearly', direction: 'out' })).toBe('Domain is €1.00 more than last year');
    expect(changedText({ name: 'Hulu', changedByMinor: null, currency: 'USD', cadence: 'monthly', direction: 'out' })).toBeNull();
  });

  it('reads a typed amount in the currency\'s decimals, or refuses it', () => {
    expect(parseAmount('19.99', 'USD')).toBe(1_999);
    expect(parseAmount(' 1,299.5 ', 'USD')).toBe(129_950);
    expect(parseAmount('1500', 'JPY')).toBe(1_500);
    expect(parseAmount('15.5', 'JPY')).toBeNull();
    expect(parseAmount('1.999', 'USD')).toBeNull();
    expect(parseAmount('-3', 'USD')).toBeNull();
    expect(parseAmount('0', 'USD')).toBeNull();
    expect(parseAmount('abc', 'USD')).toBeNull();
  });
});
