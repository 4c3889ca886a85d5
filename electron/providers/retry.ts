/**
 * The one retry policy of every provider's pull: bounded exponential backoff with jitter for the
 * retries inside a pull, and — once a pull gives up — when the connection should be tried again
 * (the `retryAt` of its error, or of a `waiting` result). Each pull imports these; none keeps its
 * own table.
 */
import type { SyncError } from '../../shared/types';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 1000, capMs: 15_000 };

/** "Equal jitter": half the exponential delay is fixed, half random, so retries never align. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.round(exp / 2 + (exp / 2) * random());
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * When to try a failed connection again, by error code, when the provider named no time. 0 means
 * never on its own: the user has to act (reconnect, fix credentials, finish something at the bank).
 */
export const RETRY_LATER_MS: Readonly<Record<SyncError['code'], number>> = {
  rate_limited: 60_000, provider_unavailable: 5 * 60_000, bad_response: 15 * 60_000,
  needs_reauth: 0, disconnected: 0, credentials: 0, internal: 15 * 60_000,
  action_at_bank: 0, institution_unavailable: 30 * 60_000,
};

/** How long a provider that is still preparing the data gets before the next try. */
export const WAITING_RETRY_MS = 60_000;

/**
 * The failed pull's error with its `retryAt`: the provider's own wait when it named one
 * (Retry-After, X-RateLimit-Reset — honoured even when 0), else RETRY_LATER_MS for the code;
 * null when the connection should not be retried on its own.
 */
export function withRetryAt(error: SyncError, now: Date, providerWaitMs: number | null = null): SyncError {
  const wait = providerWaitMs ?? RETRY_LATER_MS[error.code];
  const retryAt = wait > 0 || providerWaitMs !== null ? new Date(now.getTime() + wait).toISOString() : null;
  return { ...error, retryAt };
}

/** `retryAt` for a `waiting` result (the provider is still preparing the data). */
export const waitingRetryAt = (now: Date): string => new Date(now.getTime() + WAITING_RETRY_MS).toISOString();
