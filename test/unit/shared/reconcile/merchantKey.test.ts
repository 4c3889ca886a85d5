import { describe, expect, it } from 'vitest';
import { compareMerchants, normalizeMerchant } from '../../../../shared/reconcile/merchantKey';

describe('normalizeMerchant', () => {
  it.each([
    ['SQ *BLUE BOTTLE COFFEE', 'blue bottle coffee'],
    ['TST* ZUNI CAFE', 'zuni cafe'],
    ['STARBUCKS STORE 05412', 'starbucks store'],
    ["Peet's Coffee", 'peets coffee'],
    ['PEETS COFFEE #0231', 'peets coffee'],
    ['AMAZON MKTPL*2K4LT83B2', 'amazon mktpl'],
    ['The Cheesecake Factory', 'cheesecake factory'],
    ['UBER *TRIP HELP.UBER.COM', 'uber trip help uber com'],
    ['12345', ''],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeMerchant(raw)).toBe(normalized);
  });
});

describe('compareMerchants', () => {
  const named = (description: string, merchant: string | null = null) => ({ description, merchant });
  it('same when one name begins the other, or they are equal after normalizing', () => {
    expect(compareMerchants(named('SHELL OIL 57444238100'), named('Shell', 'Shell'))).toBe('same');
    expect(compareMerchants(named('CHEESECAKE FACTORY #087'), named('The Cheesecake Factory', 'The Cheesecake Factory'))).toBe('same');
  });
  it('similar when only the leading words agree, also by prefix', () => {
    expect(compareMerchants(named('WHOLEFDS MKT 10234'), named('Whole Foods Market'))).toBe('similar');
    expect(compareMerchants(named('TRADER JOE S #552'), named("Trader Joe's"))).toBe('similar');
  });
  it('different when nothing agrees; unknown when a side has no readable name', () => {
    expect(compareMerchants(named('NETFLIX.COM'), named('Spotify', 'Spotify'))).toBe('different');
    expect(compareMerchants(named('#0042 0099'), named('Spotify'))).toBe('unknown');
  });
});
