import { describe, expect, it } from 'vitest';
import { pullPlaid, type PlaidSyncApi } from '../../../../../electron/providers/plaid/pullPlaid';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// The loop's decisions, against a scripted API. (The same loop runs over real HTTP against the demo
// bank with the official SDK in test/integration.)
const tx = (id: string, extra: Record<string, unknown> = {}) => ({
  transaction_id: id, account_id: 'a1', amount: 10, iso_currency_code: 'USD', unofficial_currency_code: null,
  date: '2026-11-01', authorized_date: null, name: `T ${id}`, merchant_name: null, pending: false,
  pending_transaction_id: null, category: null, personal_finance_category: null, ...extra,
});
const account = { account_id: 'a1', name: 'Checking', official_name: null, mask: '0000', type: 'depository', subtype: 'checking',
  balances: { available: 100, current: 100, limit: null, iso_currency_code: 'USD', unofficial_currency_code: null } };
const page = (p: { added?: unknown[]; modified?: unknown[]; removed?: unknown[]; next: string; more: boolean; accounts?: unknown[] }) => ({
  data: { added: p.added ?? [], modified: p.modified ?? [], removed: p.removed ?? [], accounts: p.accounts ?? [account],
    next_cursor: p.next, has_more: p.more, transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE', request_id: 'r1' },
});
const plaidError = (status: number, error_code: string, error_type = 'API_ERROR') => ({
  isAxiosError: true, response: { status, data: { error_type, error_code, error_message: 'x', display_message: null, request_id: 'req-9' } },
});

type Step = { data: unknown } | { throw: unknown };
function scripted(steps: Step[]) {
  const calls: { cursor?: string; count?: number }[] = [];
  const api: PlaidSyncApi = {
    async transactionsSync(req) {
      calls.push({ ...(req.cursor === undefined ? {} : { cursor: req.cursor }), ...(req.count === undefined ? {} : { count: req.count }) });
      const step = steps.shift();
      if (!step) throw new Error('no more scripted responses');
      if ('throw' in step) throw step.throw;
      return step;
    },
  };
  return { api, calls };
}
const deps = (api: PlaidSyncApi, sleeps: number[] = []) => ({
  api, retry: { attempts: 4, baseMs: 100, capMs: 1000 }, sleep: async (ms: number) => void sleeps.push(ms),
  random: () => 0.5, now: () => new Date('2026-11-21T12:00:00Z'),
});
const input = { connectionId: 'c1', accessToken: 'access-sandbox-x', cursor: 'C0' };

describe('pullPlaid', () => {
  it('drains has_more into one update that starts at the given cursor and ends at the last one', async () => {
    const { api, calls } = scripted([
      page({ added: [tx('p1', { pending: true })], next: 'C1', more: true }),
      page({ added: [tx('t2', { pending_transaction_id: 'p1' })], removed: [{ transaction_id: 'p1', account_id: 'a1' }], next: 'C2', more: false }),
    ]);
    const r = await pullFolded((sink) => pullPlaid(deps(api), input, sink));
    expect(calls).toEqual([{ cursor: 'C0', count: 500 }, { cursor: 'C1', count: 500 }]);
    expect(r.kind).toBe('update');
    if (r.kind !== 'update') return;
    expect(r.update).toMatchObject({ fromCursor: 'C0', nextCursor: 'C2', pages: 2, restarts: 0, removals: ['plaid:p1'] });
    // the pending added on page 1 and removed on page 2 is not upserted; its posted successor is
    expect(r.update.upserts.map((t) => t.id)).toEqual(['plaid:t2']);
    expect(r.update.upserts[0]?.pendingId).toBe('plaid:p1');
  });

  it('omits the cursor on a first sync', async () => {
    const { api, calls } = scripted([page({ next: 'C1', more: false })]);
    await pullFolded((sink) => pullPlaid(deps(api), { ...input, cursor: null }, sink));
    expect(calls[0]).toEqual({ count: 500 });
  });

  it('restarts from the starting cursor on mutation during pagination, discarding pages', async () => {
    const { api, calls } = scripted([
      page({ added: [tx('old')], next: 'C1', more: true }),
      { throw: plaidError(400, 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION', 'TRANSACTIONS_ERROR') },
      page({ added: [tx('new1')], next: 'D1', more: true }),
      page({ added: [tx('new2')], next: 'D2', more: false }),
    ]);
    const r = await pullFolded((sink) => pullPlaid(deps(api), input, sink));
    expect(calls.map((c) => c.cursor)).toEqual(['C0', 'C1', 'C0', 'D1']);
    expect(r.kind === 'update' && r.update.upserts.map((t) => t.id)).toEqual(['plaid:new1', 'plaid:new2']);
    expect(r.kind === 'update' && r.update.restarts).toBe(1);
  });

  it('gives up after bounded restarts with a clear error', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 10; i++) steps.push(page({ next: `C${i}`, more: true }), { throw: plaidError(400, 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION') });
    const r = await pullFolded((sink) => pullPlaid({ ...deps(scripted(steps).api), maxRestarts: 2 }, input, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/kept changing/) } });
  });

  it('retries 429 and 5xx with growing, jittered backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    const { api } = scripted([
      { throw: plaidError(429, 'TRANSACTIONS_SYNC_LIMIT', 'RATE_LIMIT_EXCEEDED') },
      { throw: plaidError(500, 'INTERNAL_SERVER_ERROR') },
      { throw: { isAxiosError: true, code: 'ECONNABORTED' } },
      page({ added: [tx('t1')], next: 'C1', more: false }),
    ]);
    const r = await pullFolded((sink) => pullPlaid(deps(api, sleeps), input, sink));
    expect(r.kind).toBe('update');
    expect(sleeps).toEqual([75, 150, 300]); // (base·2^n)/2 + (base·2^n)/2·0.5
  });

  it('stops after the bounded attempts with the error and a retry time', async () => {
    const { api, calls } = scripted(Array.from({ length: 4 }, () => ({ throw: plaidError(429, 'TRANSACTIONS_SYNC_LIMIT', 'RATE_LIMIT_EXCEEDED') })));
    const r = await pullFolded((sink) => pullPlaid(deps(api), input, sink));
    expect(calls).toHaveLength(4);
    expect(r).toEqual({ kind: 'error', error: { code: 'rate_limited', message: expect.any(String), retryAt: '2026-11-21T12:01:00.000Z', requestId: 'req-9' } });
  });

  it('does not retry login required or a dead token', async () => {
    const a = scripted([{ throw: plaidError(400, 'ITEM_LOGIN_REQUIRED', 'ITEM_ERROR') }]);
    expect(await pullFolded((sink) => pullPlaid(deps(a.api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', retryAt: null } });
    expect(a.calls).toHaveLength(1);
    const b = scripted([{ throw: plaidError(400, 'ITEM_NOT_FOUND', 'ITEM_ERROR') }]);
    expect(await pullFolded((sink) => pullPlaid(deps(b.api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
    const c = scripted([{ throw: plaidError(400, 'INVALID_ACCESS_TOKEN', 'INVALID_INPUT') }]);
    expect(await pullFolded((sink) => pullPlaid(deps(c.api), input, sink))).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
  });

  it('reports NOT_READY as waiting, with nothing to store', async () => {
    const { api } = scripted([{ data: { ...page({ next: '', more: false }).data, transactions_update_status: 'NOT_READY' } }]);
    expect(await pullFolded((sink) => pullPlaid(deps(api), input, sink))).toMatchObject({ kind: 'waiting' });
  });

  it('rejects a schema-invalid page naming the field, and a non-JSON body', async () => {
    const bad = page({ added: [tx('ok'), tx('bad', { amount: '12.00' })], next: 'C1', more: false });
    const r = await pullFolded((sink) => pullPlaid(deps(scripted([bad]).api), input, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'bad_response', message: expect.stringContaining('added[1].amount') } });
    const t = await pullFolded((sink) => pullPlaid(deps(scripted([{ data: '{"added":[{"transac' }]).api), input, sink));
    expect(t).toMatchObject({ kind: 'error', error: { code: 'bad_response', message: expect.stringMatching(/not valid JSON/) } });
  });

  it('a malformed page after good ones applies nothing', async () => {
    const { api } = scripted([page({ added: [tx('t1')], next: 'C1', more: true }), { data: { nope: true } }]);
    expect((await pullFolded((sink) => pullPlaid(deps(api), input, sink))).kind).toBe('error');
  });

  // Issue 14: Plaid's docs — restart pagination from the first page's cursor when ANY page fails.
  it('restarts from the starting cursor when a page after the first fails transiently, with backoff', async () => {
    const sleeps: number[] = [];
    const { api, calls } = scripted([
      page({ added: [tx('t1')], next: 'C1', more: true }),
      { throw: plaidError(500, 'INTERNAL_SERVER_ERROR') },
      page({ added: [tx('t1')], next: 'C1', more: true }),
      page({ added: [tx('t2')], next: 'C2', more: false }),
    ]);
    const r = await pullFolded((sink) => pullPlaid(deps(api, sleeps), input, sink));
    expect(calls.map((c) => c.cursor)).toEqual(['C0', 'C1', 'C0', 'C1']);
    expect(sleeps).toHaveLength(1);
    expect(r.kind === 'update' && r.update.upserts.map((t) => t.id)).toEqual(['plaid:t1', 'plaid:t2']);
  });

  it('gives up after the retry budget when pages after the first keep failing', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 4; i++) steps.push(page({ next: 'C1', more: true }), { throw: { code: 'ECONNRESET' } });
    const { api, calls } = scripted(steps);
    const r = await pullFolded((sink) => pullPlaid(deps(api), input, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable' } });
    expect(calls.filter((c) => c.cursor === 'C0')).toHaveLength(4);
  });

  // Issue 14: a sync page lists only the accounts with transactions in it.
  it('keeps every page\'s accounts, and refreshes all balances from /accounts/get', async () => {
    const savings = { ...account, account_id: 'a2', name: 'Savings', subtype: 'savings', balances: { ...account.balances, current: 5, available: 5 } };
    const { api } = scripted([
      page({ added: [tx('t1')], next: 'C1', more: true, accounts: [account] }),
      page({ added: [tx('t2', { account_id: 'a2' })], next: 'C2', more: false, accounts: [savings] }),
    ]);
    const merged = await pullFolded((sink) => pullPlaid(deps(api), input, sink));
    expect(merged.kind === 'update' && merged.update.accounts.map((a) => [a.id, a.currentMinor])).toEqual([['plaid:a1', 10_000], ['plaid:a2', 500]]);

    const card = { ...account, account_id: 'a3', name: 'Card', type: 'credit', subtype: 'credit card', balances: { ...account.balances, current: 42, available: 958, limit: 1000 } };
    const quiet = scripted([page({ next: 'C2', more: false, accounts: [] })]);
    const withGet = { ...quiet.api, accountsGet: async () => ({ data: { accounts: [account, savings, card], item: {}, request_id: 'r2' } }) };
    const fresh = await pullFolded((sink) => pullPlaid(deps(withGet), input, sink));
    expect(fresh.kind === 'update' && fresh.update.accounts.map((a) => [a.id, a.currentMinor])).toEqual([['plaid:a1', 10_000], ['plaid:a2', 500], ['plaid:a3', -4200]]);

    // A failing /accounts/get costs only the fresh balances, never the transactions.
    const failing = { ...scripted([page({ added: [tx('t3')], next: 'C3', more: false })]).api, accountsGet: async () => { throw plaidError(429, 'ACCOUNTS_LIMIT', 'RATE_LIMIT_EXCEEDED'); } };
    const still = await pullFolded((sink) => pullPlaid(deps(failing), input, sink));
    expect(still.kind === 'update' && still.update.upserts.map((t) => t.id)).toEqual(['plaid:t3']);
  });
});
