import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoneykitBank, type MoneykitBank, type MoneykitBankOptions } from '../../../../../electron/demo-banks/moneykit/moneykitBank';

// The demo bank's MoneyKit face on the wire, with plain fetch: shapes, statuses, headers, errors.
const CLIENT_ID = 'wire-client';
const CLIENT_SECRET = 'wire-secret-value';
const START_MS = Date.parse('2026-03-02T15:00:00Z');
let clockMs = START_MS;
const options = (extra: Partial<MoneykitBankOptions> = {}): MoneykitBankOptions => ({
  seed: 99, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: () => new Date(clockMs), profile: { historyDays: 30 }, ...extra,
});
let bank: MoneykitBank;
beforeAll(async () => {
  bank = await startMoneykitBank(options());
});
afterAll(async () => bank.close());

const VERSION = { 'moneykit-version': '2023-02-18' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function token(b = bank): Promise<string> {
  const res = await fetch(`${b.url}/auth/token`, {
    method: 'POST', headers: { ...VERSION, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; b?: MoneykitBank } = {}) {
  const res = await fetch(`${(opts.b ?? bank).url}${path}`, {
    method,
    headers: { ...VERSION, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function newLink(t: string, b = bank): Promise<string> {
  const session = await call('POST', '/link-session', { b, token: t, body: { customer_user: { id: 'user-1234' }, redirect_uri: 'https://ledgerline.test/back' } });
  expect(session.status).toBe(201);
  const exchanged = await call('POST', '/link-session/exchange-token', { b, token: t, body: { exchangeable_token: session.json?.link_session_token } });
  expect(exchanged.status).toBe(201);
  return exchanged.json?.link_id as string;
}

/** Pages until has_more is false; returns every page and the final cursor. */
async function drainRaw(t: string, linkId: string, cursor: string | null, size: number, b = bank) {
  const pages: Record<string, unknown>[] = [];
  let next = cursor;
  for (;;) {
    const q = new URLSearchParams({ size: String(size), ...(next ? { cursor: next } : {}) });
    const r = await call('GET', `/links/${linkId}/transactions/sync?${q}`, { token: t, b });
    expect(r.status).toBe(200);
    pages.push(r.json ?? {});
    next = (r.json?.cursor as { next: string }).next;
    if (r.json?.has_more !== true) return { pages, cursor: next };
  }
}

describe('MoneyKit demo bank: authentication', () => {
  it('issues bearer tokens for form-encoded or HTTP Basic client credentials, and refuses others', async () => {
    const viaForm = await fetch(`${bank.url}/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    expect(viaForm.status).toBe(201);
    expect(await viaForm.json()).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600 });
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
    const viaBasic = await fetch(`${bank.url}/auth/token`, {
      method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'client_credentials' }),
    });
    expect(viaBasic.status).toBe(201);
    const wrong = await fetch(`${bank.url}/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error_code: 'api_error.auth.unauthorized', error_message: expect.any(String), documentation_url: expect.any(String) });
    const asJson = await call('POST', '/auth/token', { body: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET } });
    expect(asJson).toMatchObject({ status: 422, json: { error_code: 'api_error.request.validation_failed' } });
  });

  it('requires a live bearer token: none or a forged one is unauthorized, an old one has expired', async () => {
    const t = await token();
    const linkId = await newLink(t);
    expect(await call('GET', `/links/${linkId}`)).toMatchObject({ status: 401, json: { error_code: 'api_error.auth.unauthorized' } });
    expect(await call('GET', `/links/${linkId}`, { token: `${t.slice(0, -2)}xx` })).toMatchObject({ status: 401, json: { error_code: 'api_error.auth.unauthorized' } });
    clockMs += 3600 * 1000;
    expect(await call('GET', `/links/${linkId}`, { token: t })).toMatchObject({
      status: 401, json: { error_code: 'api_error.auth.expired_access_token', error_message: 'Access token expired' },
    });
    expect((await call('GET', `/links/${linkId}`, { token: await token() })).status).toBe(200);
  });

  it('answers only version 2023-02-18', async () => {
    const t = await token();
    const linkId = await newLink(t);
    expect(await call('GET', `/links/${linkId}`, { token: t, headers: { 'moneykit-version': '2024-01-01' } }))
      .toMatchObject({ status: 422, json: { error_code: 'api_error.request.validation_failed', validation_errors: [{ location: ['header', 'moneykit-version'] }] } });
  });
});

describe('MoneyKit demo bank: links and sync', () => {
  it('serves TransactionSyncResponse pages of `size` (default 50), every pending in `created`, and the link', async () => {
    const t = await token();
    const linkId = await newLink(t);
    const first = await call('GET', `/links/${linkId}/transactions/sync`, { token: t });
    expect(Object.keys(first.json ?? {}).sort()).toEqual(['accounts', 'cursor', 'has_more', 'link', 'transactions']);
    const txs = first.json?.transactions as { created: unknown[]; updated: unknown[]; removed: unknown[] };
    expect(txs.created.length + txs.updated.length + txs.removed.length).toBe(50);
    expect(first.json).toMatchObject({ has_more: true, cursor: { next: expect.any(String) }, link: { link_id: linkId, state: 'connected', institution_name: 'Acorn Credit Union' } });
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f]{24}$/);
    const { pages } = await drainRaw(t, linkId, null, 500);
    const created = pages.flatMap((p) => (p.transactions as { created: { pending: boolean; amount: string | number; type: string }[] }).created);
    expect(created.filter((c) => c.pending).length).toBeGreaterThan(0);
    expect(created.every((c) => Number(c.amount) >= 0 && (c.type === 'debit' || c.type === 'credit'))).toBe(true);
    const accounts = pages.at(-1)?.accounts as { account_type: string; balances: { current: number } }[];
    expect(accounts.map((a) => a.account_type)).toEqual(['depository.checking', 'depository.savings', 'liability.credit_card']);
    expect(accounts[2]?.balances.current).toBeGreaterThan(0); // liabilities reversed: owed is positive
  });

  it('validates size and cursor like MoneyKit (422, naming the input)', async () => {
    const t = await token();
    const linkId = await newLink(t);
    for (const size of ['0', '501', 'ten']) {
      expect(await call('GET', `/links/${linkId}/transactions/sync?size=${size}`, { token: t }))
        .toMatchObject({ status: 422, json: { validation_errors: [{ location: ['query', 'size'] }] } });
    }
    expect(await call('GET', `/links/${linkId}/transactions/sync?cursor=garbage`, { token: t }))
      .toMatchObject({ status: 422, json: { validation_errors: [{ location: ['query', 'cursor'] }] } });
    const other = await newLink(t);
    const { cursor } = await drainRaw(t, other, null, 500);
    expect((await call('GET', `/links/${linkId}/transactions/sync?cursor=${cursor}`, { token: t })).status).toBe(422);
  });

  it('shows link states: bad_state with auth_expired, deleted (410), unknown (404)', async () => {
    const t = await token();
    const linkId = await newLink(t);
    bank.setFaults(linkId, { authExpired: true });
    expect(await call('GET', `/links/${linkId}/transactions/sync`, { token: t })).toMatchObject({
      status: 422, json: { error_code: 'link_error.bad_state', link_error_code: 'auth_expired', error_message: expect.any(String) },
    });
    expect(await call('GET', `/links/${linkId}`, { token: t })).toMatchObject({ status: 200, json: { state: 'error', error_code: 'auth_expired' } });
    // Reconnecting through a link session for the existing link repairs it.
    const relink = await call('POST', '/link-session', { token: t, body: { customer_user: { id: 'user-1234' }, redirect_uri: 'https://x.test/b', existing_link_id: linkId } });
    expect((await call('POST', '/link-session/exchange-token', { token: t, body: { exchangeable_token: relink.json?.link_session_token } })).json).toMatchObject({ link_id: linkId });
    expect((await call('GET', `/links/${linkId}/transactions/sync`, { token: t })).status).toBe(200);

    expect((await call('DELETE', `/links/${linkId}`, { token: t })).status).toBe(204);
    expect(await call('GET', `/links/${linkId}/transactions/sync`, { token: t })).toMatchObject({ status: 410, json: { error_code: 'link_error.deleted' } });
    expect(await call('GET', `/links/${linkId}`, { token: t })).toMatchObject({ status: 200, json: { state: 'deleted' } });
    expect(await call('GET', '/links/mk_nope/transactions/sync', { token: t })).toMatchObject({ status: 404, json: { error_code: 'link_error.not_found' } });
  });

  it('exchanges a link-session token once, and refuses a malformed session request', async () => {
    const t = await token();
    const session = await call('POST', '/link-session', { token: t, body: { customer_user: { id: 'user-1234' }, redirect_uri: 'https://x.test/b' } });
    const body = { exchangeable_token: session.json?.link_session_token };
    expect((await call('POST', '/link-session/exchange-token', { token: t, body })).status).toBe(201);
    expect(await call('POST', '/link-session/exchange-token', { token: t, body })).toMatchObject({ status: 400, json: { error_code: 'link_session_error.invalid_token_exchange' } });
    expect(await call('POST', '/link-session', { token: t, body: { customer_user: { id: 'abc' }, redirect_uri: 'https://x.test/b' } }))
      .toMatchObject({ status: 422, json: { validation_errors: [{ location: ['body', 'customer_user', 'id'] }] } });
    expect(await call('POST', '/link-session', { token: t, body: { customer_user: { id: 'user-1234' }, redirect_uri: 'https://x.test/b?x=1' } }))
      .toMatchObject({ status: 422, json: { validation_errors: [{ location: ['body', 'redirect_uri'] }] } });
  });

  it('accepts a refresh (202 LinkCommon) and limits the next one with 429 + Retry-After', async () => {
    const t = await token();
    const linkId = await newLink(t);
    const ok = await call('POST', `/links/${linkId}/products`, { token: t, body: { products: ['transactions'] } });
    expect(ok).toMatchObject({ status: 202, json: { link_id: linkId, products: { transactions: { refreshed_at: new Date(clockMs).toISOString() } } } });
    clockMs += 15_000;
    const limited = await call('POST', `/links/${linkId}/products`, { token: t, body: { products: ['transactions'] } });
    expect(limited).toMatchObject({ status: 429, json: { error_code: 'api_error.rate_limit_exceeded' } });
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await call('POST', `/links/${linkId}/products`, { token: t, body: { products: ['snacks'] } })).status).toBe(422);
    clockMs += 45_000;
    expect((await call('POST', `/links/${linkId}/products`, { token: t, body: { products: ['transactions'] } })).status).toBe(202);
  });

  it('injects rate limits with Retry-After in seconds or as an HTTP-date', async () => {
    const t = await token();
    const linkId = await newLink(t);
    bank.setFaults(linkId, { rateLimit: 1, retryAfterSeconds: 7 });
    expect((await call('GET', `/links/${linkId}/transactions/sync`, { token: t })).headers.get('retry-after')).toBe('7');
    bank.setFaults(linkId, { rateLimit: 1, retryAfterSeconds: 60, retryAfterHttpDate: true });
    const dated = await call('GET', `/links/${linkId}/transactions/sync`, { token: t });
    expect(dated.status).toBe(429);
    expect(Date.parse(dated.headers.get('retry-after') ?? '')).toBe(Math.floor(clockMs / 1000) * 1000 + 60_000);
  });
});

describe('MoneyKit demo bank: admin endpoints and restarts', () => {
  function admin(b: MoneykitBank, method: string, path: string, body?: unknown, host?: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
    const url = new URL(path, b.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method, headers: { host: host ?? url.host, ...(payload ? { 'content-type': contentType } : {}) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  it('serves links, truth, advance, faults and secrets to loopback JSON callers only', async () => {
    const t = await token();
    const linkId = await newLink(t);
    expect((await admin(bank, 'GET', '/__admin/links')).json).toMatchObject({ links: expect.arrayContaining([expect.objectContaining({ link_id: linkId, state: 'connected' })]) });
    const before = (await admin(bank, 'POST', '/__admin/truth', { link_id: linkId })).json as { transactions: unknown[] };
    expect((await admin(bank, 'POST', '/__admin/advance', { link_id: linkId, steps: 2 })).status).toBe(200);
    expect(((await admin(bank, 'POST', '/__admin/truth', { link_id: linkId })).json as { transactions: unknown[] }).transactions).not.toEqual(before.transactions);
    expect((await admin(bank, 'POST', '/__admin/faults', { link_id: linkId, faults: { serverError: 1 } })).status).toBe(200);
    expect((await call('GET', `/links/${linkId}/transactions/sync`, { token: t })).status).toBe(500);
    expect((await admin(bank, 'POST', '/__admin/faults', { link_id: linkId, faults: { serverError: 'x' } })).status).toBe(400);
    expect((await admin(bank, 'POST', '/__admin/faults', { link_id: linkId, faults: { unknownFault: 1 } })).status).toBe(400);
    expect((await admin(bank, 'POST', '/__admin/advance', { link_id: 'mk_nope' })).status).toBe(404);
    expect((await admin(bank, 'POST', '/__admin/advance', { link_id: linkId }, undefined, 'text/plain')).status).toBe(415);
    expect((await admin(bank, 'GET', '/__admin/links', undefined, 'evil.example:80')).status).toBe(403);
    const secrets = (await admin(bank, 'GET', '/__admin/secrets')).json as { secrets: string[] };
    expect(secrets.secrets).toEqual(expect.arrayContaining([CLIENT_SECRET, t]));
    expect(bank.issuedSecrets()).toEqual(expect.arrayContaining([CLIENT_SECRET, t]));

    const quiet = await startMoneykitBank(options({ adminHttp: false }));
    try {
      expect((await admin(quiet, 'GET', '/__admin/links')).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });

  it('survives a restart from its state file: links, cursors and tokens stay valid, and no token is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-bank-'));
    const stateFile = join(dir, 'moneykit.json');
    try {
      const first = await startMoneykitBank(options({ stateFile }));
      const t = await token(first);
      const linkId = await newLink(t, first);
      first.advance(linkId, 2);
      const drained = await drainRaw(t, linkId, null, 100, first);
      const truthBefore = first.truth(linkId);
      await first.close();
      const file = readFileSync(stateFile, 'utf8');
      for (const secret of first.issuedSecrets()) expect(file).not.toContain(secret);

      const second = await startMoneykitBank(options({ stateFile }));
      try {
        expect(second.links().map((l) => l.link_id)).toEqual([linkId]);
        expect(second.truth(linkId)).toEqual(truthBefore);
        // The token issued before the restart still works; the old cursor continues where it was:
        // nothing happened since, so it carries nothing (only changes since the last call).
        const again = await drainRaw(t, linkId, drained.cursor, 100, second);
        expect(again.cursor).toBe(drained.cursor);
        const created = again.pages.flatMap((p) => (p.transactions as { created: { pending: boolean }[] }).created);
        expect(created).toEqual([]);
      } finally {
        await second.close();
      }
      const otherSeed = await startMoneykitBank(options({ stateFile, seed: 100 }));
      expect(otherSeed.links()).toEqual([]);
      await otherSeed.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
