import { describe, expect, it } from 'vitest';
import { classifyStatus, classifyThrown, errorCode } from '../../../../../electron/providers/snaptrade/classifySnaptradeError';

const headers = { 'x-request-id': 'req-1', 'x-ratelimit-reset': '7' };
const body = (code: string | number, detail = 'x') => ({ detail, status_code: 0, code });

describe('classifyStatus', () => {
  it('retries 429 and 5xx, keeping the request id and the advised wait', () => {
    expect(classifyStatus(429, body('0000'), headers)).toEqual({
      kind: 'retry', retryAfterMs: 7000,
      error: { code: 'rate_limited', message: expect.stringMatching(/rate-limiting/), retryAt: null, requestId: 'req-1' },
    });
    expect(classifyStatus(500, body('1000'), {})).toMatchObject({ kind: 'retry', error: { code: 'provider_unavailable', message: expect.stringMatching(/server error \(HTTP 500, code 1000\)/) } });
    expect(classifyStatus(503, body('3002'), {})).toMatchObject({ kind: 'retry', error: { message: 'The brokerage is not answering SnapTrade right now.' } });
    expect(classifyStatus(502, '<html>bad gateway</html>', {})).toMatchObject({ kind: 'retry', error: { code: 'provider_unavailable' } });
  });

  it('stops at once on credentials, a disabled or removed connection, and anything else refused', () => {
    expect(classifyStatus(401, body('1076'), headers)).toMatchObject({ kind: 'fatal', error: { code: 'credentials', message: expect.stringMatching(/consumer key/) } });
    expect(classifyStatus(401, body('1083'), headers)).toMatchObject({ kind: 'fatal', error: { code: 'credentials', message: expect.stringMatching(/user ID or secret/) } });
    expect(classifyStatus(402, body(3003), headers)).toMatchObject({ kind: 'fatal', error: { code: 'needs_reauth', message: expect.stringMatching(/disabled — reconnect/) } });
    expect(classifyStatus(404, body('1011'), headers)).toMatchObject({ kind: 'fatal', error: { code: 'disconnected' } });
    expect(classifyStatus(403, body('1141'), headers)).toMatchObject({ kind: 'fatal', error: { code: 'internal', message: expect.stringMatching(/HTTP 403, code 1141/) } });
    expect(classifyStatus(402, body('9999'), headers)).toMatchObject({ kind: 'fatal', error: { code: 'internal' } });
  });

  it('waits while SnapTrade is still populating (425)', () => {
    expect(classifyStatus(425, body('3012'), {})).toMatchObject({ kind: 'waiting' });
  });

  it('reads the code from `code` or the spec\'s `default_code`, as a string', () => {
    expect(errorCode({ detail: 'x', code: 3003 })).toBe('3003');
    expect(errorCode({ default_detail: 'x', default_code: '1076' })).toBe('1076');
    expect(errorCode('not json')).toBeNull();
  });
});

describe('classifyThrown', () => {
  it('retries transport failures, naming what happened', () => {
    expect(classifyThrown({ name: 'SnaptradeError', code: 'ECONNABORTED' })).toMatchObject({ kind: 'retry', error: { code: 'provider_unavailable', message: 'SnapTrade timed out.' } });
    expect(classifyThrown({ name: 'SnaptradeError', code: 'ECONNREFUSED' })).toMatchObject({ kind: 'retry', error: { message: 'SnapTrade refused the connection.' } });
  });

  it('classifies an HTTP error the SDK threw, and the SDK\'s own 429 give-up', () => {
    expect(classifyThrown({ name: 'SnaptradeError', status: 402, responseBody: body('3003') })).toMatchObject({ kind: 'fatal', error: { code: 'needs_reauth' } });
    expect(classifyThrown(new Error('Request failed after 3 retries due to 429 (rate limit) errors.'))).toMatchObject({ kind: 'retry', error: { code: 'rate_limited' } });
  });

  it('does not swallow bugs', () => {
    expect(classifyThrown(new TypeError('x is undefined'))).toBeNull();
  });
});
