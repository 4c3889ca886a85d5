import { describe, expect, it } from 'vitest';
import { MoneykitRequestError, type MoneykitFailure } from '../../../../../electron/providers/moneykit/moneykitFailure';
import { TransactionSyncSchema, type MoneykitSyncPage } from '../../../../../electron/providers/moneykit/moneykitSchemas';
import { decodeCheckpoint, encodeCheckpoint, serverCursorOf } from '../../../../../electron/providers/moneykit/checkpoint';
import { pullMoneykit, type MoneykitSyncApi, type PullMoneykitDeps } from '../../../../../electron/providers/moneykit/pullMoneykit';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// The drain loop's decisions, against a scripted API. (The same loop runs over real HTTP against
// the demo bank in test/integration/electron/providers/moneykit/pullMoneykit.test.ts.)
const NOW = new Date('2026-03-02T15:00:00Z');
const tx = (id: string, extra: Record<string, unknown> = {}) => ({
  transaction_id: id, account_id: 'a1', amount: '10.00', type: 'debit', currency: 'USD', date: '2026-03-01', description: id, pending: false, ...extra,
});
const page = (p: { created?: object[]; removed?: string[]; next: string | null; more: boolean; refreshed?: string }): MoneykitSyncPage =>
  TransactionSyncSchema.parse({
    transactions: { created: p.created ?? [], updated: [], removed: p.removed ?? [] },
    accounts: [{ account_id: 'a1', account_type: 'depository.checking', name: 'Checking', balances: { currency: 'USD', current: 1 } }],
    cursor: { next: p.next }, has_more: p.more,
    link: {
      link_id: 'mk_1', institution_id: 'i', institution_name: 'n', state: 'connected',
      ...(p.refreshed === undefined ? {} : { products: { transactions: { refreshed_at: p.refreshed } } }),
    },
  });
const http = (status: number, errorCode: string | null, extra: Partial<Extract<MoneykitFailure, { kind: 'http' }>> = {}) =>
  new MoneykitRequestError('GET /links/{id}/transactions/sync', { kind: 'http', status, errorCode, linkErrorCode: null, invalidField: null, retryAfterMs: null, requestId: null, ...extra });

type Step = MoneykitSyncPage | Error;
function scripted(steps: Step[]) {
  const calls: { cursor: string | null; size: number }[] = [];
  const api: MoneykitSyncApi = {
    async syncTransactions(linkId, query) {
      expect(linkId).toBe('mk_1');
      calls.push(query);
      const step = steps.shift();
      if (step === undefined) throw new Error('no more scripted responses');
      if (step instanceof Error) throw step;
      return step;
    },
  };
  return { api, calls };
}
const deps = (api: MoneykitSyncApi, sleeps: number[] = [], extra: Partial<PullMoneykitDeps> = {}): PullMoneykitDeps => ({
  api, retry: { attempts: 4, baseMs: 100, capMs: 1000 }, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => NOW, ...extra,
});
const input = { connectionId: 'c1', linkId: 'mk_1', cursor: 'C0' };

describe('pullMoneykit', () => {
  it('drains pages by cursor.next until has_more is false, into one update from the given cursor to the last', async () => {
    const { api, calls } = scripted([
      page({ created: [tx('t1'), tx('p1', { pending: true })], next: 'C1', more: true }),
      page({ created: [tx('t2')], removed: ['gone'], next: 'C2', more: false }),
    ]);
    const r = await pullFolded((sink) => pullMoneykit(deps(api), input, sink));
    expect(calls).toEqual([{ cursor: 'C0', size: 500 }, { cursor: 'C1', size: 500 }]);
    expect(r.kind).toBe('update');
    if (r.kind !== 'update') return;
    expect(r.update).toMatchObject({ connectionId: 'c1', fromCursor: 'C0', pages: 2, restarts: 0, removals: ['moneykit:gone'] });
    expect(r.update.nextCursor).toBe(encodeCheckpoint(r.update.pullId, 'C2', null));
    expect(r.update.upserts.map((t) => t.id)).toEqual(['moneykit:t1', 'moneykit:p1', 'moneykit:t2']);
    expect(r.update.replace).toEqual([{ accountIds: ['moneykit:a1'], from: null, to: null, pendingOnly: true }]);
  });

  it('resumes from the MoneyKit cursor inside a stored checkpoint, and never returns the same checkpoint twice', async () => {
    const stored = encodeCheckpoint('0f8fad5b-d9cb-469f-a165-70867728950e', 'C7');
    const { api, calls } = scripted([page({ next: 'C7', more: false }), page({ next: 'C7', more: false })]);
    const a = await pullFolded((sink) => pullMoneykit(deps(api), { ...input, cursor: stored }, sink));
    const b = await pullFolded((sink) => pullMoneykit(deps(api), { ...input, cursor: stored }, sink));
    expect(calls.map((c) => c.cursor)).toEqual(['C7', 'C7']);
    expect(a.kind === 'update' && a.update.fromCursor).toBe(stored);
    // Nothing moved at MoneyKit, yet the two updates end at different checkpoints: only one can apply.
    expect(a.kind === 'update' && b.kind === 'update' && a.update.nextCursor !== b.update.nextCursor).toBe(true);
    expect(a.kind === 'update' && serverCursorOf(a.update.nextCursor)).toBe('C7');
  });

  it('sends no cursor on a first sync, and a page size within 1..500', async () => {
    const first = scripted([page({ next: 'C1', more: false })]);
    await pullFolded((sink) => pullMoneykit(deps(first.api, [], { pageSize: 7 }), { ...input, cursor: null }, sink));
    expect(first.calls).toEqual([{ cursor: null, size: 7 }]);
    const clamped = scripted([page({ next: 'C1', more: false }), page({ next: 'C1', more: false })]);
    await pullFolded((sink) => pullMoneykit(deps(clamped.api, [], { pageSize: 5000 }), input, sink));
    await pullFolded((sink) => pullMoneykit(deps(clamped.api, [], { pageSize: 0 }), input, sink));
    expect(clamped.calls.map((c) => c.size)).toEqual([500, 1]);
  });

  it('retries server errors and timeouts per page with backoff, resuming from the same cursor', async () => {
    const sleeps: number[] = [];
    const { api, calls } = scripted([
      page({ created: [tx('t1')], next: 'C1', more: true }),
      http(500, 'api_error.internal_server_error'),
      new MoneykitRequestError('x', { kind: 'network', reason: 'timeout' }),
      page({ created: [tx('t2')], next: 'C2', more: false }),
    ]);
    const r = await pullFolded((sink) => pullMoneykit(deps(api, sleeps), input, sink));
    expect(calls.map((c) => c.cursor)).toEqual(['C0', 'C1', 'C1', 'C1']);
    expect(sleeps).toEqual([75, 150]); // equal jitter at random 0.5: 100 → 75, 200 → 150
    expect(r.kind === 'update' && r.update.upserts.map((t) => t.id)).toEqual(['moneykit:t1', 'moneykit:t2']);
  });

  it('waits out a short Retry-After on 429 (longer than the backoff) and goes on', async () => {
    const sleeps: number[] = [];
    const { api } = scripted([http(429, 'api_error.rate_limit_exceeded', { retryAfterMs: 800 }), page({ next: 'C1', more: false })]);
    expect((await pullFolded((sink) => pullMoneykit(deps(api, sleeps), input, sink))).kind).toBe('update');
    expect(sleeps).toEqual([800]);
  });

  it('ends at once with rate_limited and the Retry-After time when it is longer than a sync may wait', async () => {
    const sleeps: number[] = [];
    const { api, calls } = scripted([http(429, 'api_error.rate_limit_exceeded', { retryAfterMs: 120_000, requestId: 'rq' })]);
    const r = await pullFolded((sink) => pullMoneykit(deps(api, sleeps), input, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: '2026-03-02T15:02:00.000Z', requestId: 'rq' } });
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('gives up after the bounded attempts, saying when to try again', async () => {
    const { api, calls } = scripted([1, 2, 3, 4].map(() => http(503, null)));
    const r = await pullFolded((sink) => pullMoneykit(deps(api), input, sink));
    expect(calls).toHaveLength(4);
    expect(r).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', retryAt: '2026-03-02T15:05:00.000Z' } });
    const limited = scripted([1, 2, 3, 4].map(() => http(429, null)));
    expect(await pullFolded((sink) => pullMoneykit(deps(limited.api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: '2026-03-02T15:01:00.000Z' } });
  });

  it('stops without retrying, and without applying earlier pages, on a link error', async () => {
    const { api, calls } = scripted([page({ created: [tx('t1')], next: 'C1', more: true }), http(422, 'link_error.bad_state', { linkErrorCode: 'auth_expired' })]);
    const r = await pullFolded((sink) => pullMoneykit(deps(api), input, sink));
    expect(calls).toHaveLength(2);
    expect(r).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', retryAt: null } });
    expect(await pullFolded((sink) => pullMoneykit(deps(scripted([http(410, 'link_error.deleted')]).api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
  });

  it('refuses an invalid page or a bad amount, naming the problem', async () => {
    const invalid = new MoneykitRequestError('x', { kind: 'invalid', detail: 'transactions.created[0].amount: expected a non-negative decimal string or number', requestId: null });
    const r = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: 'C1', more: true }), invalid]).api), input, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(r.kind === 'error' && r.error.message).toMatch(/transactions\.created\[0\]\.amount/);
    const huge = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ created: [tx('t', { amount: '100000000000000000000000.00' })], next: 'C1', more: false })]).api), input, sink));
    expect(huge).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
  });

  it('refuses a feed that does not move on: has_more without a cursor, a cursor that repeats, endless pages', async () => {
    expect(await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: null, more: true })]).api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: 'C0', more: true })]).api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    const endless = scripted(Array.from({ length: 10 }, (_, i) => page({ next: `N${i}`, more: true })));
    expect(await pullFolded((sink) => pullMoneykit(deps(endless.api, [], { maxPages: 5 }), input, sink))).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(endless.calls).toHaveLength(5);
  });

  it('keeps its cursor when the last page names none, and waits when a first sync finds nothing yet', async () => {
    const kept = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: null, more: false })]).api), input, sink));
    expect(kept.kind === 'update' && serverCursorOf(kept.update.nextCursor)).toBe('C0');
    expect(await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: null, more: false })]).api), { ...input, cursor: null }, sink))).toMatchObject({ kind: 'waiting' });
    expect(await pullFolded((sink) => pullMoneykit(deps(scripted([page({ created: [tx('t')], next: null, more: false })]).api), { ...input, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
  });

  it('carries refreshed_at in its checkpoint, and replaces the pending set on the next pull only if a refresh happened (issue 14)', async () => {
    const T1 = '2026-03-02T10:00:00Z';
    const first = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ created: [tx('p1', { pending: true })], next: 'C1', more: false, refreshed: T1 })]).api), { ...input, cursor: null }, sink));
    if (first.kind !== 'update') throw new Error(first.kind);
    expect(first.update.replace).toHaveLength(1);
    expect(decodeCheckpoint(first.update.nextCursor)).toEqual({ serverCursor: 'C1', refreshedAtMs: Date.parse(T1) });

    // No refresh since: MoneyKit sends nothing, and the stored pendings must stay (no replace scope).
    const quiet = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: 'C1', more: false, refreshed: T1 })]).api), { ...input, cursor: first.update.nextCursor }, sink));
    if (quiet.kind !== 'update') throw new Error(quiet.kind);
    expect(quiet.update.replace).toEqual([]);
    expect(decodeCheckpoint(quiet.update.nextCursor).refreshedAtMs).toBe(Date.parse(T1));

    const later = await pullFolded((sink) => pullMoneykit(deps(scripted([page({ next: 'C2', more: false, refreshed: '2026-03-02T11:00:00Z' })]).api), { ...input, cursor: quiet.update.nextCursor }, sink));
    if (later.kind !== 'update') throw new Error(later.kind);
    expect(later.update.replace).toEqual([{ accountIds: ['moneykit:a1'], from: null, to: null, pendingOnly: true }]);
  });
});
