/**
 * How the demo banks handle what must stay secret: hashes (the only form a token reaches a state
 * file in), constant-time comparison, the API-credential check, and the record of every secret a
 * bank issued or accepted (so tests can prove none of them leaks into the app's logs or storage).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export const sha256Hex = (text: string): string => sha256(text).toString('hex');

/** Constant-time string comparison (hashing first makes the lengths equal). */
export const safeEqual = (a: string, b: string): boolean => timingSafeEqual(sha256(a), sha256(b));

/** Both halves are always compared, so a wrong id is not distinguishable by timing from a wrong secret. */
export function credentialsMatch(expected: { id: string; secret: string }, id: string, secret: string): boolean {
  const idOk = safeEqual(id, expected.id);
  const secretOk = safeEqual(secret, expected.secret);
  return idOk && secretOk;
}

/** Every secret a bank issued or accepted in this process, for secret-leak tests. */
export class IssuedSecrets {
  private readonly seen = new Set<string>();

  note(secret: string): void {
    this.seen.add(secret);
  }

  list(): string[] {
    return [...this.seen];
  }
}
