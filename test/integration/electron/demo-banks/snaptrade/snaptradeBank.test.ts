import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnaptradeBank, type SnaptradeBank } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import type { SnaptradeUser } from '../../../../../electron/providers/snaptrade/snaptradeClient';
import { CLIENT_ID, CONSUMER_KEY, apiFor, connect, registerUser } from '../../../../support/providers/snaptradeFixture';

// The demo SnapTrade service on the wire: raw HTTP, signed by a signer written the SDK's way.

/** The SDK's JSONstringifyOrder: every key of every level, sorted, as JSON.stringify's replacer list. */
function sdkCanonical(value: unknown): string {
  const keys: string[] = [];
  const seen = new Set<string>();
  JSON.stringify(value, (key: string, v: unknown) => {
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
    return v;
  });
  keys.sort();
  return JSON.stringify(value, keys);
}

const sign = (key: string, p: string, query: string, content: unknown): string =>
  createHmac('sha256', encodeURI(key)).update(sdkCanonical({ content, path: p, query })).digest('base64');

interface Signed {
  /** Defaults to the path requested. */
  signPath?: string;
  /** Defaults to the parsed body; null for none or `{}`. */
  signContent?: unknown;
  signQuery?: string;
  consumerKey?: string;
  body?: string;
  timestamp?: number;
  signature?: string | null;
}

const now = (): number => Math.floor(Date.now() / 1000);

async function call(bank: SnaptradeBank, method: string, p: string, params: [string, string][], options: Signed = {}): Promise<Response> {
  const all: [string, string][] = [...params, ['timestamp', String(options.timestamp ?? now())]];
  const query = all.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  // As the SDK does: no body, or exactly "{}", signs null.
  const content = options.signContent !== undefined ? options.signContent : options.body === undefined || options.body === '{}' ? null : JSON.parse(options.body);
  const signature = options.signature === undefined ? sign(options.consumerKey ?? CONSUMER_KEY, options.signPath ?? p, options.signQuery ?? query, content) : options.signature;
  return fetch(`${bank.url}${p}?${query}`, {
    method,
    headers: { ...(signature === null ? {} : { Signature: signature }), ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

const userParams = (user: SnaptradeUser): [string, string][] => [['clientId', CLIENT_ID], ['userId', user.userId], ['userSecret', user.userSecret]];
const PYTHON_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
const BAD_SIGNATURE = { detail: 'Unable to verify signature sent', status_code: 401, code: '1076' };

let bank: SnaptradeBank;
let user: SnaptradeUser;
let authorizationId: string;
const clock = { ms: Date.parse('2026-05-14T18:30:00Z') };

beforeAll(async () => {
  bank = await startSnaptradeBank({
    seed: 5, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, dailySync: false, now: () => new Date(clock.ms), profile: { historyDays: 90 }, rateLimitPerMinute: null,
  });
  const api = apiFor(bank);
  user = await registerUser(api);
  authorizationId = await connect(bank, api, user);
});
afterAll(async () => bank.close());

describe('demo SnapTrade service: request signatures', () => {
  it('accepts a request signed over its raw query string, in whatever order the parameters were sent', async () => {
    const params: [string, string][] = [['userSecret', user.userSecret], ['clientId', CLIENT_ID], ['userId', user.userId]];
    const res = await call(bank, 'GET', '/accounts', params);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(2);
  });

  it('rejects a changed query, path or body with 401 code 1076', async () => {
    const params = userParams(user);
    const tampered = await call(bank, 'GET', '/accounts', params, { signQuery: 'clientId=OTHER' });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual(BAD_SIGNATURE);
    expect((await call(bank, 'GET', '/authorizations', params, { signPath: '/accounts' })).status).toBe(401);
    const body = JSON.stringify({ userId: 'someone' });
    expect((await call(bank, 'POST', '/snapTrade/registerUser', [['clientId', CLIENT_ID]], { body, signContent: { userId: 'someone-else' } })).status).toBe(401);
  });

  it('rejects a wrong consumer key, a wrong client id, a missing signature and a stale timestamp', async () => {
    const params = userParams(user);
    expect((await call(bank, 'GET', '/accounts', params, { consumerKey: 'wrong' })).status).toBe(401);
    expect((await call(bank, 'GET', '/accounts', [['clientId', 'OTHER-CLIENT'], ...params.slice(1)])).status).toBe(401);
    expect((await call(bank, 'GET', '/accounts', params, { signature: null })).status).toBe(401);
    const stale = await call(bank, 'GET', '/accounts', params, { timestamp: now() - 3600 });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual(BAD_SIGNATURE);
  });

  it('signs the body canonically: keys sorted at every level, so the order they were sent in does not matter', async () => {
    const body = '{"userId":"canon-user","zeta":{"b":1,"a":[{"y":2,"x":1}]},"10":"ten","2":"two"}';
    const res = await call(bank, 'POST', '/snapTrade/registerUser', [['clientId', CLIENT_ID]], { body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: 'canon-user', userSecret: expect.any(String) });
  });

  it('signs content null for no body and for {}, never {}', async () => {
    const params = userParams(user);
    expect((await call(bank, 'POST', '/snapTrade/login', params, { body: '{}' })).status).toBe(200);
    expect((await call(bank, 'POST', '/snapTrade/login', params, { body: '{}', signContent: {} })).status).toBe(401);
    expect((await call(bank, 'POST', `/authorizations/${authorizationId}/transactions/sync`, params)).status).toBe(200);
    expect((await call(bank, 'POST', `/authorizations/${authorizationId}/transactions/sync`, params, { signContent: {} })).status).toBe(401);
  });

  it('accepts the legacy /api/v1 path signed either way, and marks it deprecated', async () => {
    const params = userParams(user);
    const prefixed = await call(bank, 'GET', '/api/v1/accounts', params);
    expect(prefixed.status).toBe(200);
    expect(prefixed.headers.get('deprecation')).toBe('@1781222400');
    expect((await call(bank, 'GET', '/api/v1/accounts', params, { signPath: '/accounts' })).status).toBe(200);
    // SDKs up to 10.0.13 signed "/api/v1" + path even with a custom base path.
    const old = await call(bank, 'GET', '/accounts', params, { signPath: '/api/v1/accounts' });
    expect(old.status).toBe(200);
    expect(old.headers.get('deprecation')).toBeNull();
  });

  it('answers a wrong user secret with 401 code 1083', async () => {
    const res = await call(bank, 'GET', '/authorizations', [['clientId', CLIENT_ID], ['userId', user.userId], ['userSecret', 'nope']]);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: 'Invalid userID or userSecret provided', status_code: 401, code: '1083' });
  });
});

describe('demo SnapTrade service: wire shapes', () => {
  it('sends X-Request-ID and the rate-limit headers on every response', async () => {
    const res = await call(bank, 'GET', '/accounts', userParams(user));
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('250');
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    const failed = await call(bank, 'GET', '/accounts', userParams(user), { consumerKey: 'wrong' });
    expect(failed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses Python-style datetimes and one-day-delayed, reverse-chronological activity pages', async () => {
    const params = userParams(user);
    const [connection] = (await (await call(bank, 'GET', '/authorizations', params)).json()) as { created_date: string; disabled: boolean }[];
    expect(connection?.created_date).toMatch(PYTHON_DATETIME);
    expect(connection?.disabled).toBe(false);
    const accounts = (await (await call(bank, 'GET', '/accounts', params)).json()) as { id: string; sync_status: { transactions: { last_successful_sync: string } } }[];
    const account = accounts[0];
    if (!account) throw new Error('no account');
    expect(account.sync_status.transactions.last_successful_sync).toBe('2026-05-13'); // yesterday

    const page = async (offset: number, limit: number, extra: [string, string][] = []) => {
      const res = await call(bank, 'GET', `/accounts/${account.id}/activities`, [...params, ...extra, ['offset', String(offset)], ['limit', String(limit)]]);
      return (await res.json()) as { data: { id: string; type: string; trade_date: string | null; settlement_date: string }[]; pagination: { offset: number; limit: number; total: number } };
    };
    const all = await page(0, 1000);
    expect(all.pagination).toEqual({ offset: 0, limit: 1000, total: all.data.length });
    expect(all.data.length).toBeGreaterThan(10);
    // Interest postings carry only a settlement date (trade_date null, as SnapTrade's schema allows).
    const dateOf = (a: { trade_date: string | null; settlement_date: string }): string => a.trade_date ?? a.settlement_date;
    expect(all.data.filter((a) => a.trade_date === null).every((a) => a.type === 'INTEREST')).toBe(true);
    for (const a of all.data) {
      if (a.trade_date !== null) expect(a.trade_date).toMatch(PYTHON_DATETIME);
      expect(a.settlement_date).toMatch(PYTHON_DATETIME);
      expect(dateOf(a).slice(0, 10) <= '2026-05-13').toBe(true);
    }
    const dates = all.data.map((a) => dateOf(a).slice(0, 10));
    expect(dates).toEqual([...dates].sort().reverse());
    const second = await page(3, 4);
    expect(second.data.map((a) => a.id)).toEqual(all.data.slice(3, 7).map((a) => a.id));
    expect(second.pagination).toEqual({ offset: 3, limit: 4, total: all.data.length });
    const recent = await page(0, 1000, [['startDate', '2026-05-01']]);
    expect(recent.data.every((a) => dateOf(a) >= '2026-05-01')).toBe(true);
    expect(recent.pagination.total).toBe(all.data.filter((a) => dateOf(a) >= '2026-05-01').length);
    const tooMany = await call(bank, 'GET', `/accounts/${account.id}/activities`, [...params, ['limit', '1001']]);
    expect(tooMany.status).toBe(400);
  });

  it('refuses to sync a disabled connection (402 code 3003) and to disable it twice (3011)', async () => {
    const api = apiFor(bank);
    const other = await registerUser(api);
    const id = await connect(bank, api, other);
    const params = userParams(other);
    expect((await call(bank, 'POST', `/authorizations/${id}/disable`, params)).status).toBe(200);
    const again = await call(bank, 'POST', `/authorizations/${id}/disable`, params);
    expect(again.status).toBe(402);
    expect(await again.json()).toMatchObject({ code: '3011' });
    const sync = await call(bank, 'POST', `/authorizations/${id}/transactions/sync`, params);
    expect(sync.status).toBe(402);
    expect(await sync.json()).toEqual({ detail: 'Unable to sync with brokerage account because the connection is disabled.', status_code: 402, code: '3003' });
    // Another user cannot see it.
    expect((await call(bank, 'GET', `/authorizations/${id}`, userParams(user))).status).toBe(404);
  });

  it('shows a consent page for a customRedirect login; Connect completes it once, redirecting with the new connection id', async () => {
    const api = apiFor(bank);
    const other = await registerUser(api);
    const login = await call(bank, 'POST', '/snapTrade/login', userParams(other), { body: JSON.stringify({ customRedirect: 'http://127.0.0.1:1/done', connectionType: 'read' }) });
    const { redirectURI } = (await login.json()) as { redirectURI: string };
    const page = await fetch(redirectURI, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self' http:\/\/127\.0\.0\.1:1;/);
    expect(await page.text()).toContain('Demo Brokerage — Allow Ledgerline to read your accounts and activity');
    expect(bank.authorizations().some((a) => a.user_id === other.userId)).toBe(false); // opening the page connects nothing
    const token = new URL(redirectURI).searchParams.get('token') ?? '';
    const post = (decision: string, contentType = 'application/x-www-form-urlencoded'): Promise<Response> =>
      fetch(new URL('/snapTrade/redeemToken', bank.url), { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams({ token, decision }).toString(), redirect: 'manual' });
    expect((await post('connect', 'application/json')).status).toBe(400); // a form, nothing else
    const first = await post('connect');
    expect(first.status).toBe(303);
    const location = new URL(first.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:1/done');
    expect(location.searchParams.get('status')).toBe('SUCCESS');
    const id = location.searchParams.get('connection_id');
    expect(bank.authorizations().some((a) => a.id === id && a.user_id === other.userId)).toBe(true);
    expect((await post('connect')).status).toBe(404); // single use
    expect((await fetch(redirectURI, { redirect: 'manual' })).status).toBe(404);
    // The same brokerage login again: a new connection (new account ids) to the same account numbers.
    const second = await connect(bank, api, other);
    const accounts = (await call(bank, 'GET', '/accounts', userParams(other)).then((r) => r.json())) as { id: string; number: string; brokerage_authorization: string }[];
    const of = (auth: string | null) => accounts.filter((a) => a.brokerage_authorization === auth);
    expect(of(second).map((a) => a.number).sort()).toEqual(of(id).map((a) => a.number).sort());
    expect(of(second).map((a) => a.id)).not.toEqual(of(id).map((a) => a.id));
  });

  it('sends Cancel and a reconnect back to customRedirect, the reconnect re-enabling the same connection', async () => {
    const api = apiFor(bank);
    const other = await registerUser(api);
    const id = await connect(bank, api, other);
    const portal = async (body: Record<string, string>): Promise<string> => {
      const login = await call(bank, 'POST', '/snapTrade/login', userParams(other), { body: JSON.stringify({ customRedirect: 'http://127.0.0.1:1/done?flow=x', ...body }) });
      return new URL(((await login.json()) as { redirectURI: string }).redirectURI).searchParams.get('token') ?? '';
    };
    const post = (token: string, decision: string): Promise<Response> =>
      fetch(new URL('/snapTrade/redeemToken', bank.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, decision }).toString(), redirect: 'manual' });
    const cancelled = await post(await portal({}), 'cancel');
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe('http://127.0.0.1:1/done?flow=x&status=ABANDONED');

    bank.setFaults(id, { disabled: true });
    const reconnected = await post(await portal({ reconnect: id }), 'connect');
    expect(reconnected.headers.get('location')).toBe(`http://127.0.0.1:1/done?flow=x&status=SUCCESS&connection_id=${id}`);
    expect(bank.authorizations().find((a) => a.id === id)?.disabled).toBe(false);
  });

  it('throttles past its per-minute limit with 429 code "0000"', async () => {
    const limited = await startSnaptradeBank({ seed: 1, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 4; i++) {
        last = await call(limited, 'POST', '/snapTrade/registerUser', [['clientId', CLIENT_ID]], { body: JSON.stringify({ userId: `u${i}` }) });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await last?.json()).toMatchObject({ status_code: 429, code: '0000' });
      expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await limited.close();
    }
  });
});

describe('demo SnapTrade service: admin endpoints and persistence', () => {
  const raw = (url: string, options: { method: string; host?: string; contentType?: string; body?: string }): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: options.method, headers: { ...(options.host ? { host: options.host } : {}), ...(options.contentType ? { 'content-type': options.contentType } : {}) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(options.body);
    });

  it('answers only loopback hosts and JSON bodies, and not at all when turned off', async () => {
    const body = JSON.stringify({ authorization_id: authorizationId });
    expect(await raw(`${bank.url}/__admin/truth`, { method: 'POST', contentType: 'application/json', body })).toBe(200);
    expect(await raw(`${bank.url}/__admin/truth`, { method: 'POST', contentType: 'application/json', body, host: 'evil.example' })).toBe(403);
    expect(await raw(`${bank.url}/__admin/truth`, { method: 'POST', contentType: 'text/plain', body })).toBe(415);
    const closed = await startSnaptradeBank({ seed: 1, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, adminHttp: false });
    try {
      expect(await raw(`${closed.url}/__admin/authorizations`, { method: 'GET' })).toBe(404);
    } finally {
      await closed.close();
    }
  });

  it('reloads users, connections and every activity id from its state file, which holds no secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snaptrade-state-'));
    const stateFile = path.join(dir, 'state.json');
    const t = { ms: Date.parse('2026-02-10T16:00:00Z') };
    const options = { seed: 77, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, stateFile, now: () => new Date(t.ms), profile: { historyDays: 30 } };
    try {
      const first = await startSnaptradeBank(options);
      const api = apiFor(first);
      const owner = await registerUser(api);
      const id = await connect(first, api, owner);
      t.ms += 2 * 86_400_000; // the daily sync runs on the next look
      first.reprocess(id, { reissue: 1, drop: 1 });
      first.setFaults(id, { disabled: true });
      const before = first.truth(id);
      await first.close();

      const text = readFileSync(stateFile, 'utf8');
      expect(text).not.toContain(owner.userSecret);
      expect(text).not.toContain(CONSUMER_KEY);

      const second = await startSnaptradeBank(options);
      try {
        expect(second.truth(id)).toEqual(before);
        expect(second.authorizations().find((a) => a.id === id)?.disabled).toBe(true);
        const list = await apiFor(second).listAuthorizations(owner);
        expect(list.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
