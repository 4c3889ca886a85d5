import { describe, expect, it } from 'vitest';
import { classifyMoneykitError } from '../../../../../electron/providers/moneykit/classifyMoneykitError';
import { MoneykitRequestError, type MoneykitFailure } from '../../../../../electron/providers/moneykit/moneykitFailure';

// Every MoneyKit failure → retry or stop, and the state the user sees.
const http = (status: number, errorCode: string | null, extra: Partial<Extract<MoneykitFailure, { kind: 'http' }>> = {}) =>
  new MoneykitRequestError('GET /links/{id}/transactions/sync', {
    kind: 'http', status, errorCode, linkErrorCode: null, invalidField: null, retryAfterMs: null, requestId: 'req-1', ...extra,
  });
const decide = (thrown: unknown) => {
  const d = classifyMoneykitError(thrown);
  return { kind: d.kind, code: d.error.code, retryAfterMs: d.kind === 'retry' ? d.retryAfterMs : null };
};

describe('classifyMoneykitError', () => {
  it('stops for the states only the user or the app can fix', () => {
    expect(decide(http(422, 'link_error.bad_state', { linkErrorCode: 'auth_expired' }))).toMatchObject({ kind: 'fatal', code: 'needs_reauth' });
    expect(decide(http(422, 'link_error.bad_state', { linkErrorCode: 'invalid_credentials' }))).toMatchObject({ kind: 'fatal', code: 'needs_reauth' });
    expect(decide(http(422, 'link_error.bad_state'))).toMatchObject({ kind: 'fatal', code: 'needs_reauth' });
    expect(decide(http(403, 'link_error.forbidden_action'))).toMatchObject({ kind: 'fatal', code: 'needs_reauth' });
    expect(decide(http(410, 'link_error.deleted'))).toMatchObject({ kind: 'fatal', code: 'disconnected' });
    expect(decide(http(404, 'link_error.not_found'))).toMatchObject({ kind: 'fatal', code: 'disconnected' });
    expect(decide(http(401, 'link_error.unauthorized_access'))).toMatchObject({ kind: 'fatal', code: 'disconnected' });
    expect(decide(http(401, 'api_error.auth.unauthorized'))).toMatchObject({ kind: 'fatal', code: 'credentials' });
    expect(decide(http(400, 'api_error.auth.unauthorized'))).toMatchObject({ kind: 'fatal', code: 'credentials' });
  });

  it('retries rate limits with their Retry-After, server errors, timeouts and network failures', () => {
    expect(decide(http(429, 'api_error.rate_limit_exceeded', { retryAfterMs: 30_000 }))).toEqual({ kind: 'retry', code: 'rate_limited', retryAfterMs: 30_000 });
    expect(decide(http(429, null))).toEqual({ kind: 'retry', code: 'rate_limited', retryAfterMs: null });
    expect(decide(http(500, 'api_error.internal_server_error'))).toMatchObject({ kind: 'retry', code: 'provider_unavailable' });
    expect(decide(http(503, null))).toMatchObject({ kind: 'retry', code: 'provider_unavailable' });
    expect(decide(new MoneykitRequestError('x', { kind: 'network', reason: 'timeout' }))).toMatchObject({ kind: 'retry', code: 'provider_unavailable' });
    expect(classifyMoneykitError(new MoneykitRequestError('x', { kind: 'network', reason: 'timeout' })).error.message).toMatch(/timed out/);
    expect(decide(new MoneykitRequestError('x', { kind: 'network', reason: 'unreachable' }))).toMatchObject({ kind: 'retry', code: 'provider_unavailable' });
    // A token MoneyKit says expired right after issuing it: not the user's problem, try again.
    expect(decide(http(401, 'api_error.auth.expired_access_token'))).toMatchObject({ kind: 'retry', code: 'provider_unavailable' });
  });

  it('treats an institution-side link error as an outage, not a login problem', () => {
    for (const linkErrorCode of ['institution_error', 'provider_error', 'system_error']) {
      expect(decide(http(422, 'link_error.bad_state', { linkErrorCode }))).toMatchObject({ kind: 'fatal', code: 'provider_unavailable' });
    }
  });

  it('reports untrusted responses as bad_response naming the field, and keeps the request id', () => {
    const d = classifyMoneykitError(new MoneykitRequestError('x', { kind: 'invalid', detail: 'transactions.created[3].amount: bad', requestId: 'req-7' }));
    expect(d).toMatchObject({ kind: 'fatal', error: { code: 'bad_response', requestId: 'req-7' } });
    expect(d.error.message).toContain('transactions.created[3].amount');
    expect(decide(http(418, null))).toMatchObject({ kind: 'fatal', code: 'bad_response' });
    expect(classifyMoneykitError(http(422, 'link_error.bad_state')).error.requestId).toBe('req-1');
  });

  it('names our own invalid input, and never fails open on the unexpected', () => {
    const d = classifyMoneykitError(http(422, 'api_error.request.validation_failed', { invalidField: 'query.cursor' }));
    expect(d).toMatchObject({ kind: 'fatal', error: { code: 'internal' } });
    expect(d.error.message).toContain('query.cursor');
    expect(decide(http(409, 'api_error.something_new'))).toMatchObject({ kind: 'fatal', code: 'internal' });
    expect(decide(new Error('boom'))).toMatchObject({ kind: 'fatal', code: 'internal' });
    expect(classifyMoneykitError(new Error('secret-in-here')).error.message).not.toContain('secret');
  });
});
