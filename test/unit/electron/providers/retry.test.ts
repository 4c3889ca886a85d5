import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRY_LATER_MS, waitingRetryAt, withRetryAt } from '../../../../electron/providers/retry';
import type { SyncError } from '../../../../shared/types';

const now = new Date('2025-03-01T12:00:00.000Z');
const error = (code: SyncError['code']): SyncError => ({ code, message: 'm', retryAt: null, requestId: 'r' });

describe('withRetryAt', () => {
  it('takes the wait for the code from the one table', () => {
    expect(withRetryAt(error('rate_limited'), now)).toEqual({ ...error('rate_limited'), retryAt: '2025-03-01T12:01:00.000Z' });
    expect(withRetryAt(error('institution_unavailable'), now).retryAt).toBe(new Date(now.getTime() + RETRY_LATER_MS.institution_unavailable).toISOString());
  });

  it('leaves retryAt null where the user has to act', () => {
    for (const code of ['needs_reauth', 'disconnected', 'credentials', 'action_at_bank'] as const) {
      expect(withRetryAt({ ...error(code), retryAt: 'stale' }, now).retryAt).toBeNull();
    }
  });

  it('honours the provider\'s own wait over the table, even 0', () => {
    expect(withRetryAt(error('rate_limited'), now, 5_000).retryAt).toBe('2025-03-01T12:00:05.000Z');
    expect(withRetryAt(error('provider_unavailable'), now, 0).retryAt).toBe('2025-03-01T12:00:00.000Z');
  });
});

describe('waitingRetryAt', () => {
  it('is a minute on', () => {
    expect(waitingRetryAt(now)).toBe('2025-03-01T12:01:00.000Z');
  });
});

describe('backoffDelay', () => {
  it('is equal jitter under the cap', () => {
    const policy = { attempts: 4, baseMs: 1000, capMs: 15_000 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(500);
    expect(backoffDelay(policy, 2, () => 1)).toBe(4000);
    expect(backoffDelay(policy, 10, () => 0.5)).toBe(11_250);
  });
});
