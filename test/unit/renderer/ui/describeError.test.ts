import { describe, expect, it } from 'vitest';
import { describeSyncError } from '../../../../renderer/src/ui/describeError';

describe('describeSyncError', () => {
  it('adds what to do, and the support reference', () => {
    expect(describeSyncError('Acorn', { code: 'needs_reauth', message: 'The bank needs you to sign in again', retryAt: null, requestId: 'r1' }))
      .toBe('The bank needs you to sign in again. Reference for support: r1.');
    expect(describeSyncError('Acorn', { code: 'needs_reauth', message: 'The link expired', retryAt: null, requestId: null }))
      .toBe('The link expired. Sign in to Acorn again to resume syncing.');
  });
  it('does not repeat advice the provider message already gives', () => {
    const text = describeSyncError('Demo Brokerage', { code: 'needs_reauth', message: 'the connection is disabled — reconnect it to resume syncing', retryAt: null, requestId: null });
    expect(text).not.toMatch(/Sign in/);
    expect(text).toMatch(/reconnect it/);
  });
});
