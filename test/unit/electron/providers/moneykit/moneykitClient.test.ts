import { describe, expect, it } from 'vitest';
import { MoneykitClient } from '../../../../../electron/providers/moneykit/moneykitClient';
import { MoneykitRequestError } from '../../../../../electron/providers/moneykit/moneykitFailure';

// The fetch client's protocol, against a scripted fetch: OAuth client credentials, the version
// header, token caching and renewal, timeouts, and what a failure may (not) carry.
const SECRET = 'client-secret-do-not-leak';
const syncBody = {
  transactions: { created: [], updated: [], removed: [] }, accounts: [], cursor: { next: 'C1' }, has_more: false,
  link: { link_id: 'mk_1', institution_id: 'acorn', institution_name: 'Acorn', state: 'connected' },
};

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | null;
}
type Responder = (req: Seen) => Response | Promise<Response>;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function fakeFetch(respond: Responder) {
  const seen: Seen[] = [];
  let issued = 0;
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const req: Seen = { method: init?.method ?? 'GET', url: new URL(String(input)), headers, body: typeof init?.body === 'string' ? init.body : null };
    seen.push(req);
    if (req.url.pathname === '/auth/token') {
      issued++;
      return json(201, { access_token: `tok-${issued}`, token_type: 'bearer', expires_in: 3600 });
    }
    return respond(req);
  }) as typeof fetch;
  return { impl, seen, issuedCount: () => issued };
}

function client(respond: Responder, opts: { now?: () => Date; timeoutMs?: number } = {}) {
  const f = fakeFetch(respond);
  const secrets: string[] = [];
  const c = new MoneykitClient(
    { baseUrl: 'https://api.moneykit.test', clientId: 'client-id', clientSecret: SECRET, timeoutMs: opts.timeoutMs ?? 5000 },
    { fetch: f.impl, now: opts.now ?? (() => new Date('2026-03-02T15:00:00Z')), onSecret: (s) => secrets.push(s) },
  );
  return { c, ...f, secrets };
}

async function failureOf(p: Promise<unknown>): Promise<MoneykitRequestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MoneykitRequestError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('MoneykitClient', () => {
  it('gets a token with form-encoded client credentials, then calls with Bearer and the version header', async () => {
    const { c, seen } = client(() => json(200, syncBody));
    await c.syncTransactions('mk_1', { cursor: null, size: 500 });
    const [token, sync] = seen;
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body ?? ''))).toEqual({ grant_type: 'client_credentials', client_id: 'client-id', client_secret: SECRET });
    expect(sync?.url.pathname).toBe('/links/mk_1/transactions/sync');
    expect([...(sync?.url.searchParams.entries() ?? [])]).toEqual([['size', '500']]); // no cursor on a first sync
    expect(sync?.headers.authorization).toBe('Bearer tok-1');
    for (const req of seen) expect(req.headers['moneykit-version']).toBe('2023-02-18');
    await c.syncTransactions('mk_1', { cursor: 'C1', size: 50 });
    expect(seen[2]?.url.searchParams.get('cursor')).toBe('C1');
  });

  it('caches the token, and shares one token request between concurrent calls', async () => {
    const { c, issuedCount } = client(() => json(200, syncBody));
    await Promise.all([1, 2, 3].map(() => c.syncTransactions('mk_1', { cursor: null, size: 1 })));
    await c.syncTransactions('mk_1', { cursor: null, size: 1 });
    expect(issuedCount()).toBe(1);
  });

  it('renews the token shortly before it expires', async () => {
    let now = Date.parse('2026-03-02T15:00:00Z');
    const { c, seen } = client(() => json(200, syncBody), { now: () => new Date(now) });
    await c.syncTransactions('mk_1', { cursor: null, size: 1 });
    now += 3600_000 - 61_000; // still outside the renewal margin
    await c.syncTransactions('mk_1', { cursor: null, size: 1 });
    now += 2_000; // within a minute of expiry
    await c.syncTransactions('mk_1', { cursor: null, size: 1 });
    expect(seen.filter((r) => r.url.pathname !== '/auth/token').map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('renews and retries once when MoneyKit says the token expired', async () => {
    const { c, seen } = client((req) =>
      req.headers.authorization === 'Bearer tok-1'
        ? json(401, { error_code: 'api_error.auth.expired_access_token', error_message: 'Access token expired' })
        : json(200, syncBody));
    const pageRead = await c.syncTransactions('mk_1', { cursor: 'C0', size: 10 });
    expect(pageRead.cursor.next).toBe('C1');
    expect(seen.map((r) => r.url.pathname)).toEqual(['/auth/token', '/links/mk_1/transactions/sync', '/auth/token', '/links/mk_1/transactions/sync']);
    expect(seen[3]?.url.searchParams.get('cursor')).toBe('C0');
  });

  it('retries only once: a second 401 is final', async () => {
    const { c, issuedCount } = client(() => json(401, { error_code: 'api_error.auth.unauthorized', error_message: 'nope' }));
    const e = await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }));
    expect(e.failure).toMatchObject({ kind: 'http', status: 401, errorCode: 'api_error.auth.unauthorized' });
    expect(issuedCount()).toBe(2);
  });

  it('reports refused client credentials from /auth/token without the secret', async () => {
    const f = fakeFetch(() => json(200, syncBody));
    const refusing = (async (input: string | URL | Request, init?: RequestInit) =>
      new URL(String(input)).pathname === '/auth/token'
        ? json(401, { error_code: 'api_error.auth.unauthorized', error_message: `bad secret ${SECRET}` })
        : f.impl(input, init)) as typeof fetch;
    const c = new MoneykitClient({ baseUrl: 'https://api.moneykit.test', clientId: 'id', clientSecret: SECRET, timeoutMs: 1000 }, { fetch: refusing });
    const e = await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }));
    expect(e.failure).toMatchObject({ kind: 'http', status: 401, errorCode: 'api_error.auth.unauthorized' });
    expect(JSON.stringify({ message: e.message, failure: e.failure, stack: e.stack })).not.toContain(SECRET);
  });

  it('reads MoneyKit error bodies: link error code, invalid field, Retry-After (seconds or HTTP-date), request id', async () => {
    const reply = { current: json(422, { error_code: 'link_error.bad_state', error_message: 'x', link_error_code: 'auth_expired' }, { 'x-request-id': 'rq-1' }) };
    const { c } = client(() => reply.current);
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure)
      .toEqual({ kind: 'http', status: 422, errorCode: 'link_error.bad_state', linkErrorCode: 'auth_expired', invalidField: null, retryAfterMs: null, requestId: 'rq-1' });
    reply.current = json(422, { error_code: 'api_error.request.validation_failed', error_message: 'x', validation_errors: [{ location: ['query', 'cursor'], message: 'bad', type: 'value_error' }] });
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: 'zz', size: 1 }))).failure).toMatchObject({ invalidField: 'query.cursor' });
    reply.current = json(429, { error_code: 'api_error.rate_limit_exceeded', error_message: 'Rate limit exceeded' }, { 'retry-after': '30' });
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toMatchObject({ status: 429, retryAfterMs: 30_000 });
    reply.current = json(429, {}, { 'retry-after': 'Mon, 02 Mar 2026 15:02:00 GMT' });
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toMatchObject({ status: 429, errorCode: null, retryAfterMs: 120_000 });
    reply.current = new Response('<html>Bad gateway</html>', { status: 502 });
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toMatchObject({ kind: 'http', status: 502, errorCode: null });
  });

  it('refuses a success body that is not JSON or not a sync page, naming the field', async () => {
    const reply = { current: new Response('{"transactions": {"crea', { status: 200 }) };
    const { c } = client(() => reply.current);
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toMatchObject({ kind: 'invalid', detail: 'the response is not valid JSON' });
    reply.current = json(200, { ...syncBody, has_more: 'no' });
    expect((await failureOf(c.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/^has_more: /) });
  });

  it('times out a request that does not answer, and reports an unreachable host', async () => {
    const tokens = fakeFetch(() => json(200, syncBody));
    // Answers the token request, then never answers: only the client's own timeout ends the call.
    const hanging = (async (input: string | URL | Request, init?: RequestInit) => {
      if (new URL(String(input)).pathname === '/auth/token') return tokens.impl(input, init);
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }) as typeof fetch;
    const slow = new MoneykitClient({ baseUrl: 'https://api.moneykit.test', clientId: 'id', clientSecret: SECRET, timeoutMs: 30 }, { fetch: hanging });
    expect((await failureOf(slow.syncTransactions('mk_1', { cursor: null, size: 1 }))).failure).toEqual({ kind: 'network', reason: 'timeout' });

    const down = new MoneykitClient({ baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: SECRET, timeoutMs: 2000 });
    const e = await failureOf(down.syncTransactions('mk_1', { cursor: null, size: 1 }));
    expect(e.failure).toEqual({ kind: 'network', reason: 'unreachable' });
    expect(e.message).not.toContain(SECRET);
  });

  it('hands every secret it holds to onSecret (for log redaction), and calls the other endpoints as MoneyKit defines them', async () => {
    const { c, seen, secrets } = client((req) => {
      if (req.url.pathname === '/link-session') return json(201, { link_session_token: 'mkls_abc' });
      if (req.url.pathname === '/link-session/exchange-token') return json(201, { link_id: 'mk_1', link: syncBody.link });
      return json(req.method === 'POST' ? 202 : 200, syncBody.link);
    });
    const token = await c.createLinkSession({ customer_user: { id: 'user-1' }, redirect_uri: 'https://x.test/back' });
    expect((await c.exchangeToken(token)).link_id).toBe('mk_1');
    expect((await c.requestRefresh('mk_1', ['transactions'])).link_id).toBe('mk_1');
    expect((await c.getLink('mk_1')).state).toBe('connected');
    expect(secrets).toEqual([SECRET, 'tok-1', 'mkls_abc']);
    const refresh = seen.find((r) => r.url.pathname === '/links/mk_1/products');
    expect(refresh).toMatchObject({ method: 'POST', body: '{"products":["transactions"]}' });
    expect(refresh?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.find((r) => r.url.pathname === '/link-session/exchange-token')?.body ?? '{}')).toEqual({ exchangeable_token: 'mkls_abc' });
  });
});
