import { describe, expect, it } from 'vitest';
import { classifyPlaidError } from '../../../../../electron/providers/plaid/classifyPlaidError';
import { describeStatus, needsSignIn } from '../../../../../renderer/src/ui/ConnectionStatusLine';
import type { ConnectionView } from '../../../../../renderer/src/hooks/useConnections';
import { decideAutoSync } from '../../../../../shared/schedule/autoSync';

// Issue 14, item 7: each Plaid item error gets the state its meaning calls for (Plaid's errors/item
// and errors/institution docs). Before, all but ITEM_LOGIN_REQUIRED / USER_PERMISSION_REVOKED fell
// to a generic "internal" error retried every 15 minutes, which no retry could ever fix.
const plaidError = (error_code: string, error_type = 'ITEM_ERROR', status = 400) => ({
  isAxiosError: true, response: { status, data: { error_type, error_code, error_message: 'x', display_message: null, request_id: 'req-1' } },
});
const decision = (code: string, type?: string) => {
  const d = classifyPlaidError(plaidError(code, type));
  return d.kind === 'restart' ? 'restart' : `${d.kind}:${d.error.code}`;
};

describe('classifyPlaidError: item errors', () => {
  it.each([
    ['ITEM_LOGIN_REQUIRED', 'fatal:needs_reauth'],
    ['USER_PERMISSION_REVOKED', 'fatal:needs_reauth'],
    ['INVALID_CREDENTIALS', 'fatal:needs_reauth'],
    ['INSUFFICIENT_CREDENTIALS', 'fatal:needs_reauth'],
    ['INVALID_MFA', 'fatal:needs_reauth'],
    ['ACCESS_NOT_GRANTED', 'fatal:needs_reauth'],
    ['NO_ACCOUNTS', 'fatal:needs_reauth'],
    ['ITEM_LOCKED', 'fatal:action_at_bank'],
    ['USER_SETUP_REQUIRED', 'fatal:action_at_bank'],
  ])('%s → %s', (code, expected) => expect(decision(code)).toBe(expected));

  it.each([
    ['INSTITUTION_DOWN', 'retry:institution_unavailable'],
    ['INSTITUTION_NOT_RESPONDING', 'retry:institution_unavailable'],
    ['INSTITUTION_NOT_AVAILABLE', 'fatal:institution_unavailable'],
    ['INSTITUTION_NO_LONGER_SUPPORTED', 'fatal:disconnected'],
  ])('%s → %s', (code, expected) => expect(decision(code, 'INSTITUTION_ERROR')).toBe(expected));

  it('says what to do at the bank, and keeps the request id', () => {
    const d = classifyPlaidError(plaidError('ITEM_LOCKED'));
    expect(d.kind !== 'restart' && d.error).toMatchObject({ message: expect.stringMatching(/unlock/), requestId: 'req-1' });
  });
});

describe('the user-facing state of an action at the bank', () => {
  const connection = (state: 'action_at_bank' | 'waiting'): ConnectionView => ({
    id: 'c1', provider: 'plaid', institutionName: 'First Platypus Bank', demo: false, createdAt: '2026-11-01T00:00:00.000Z',
    presence: 'listed', removedAt: null,
    status: { state, lastAttemptAt: '2026-11-21T12:00:00.000Z', lastSuccessAt: null, message: 'The bank locked your account', retryAt: state === 'waiting' ? '2026-11-21T12:30:00.000Z' : null },
  });

  it('shows "Action needed at the bank", tells what to do there, and offers Sign in again', () => {
    const c = connection('action_at_bank');
    const d = describeStatus(c, false, Date.parse('2026-11-21T12:01:00Z'));
    expect(d).toMatchObject({ state: 'action_at_bank', text: 'Action needed at the bank', canRetry: false });
    expect(d.next).toMatch(/First Platypus Bank's own website/);
    expect(needsSignIn(c, d)).toBe(true);
  });

  it('is not synced in the background (only the user can fix it)', () => {
    const out = decideAutoSync({
      now: Date.parse('2026-11-21T20:00:00Z'), reason: 'timer', intervalMs: 3_600_000,
      connections: [{ id: 'c1', provider: 'plaid', status: connection('action_at_bank').status }],
    });
    expect(out.due).toEqual([]);
    expect(out.skipped).toEqual([{ id: 'c1', why: 'needs_user' }]);
  });
});
