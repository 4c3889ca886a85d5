/**
 * Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date; MoneyKit's docs allow
 * both. Returns how long to wait from `now`, never negative; null when absent or unreadable, so the
 * caller falls back to its own backoff rather than trusting a garbled value.
 */
const MAX_MS = 7 * 24 * 3600 * 1000; // a week: anything longer is a broken header, not a plan

export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.min(MAX_MS, Math.round(Number(value) * 1000));
  // The three HTTP-date forms all start with the day name; Date.parse alone is far more lenient.
  if (!/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_MS, Math.max(0, at - now.getTime()));
}
