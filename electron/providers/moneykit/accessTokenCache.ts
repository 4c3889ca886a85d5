/**
 * MoneyKit's OAuth access token, held in memory only (never persisted, never logged): one token for
 * the whole app, fetched on first use, renewed shortly before it expires and whenever MoneyKit says
 * it has expired. Concurrent callers share one in-flight token request.
 */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/** Renew this long before expiry (at most a tenth of the lifetime, so short-lived tokens still get used). */
const RENEW_EARLY_MS = 60_000;

export class AccessTokenCache {
  private current: { token: string; renewAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => Date,
  ) {}

  get(): Promise<string> {
    if (this.current !== null && this.now().getTime() < this.current.renewAt) return Promise.resolve(this.current.token);
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forgets `token` if it is still the current one (a concurrent renewal may already have replaced it). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async fetch(): Promise<string> {
    const requestedAt = this.now().getTime();
    const { token, expiresInSeconds } = await this.issue();
    const lifetime = expiresInSeconds * 1000;
    // Measured from when we asked, so time spent in transit only makes us renew earlier.
    this.current = { token, renewAt: requestedAt + lifetime - Math.min(RENEW_EARLY_MS, lifetime / 10) };
    return token;
  }
}
