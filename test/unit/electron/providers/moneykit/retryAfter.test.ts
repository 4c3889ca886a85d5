import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../../electron/providers/moneykit/retryAfter';

const NOW = new Date('2026-03-02T15:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an HTTP-date, relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 15:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Monday, 02-Mar-26 15:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 14:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read, and caps absurd values', () => {
    for (const bad of [null, undefined, '', 'soon', '-5', '5 minutes', '2026-03-02T15:02:00Z']) expect(parseRetryAfter(bad, NOW)).toBeNull();
    expect(parseRetryAfter('99999999999', NOW)).toBe(7 * 24 * 3600 * 1000);
  });
});
