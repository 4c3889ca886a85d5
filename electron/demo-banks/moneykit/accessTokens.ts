/**
 * OAuth client-credentials access tokens for the demo bank's MoneyKit face.
 *
 * Tokens are self-validating (an expiry signed with a key derived from the client secret), like the
 * signed tokens real OAuth servers issue, so the bank stores none of them: a restarted bank still
 * honours the tokens it issued, and nothing token-like ever reaches its state file. Expiry follows
 * the bank's injectable clock, so tests can expire a token mid-drain.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'invalid';

export class AccessTokens {
  private readonly key: Buffer;

  constructor(
    clientSecret: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.key = createHmac('sha256', clientSecret).update('ledgerline demo bank: moneykit access tokens').digest();
  }

  issue(): { token: string; expiresInSeconds: number } {
    const payload = Buffer.from(JSON.stringify({ exp: this.now().getTime() + this.ttlMs, jti: randomBytes(12).toString('base64url') })).toString('base64url');
    return { token: `mkat_${payload}.${this.sign(payload)}`, expiresInSeconds: Math.max(1, Math.floor(this.ttlMs / 1000)) };
  }

  check(token: string): TokenCheck {
    const match = /^mkat_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (match === null) return 'invalid';
    const [, payload = '', signature = ''] = match;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    let exp: unknown;
    try {
      exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    } catch {
      return 'invalid';
    }
    if (typeof exp !== 'number') return 'invalid';
    return this.now().getTime() >= exp ? 'expired' : 'valid';
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
