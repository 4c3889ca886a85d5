import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../../../electron/providers/snaptrade/checkpoint';
import { pullSnaptrade, type PullSnaptradeDeps } from '../../../../../electron/providers/snaptrade/pullSnaptrade';
import type { RawResponse, SnaptradeApi } from '../../../../../electron/providers/snaptrade/snaptradeClient';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

const NOW = new Date('2026-03-06T12:00:00Z');
const ok = (data: unknown, headers: Record<string, string> = {}): RawResponse => ({ status: 200, data, headers });
const account = (id: string, authorization: string, sync: { initial_sync_completed?: boolean; last_successful_sync?: string | null } = {}) => ({
  id, brokerage_authorization: authorization, name: id, number: '12345678', institution_name: 'Demo Brokerage',
  sync_status: { transactions: { initial_sync_completed: true, last_successful_sync: '2026-03-05', ...sync } },
  balance: { total: { amount: 100, currency: 'USD' } },
});
const activity = (id: string, date: string) => ({ id, amount: 1, currency: { code: 'USD' }, type: 'INTEREST', trade_date: `${date} 00:00:00+00:00` });

/** An in-memory SnapTrade: one connection `auth-1` with account `a1`, another user's `auth-2` with `a2`. */
function fakeApi(overrides: Partial<SnaptradeApi> = {}) {
  const calls: { op: string; params: Record<string, unknown> }[] = [];
  const record = (op: string, params: object) => calls.push({ op, params: { ...params } });
  const api: SnaptradeApi = {
    registerUser: async () => ok({}),
    login: async () => ok({}),
    listAuthorizations: async () => ok([]),
    syncTransactions: async () => ok({}),
    authorizationDetail: async (p) => (record('detail', p), ok({ id: p.authorizationId, disabled: false })),
    listAccounts: async (p) => (record('accounts', p), ok([account('a1', 'auth-1'), account('a2', 'auth-2')])),
    accountBalances: async (p) => (record('balances', p), ok([{ currency: { code: 'USD' }, cash: 10 }])),
    accountActivities: async (p) => (record('activities', p), ok({ data: [activity('x1', '2026-03-05'), activity('x2', '2026-03-01')], pagination: { offset: 0, limit: 1000, total: 2 } })),
    ...overrides,
  };
  return { api, calls };
}

function deps(api: SnaptradeApi, sleeps: number[] = []): PullSnaptradeDeps {
  return { api, user: { userId: 'u', userSecret: 's' }, retry: { attempts: 3, baseMs: 10, capMs: 40 }, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => NOW };
}

const input = (cursor: string | null = null) => ({ connectionId: 'c1', authorizationId: 'auth-1', cursor });

describe('pullSnaptrade', () => {
  it('reads only the connection\'s own accounts, and restates each account\'s window', async () => {
    const { api, calls } = fakeApi();
    const r = await pullFolded((sink) => pullSnaptrade(deps(api), input(), sink));
    if (r.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.update.accounts.map((a) => a.id)).toEqual(['snaptrade:a1']);
    expect(r.update.upserts.map((t) => t.id)).toEqual(['snaptrade:x1', 'snaptrade:x2']);
    expect(r.update.replace).toEqual([{ accountIds: ['snaptrade:a1'], from: null, to: null, pendingOnly: false }]);
    expect(r.update).toMatchObject({ removals: [], fromCursor: null, pages: 1, restarts: 0, pulledAt: NOW.toISOString() });
    expect(calls.filter((c) => c.op === 'activities').map((c) => c.params.accountId)).toEqual(['a1']);
    expect(calls.every((c) => c.params.userId === 'u' && c.params.userSecret === 's')).toBe(true);
    expect(decodeCheckpoint(r.update.nextCursor, 'auth-1')).toEqual({ v: 1, auth: 'auth-1', accounts: { a1: { s: '2026-03-05', f: '2026-03-06', n: null } } });
  });

  it('re-reads from the stored watermark minus the overlap (asking a day more), and ignores another connection\'s checkpoint', async () => {
    const { api, calls } = fakeApi();
    const cursor = encodeCheckpoint({ v: 1, auth: 'auth-1', accounts: { a1: { s: '2026-03-03', f: '2026-03-01', n: null } } });
    const r = await pullFolded((sink) => pullSnaptrade(deps(api), input(cursor), sink));
    expect(r.kind === 'update' && r.update.replace[0]?.from).toBe('2026-02-24');
    expect(calls.find((c) => c.op === 'activities')?.params.startDate).toBe('2026-02-23');
    expect(r.kind === 'update' && decodeCheckpoint(r.update.nextCursor, 'auth-1')?.accounts.a1).toEqual({ s: '2026-03-05', f: '2026-03-01', n: null });

    const foreign = encodeCheckpoint({ v: 1, auth: 'auth-2', accounts: { a1: { s: '2026-03-03', f: '2026-03-01' } } });
    const full = await pullFolded((sink) => pullSnaptrade(deps(api), input(foreign), sink));
    expect(full.kind === 'update' && full.update.replace[0]?.from).toBeNull();
    expect(full.kind === 'update' && full.update.fromCursor).toBe(foreign);
  });

  it('flags a disabled connection before reading anything else', async () => {
    const { api, calls } = fakeApi({ authorizationDetail: async () => ok({ id: 'auth-1', disabled: true, brokerage: { display_name: 'Questrade' } }) });
    expect(await pullFolded((sink) => pullSnaptrade(deps(api), input(), sink))).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', message: expect.stringMatching(/Questrade.*disabled — reconnect/), retryAt: null } });
    expect(calls.filter((c) => c.op !== 'detail')).toEqual([]);
  });

  it('waits while SnapTrade has not finished importing any account', async () => {
    const { api } = fakeApi({ listAccounts: async () => ok([account('a1', 'auth-1', { initial_sync_completed: false, last_successful_sync: null })]) });
    expect(await pullFolded((sink) => pullSnaptrade(deps(api), input(), sink))).toMatchObject({ kind: 'waiting', retryAt: new Date(NOW.getTime() + 60_000).toISOString() });
  });

  it('retries 429 with its own backoff, then says when to come back (X-RateLimit-Reset)', async () => {
    let n = 0;
    const throttled = async (): Promise<RawResponse> => (n++, { status: 429, data: { detail: 'x', status_code: 429, code: '0000' }, headers: { 'x-ratelimit-reset': '42', 'x-request-id': 'r1' } });
    const sleeps: number[] = [];
    const r = await pullFolded((sink) => pullSnaptrade(deps(fakeApi({ listAccounts: throttled }).api, sleeps), input(), sink));
    expect(n).toBe(3);
    expect(sleeps).toEqual([8, 15]); // equal jitter with random() = 0.5: 10 → 7.5, 20 → 15
    expect(r).toMatchObject({ kind: 'error', error: { code: 'rate_limited', requestId: 'r1', retryAt: new Date(NOW.getTime() + 42_000).toISOString() } });
  });

  it('fails the whole pull on one invalid row, naming it', async () => {
    const { api } = fakeApi({ accountActivities: async () => ok({ data: [activity('x1', '2026-03-05'), { id: 'x2', amount: '1.00' }], pagination: { offset: 0, limit: 1000, total: 2 } }) });
    expect(await pullFolded((sink) => pullSnaptrade(deps(api), input(), sink))).toMatchObject({ kind: 'error', error: { code: 'bad_response', message: expect.stringMatching(/data\[1\]\.amount/) } });
  });

  it('lets a bug surface as a throw rather than a provider error', async () => {
    const { api } = fakeApi({ listAccounts: async () => { throw new TypeError('bug'); } });
    await expect(pullFolded((sink) => pullSnaptrade(deps(api), input(), sink))).rejects.toThrow(TypeError);
  });

  // Issue 14: startDate filters on trade_date ("based on `trade_date`"), so a windowed read cannot
  // return a row whose trade_date is null — we date it by its settlement date. Before the fix the
  // window's replace scope covered that date and tombstoned the row for good.
  it('never restates a date where a row with no trade date lives, which a windowed read cannot return', async () => {
    const undated = { id: 'int1', amount: 0.42, currency: { code: 'USD' }, type: 'INTEREST', trade_date: null, settlement_date: '2026-03-04 00:00:00+00:00' };
    const dated = activity('x1', '2026-03-05');
    const full = fakeApi({ accountActivities: async (p) => ok(p.startDate === undefined
      ? { data: [dated, undated], pagination: { offset: 0, limit: 1000, total: 2 } }
      : { data: [dated], pagination: { offset: 0, limit: 1000, total: 1 } }) });
    const first = await pullFolded((sink) => pullSnaptrade(deps(full.api), input(), sink));
    if (first.kind !== 'update') throw new Error(JSON.stringify(first));
    expect(first.update.upserts.find((t) => t.id === 'snaptrade:int1')?.date).toBe('2026-03-04');
    expect(decodeCheckpoint(first.update.nextCursor, 'auth-1')?.accounts.a1).toEqual({ s: '2026-03-05', f: '2026-03-06', n: '2026-03-04' });

    // The next pull reads a window from 2026-02-28; the stored 2026-03-04 row is not in its reply.
    const next = await pullFolded((sink) => pullSnaptrade(deps(full.api), input(first.update.nextCursor), sink));
    if (next.kind !== 'update') throw new Error(JSON.stringify(next));
    expect(next.update.upserts.map((t) => t.id)).toEqual(['snaptrade:x1']);
    expect(next.update.replace).toEqual([{ accountIds: ['snaptrade:a1'], from: '2026-03-05', to: null, pendingOnly: false }]);
    // Remembered until the next full read, which sees every row and starts afresh.
    expect(decodeCheckpoint(next.update.nextCursor, 'auth-1')?.accounts.a1?.n).toBe('2026-03-04');
  });
});
