import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../../../shared/money';
import { isEmptySearch, matchesSearch, parseDecimal, parseSearch, termMinor } from '../../../../shared/search/parseSearch';

const row = (text: string, amountMinor: number) => ({ text: text.toLowerCase(), amountMinor });
const matches = (query: string, text: string, amountMinor: number, currency = 'USD') =>
  matchesSearch(parseSearch(query), row(text, amountMinor), currencyExponent(currency));

describe('parseSearch: tags and is:excluded (issue 20)', () => {
  const tagged = (query: string, tags: string[] | null, text = 'Uber trip') =>
    matchesSearch(parseSearch(query), { text: text.toLowerCase(), amountMinor: -1000, tags }, 2);

  it('#word is a tag (normalized as stored), -#word its absence; neither is a word', () => {
    const p = parseSearch('#Trip -#work taxi');
    expect(p).toMatchObject({ words: ['taxi'], tags: ['trip'], notTags: ['work'], onlyExcluded: false });
    expect(isEmptySearch(parseSearch('#trip'))).toBe(false);
    expect(isEmptySearch(parseSearch('#'))).toBe(true);
  });

  it('matches the tag exactly, never the text: a row that only says "trip" is not tagged #trip', () => {
    expect(tagged('#trip', ['trip', 'food'])).toBe(true);
    expect(tagged('#trip', null)).toBe(false);
    expect(tagged('#tri', ['trip'])).toBe(false);
    expect(tagged('#trip #food', ['trip'])).toBe(false);
    expect(tagged('-#trip', ['trip'])).toBe(false);
    expect(tagged('-#trip uber', null)).toBe(true);
  });

  it('is:excluded asks for the excluded rows (any case), and is not a word', () => {
    const p = parseSearch('IS:EXCLUDED coffee');
    expect(p.onlyExcluded).toBe(true);
    expect(p.words).toEqual(['coffee']);
    expect(isEmptySearch(parseSearch('is:excluded'))).toBe(false);
  });
});

describe('parseSearch: words', () => {
  it('splits on whitespace, lower-cases, and keeps quoted phrases whole', () => {
    expect(parseSearch('  Coffee   SHOP ')).toEqual({ words: ['coffee', 'shop'], excluded: [], amounts: [], tags: [], notTags: [], onlyExcluded: false });
    expect(parseSearch('"Blue  Bottle" cafe').words).toEqual(['blue bottle', 'cafe']);
    expect(parseSearch('"unclosed phrase').words).toEqual(['unclosed phrase']);
    expect(parseSearch('""').words).toEqual([]);
  });

  it('empty and blank text is the empty search', () => {
    expect(isEmptySearch(parseSearch(''))).toBe(true);
    expect(isEmptySearch(parseSearch('   '))).toBe(true);
    expect(isEmptySearch(parseSearch('-'))).toBe(true);
    expect(isEmptySearch(parseSearch('a'))).toBe(false);
  });

  it('-word excludes, but -12.50 is an amount', () => {
    const p = parseSearch('coffee -starbucks -12.50');
    expect(p.words).toEqual(['coffee']);
    expect(p.excluded).toEqual(['starbucks']);
    expect(p.amounts).toEqual([{ op: 'eq', sign: 'out', digits: 1250, scale: 2, word: null }]);
  });

  it('every word must match (AND), as a case-insensitive substring', () => {
    expect(matches('coff shop', 'Coffee Shop #12', -450)).toBe(true);
    expect(matches('coffee bakery', 'Coffee Shop', -450)).toBe(false);
    expect(matches('"coffee shop"', 'Coffee Shop', -450)).toBe(true);
    expect(matches('"shop coffee"', 'Coffee Shop', -450)).toBe(false);
    expect(matches('coffee -shop', 'Coffee Shop', -450)).toBe(false);
    expect(matches('coffee -bakery', 'Coffee Shop', -450)).toBe(true);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['12', 12, 0], ['12.50', 1250, 2], ['12,50', 1250, 2], ['12.5', 125, 1], ['12,5', 125, 1],
    ['1,234', 1234, 0], ['1,234.56', 123456, 2], ['1.234,56', 123456, 2], ['1,234,567', 1234567, 0],
    ['1.234.567', 1234567, 0], ['1,234.567', 1234567, 3], ['1.234', 1234, 3], ['0.05', 5, 2], ['007', 7, 0],
  ])('%s → %i / 10^%i', (text, digits, scale) => {
    expect(parseDecimal(text)).toEqual({ digits, scale });
  });

  it.each(['', '12.', '.5', '1.2.3', '1,23,456', '12a', '1,,2', '99999999999999999999'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
});

describe('parseSearch: amounts', () => {
  it('a bare whole number is a word and an amount', () => {
    expect(parseSearch('12').amounts).toEqual([{ op: 'eq', sign: 'any', digits: 12, scale: 0, word: '12' }]);
    expect(matches('12', 'Store #12', -99)).toBe(true); // the word
    expect(matches('12', 'Lunch', -1200)).toBe(true); // the amount
    expect(matches('12', 'Lunch', 1200)).toBe(true); // either direction
    expect(matches('12', 'Lunch', -1250)).toBe(false);
  });

  it('12.50 finds |amount| = 12.50 either way; signs pick a direction', () => {
    expect(matches('12.50', 'Lunch', -1250)).toBe(true);
    expect(matches('12.50', 'Refund', 1250)).toBe(true);
    expect(matches('12.5', 'Lunch', -1250)).toBe(true);
    expect(matches('12.50', 'Lunch', -125)).toBe(false);
    expect(matches('-12.50', 'Lunch', -1250)).toBe(true);
    expect(matches('-12.50', 'Refund', 1250)).toBe(false);
    expect(matches('+12.50', 'Refund', 1250)).toBe(true);
    expect(matches('+12.50', 'Lunch', -1250)).toBe(false);
  });

  it('currency symbols and decimal commas are accepted; the symbol makes it amount-only', () => {
    expect(matches('$12.50', 'Lunch', -1250)).toBe(true);
    expect(matches('€12,50', 'Lunch', -1250, 'EUR')).toBe(true);
    expect(matches('12,50€', 'Lunch', -1250, 'EUR')).toBe(true);
    expect(matches('-$12.50', 'Lunch', -1250)).toBe(true);
    expect(parseSearch('$12').amounts[0]?.word).toBeNull();
    expect(matches('$12', 'Store #12', -99)).toBe(false);
    expect(matches('1,234.56', 'Rent', -123456)).toBe(true);
  });

  it('uses the row currency\'s exponent: yen have no decimals, dinars three', () => {
    expect(matches('1500', 'Ramen', -1500, 'JPY')).toBe(true);
    expect(matches('15.00', 'Ramen', -1500, 'JPY')).toBe(false);
    expect(matches('1500.0', 'Ramen', -1500, 'JPY')).toBe(true);
    expect(matches('12.5', 'Taxi', -12500, 'KWD')).toBe(true);
    expect(matches('12.505', 'Lunch', -1250, 'USD')).toBe(false);
    expect(termMinor({ digits: 12505, scale: 3 }, 2)).toBeCloseTo(1250.5);
  });

  it('a bare decimal also matches its literal text', () => {
    expect(matches('2.99', 'Price 2.99 promo', -1000)).toBe(true);
    expect(matches('-2.99', 'Price 2.99 promo', -1000)).toBe(false);
  });

  it('comparisons: >, >=, <, <= on the absolute amount', () => {
    expect(parseSearch('>100').amounts).toEqual([{ op: 'gt', sign: 'any', digits: 100, scale: 0, word: null }]);
    expect(matches('>100', 'x', -10001)).toBe(true);
    expect(matches('>100', 'x', -10000)).toBe(false);
    expect(matches('>=100', 'x', 10000)).toBe(true);
    expect(matches('<20', 'x', -1999)).toBe(true);
    expect(matches('<20', 'x', -2000)).toBe(false);
    expect(matches('<=20', 'x', -2000)).toBe(true);
    expect(matches('>10 <20 lunch', 'Lunch', -1500)).toBe(true);
    expect(matches('>10 <20 lunch', 'Lunch', -2500)).toBe(false);
    expect(matches('>-5', 'x', 600)).toBe(false); // a sign with a comparison: money out only
    expect(matches('>-5', 'x', -600)).toBe(true);
  });

  it('not numbers: words', () => {
    expect(parseSearch('12.').words).toEqual(['12.']);
    expect(parseSearch('1.2.3').words).toEqual(['1.2.3']);
    expect(parseSearch('$12$').words).toEqual(['$12$']);
    expect(parseSearch('>abc').words).toEqual(['>abc']);
    expect(parseSearch('7-eleven').words).toEqual(['7-eleven']);
  });
});
