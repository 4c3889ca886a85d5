/**
 * SnapTrade's customer-level rate limit for the demo service: a rolling minute per clientId, and
 * the X-RateLimit-Limit / -Remaining / -Reset headers every response carries.
 */

const RATE_WINDOW_MS = 60_000;
/** SnapTrade's documented customer limit, sent as the header even when the demo does not enforce one. */
const DOCUMENTED_LIMIT = 250;

export class RollingLimit {
  private hits: number[] = [];
  constructor(private readonly perMinute: number | null) {}

  /** Records a request; the headers to send, and whether it is over the limit. */
  take(nowMs: number): { headers: Record<string, string>; over: boolean } {
    this.hits = this.hits.filter((t) => t > nowMs - RATE_WINDOW_MS);
    const limit = this.perMinute ?? DOCUMENTED_LIMIT;
    const over = this.perMinute !== null && this.hits.length >= this.perMinute;
    if (!over) this.hits.push(nowMs);
    const oldest = this.hits[0] ?? nowMs;
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - this.hits.length)),
      'X-RateLimit-Reset': String(Math.max(0, Math.ceil((oldest + RATE_WINDOW_MS - nowMs) / 1000))),
    };
    return { headers, over };
  }
}
