import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../../../electron/providers/snaptrade/checkpoint';
import { snaptradeAdapter } from '../../../../../electron/providers/snaptrade/snaptradeAdapter';
import { createSnaptradeSdk, type SnaptradeApi, type SnaptradeUser } from '../../../../../electron/providers/snaptrade/snaptradeClient';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import { startSnaptradeBank, type SnaptradeBank } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import type { ProviderAdapter } from '../../../../../electron/providers/adapter';
import type { PullResult, SyncUpdate, Transaction } from '../../../../../shared/types';
import { CLIENT_ID, CONSUMER_KEY, apiFor, byId, newConnection, truthAccounts, truthTransactions } from '../../../../support/providers/snaptradeFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Main's SnapTrade pull, with the official SDK, over real HTTP to the demo SnapTrade service.
const RETRY: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 5 };
const START = Date.parse('2026-03-02T15:00:00Z');
let clockMs = START;
let bank: SnaptradeBank;

beforeAll(async () => {
  bank = await startSnaptradeBank({
    seed: 7331, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, dailySync: false, now: () => new Date(clockMs), profile: { historyDays: 120 },
    // Tiny pages make hundreds of requests a minute; the limiter itself is tested in test/integration/electron/demo-banks/snaptrade/snaptradeBank.test.ts.
    rateLimitPerMinute: null,
  });
});
afterAll(async () => bank.close());

interface Linked {
  api: SnaptradeApi;
  user: SnaptradeUser;
  authorizationId: string;
  adapter: ProviderAdapter;
  pull(cursor: string | null): Promise<PullResult>;
}

async function link(options: { pageSize?: number; timeoutMs?: number } = {}): Promise<Linked> {
  const { api, user, authorizationId } = await newConnection(bank);
  const client = options.timeoutMs === undefined ? api : apiFor(bank, { timeoutMs: options.timeoutMs });
  const adapter = snaptradeAdapter(client, user, RETRY, () => new Date(clockMs), { pageSize: options.pageSize ?? 1000 });
  return {
    api, user, authorizationId, adapter,
    pull: (cursor) => pullFolded((sink) => adapter.pull({ connectionId: 'c1', externalId: authorizationId, accessToken: null, cursor }, sink)),
  };
}

function updateOf(r: PullResult): SyncUpdate {
  if (r.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(r)}`);
  return r.update;
}

/** The client-side model of applyUpdate's replace semantics: rows in a restated scope that were not restated are gone. */
function applyModel(state: Map<string, Transaction>, u: SyncUpdate): void {
  const restated = new Set(u.upserts.map((t) => t.id));
  for (const [id, t] of state) {
    const dropped = u.replace.some((s) => s.accountIds.includes(t.accountId) && (s.from === null || t.date >= s.from) && (s.to === null || t.date <= s.to));
    if (dropped && !restated.has(id)) state.delete(id);
  }
  for (const id of u.removals) state.delete(id);
  for (const t of u.upserts) state.set(t.id, t);
}

describe('SnapTrade pull against the demo service (official SDK, real HTTP)', () => {
  it('drains a multi-page history into exactly the brokerage\'s activity, then follows it with windowed re-reads', async () => {
    const linked = await link({ pageSize: 7 });
    const first = updateOf(await linked.pull(null));
    expect(first.pages).toBeGreaterThan(10);
    expect(first.replace.every((s) => s.from === null)).toBe(true); // first sync: full history
    const state = new Map<string, Transaction>();
    applyModel(state, first);
    expect(byId([...state.values()])).toEqual(byId(truthTransactions(bank, linked.authorizationId, 'c1')));
    expect(first.accounts.sort((a, b) => a.id.localeCompare(b.id))).toEqual(truthAccounts(bank, linked.authorizationId, 'c1'));
    expect(first.upserts.some((t) => t.amountMinor > 0 && t.activityType === 'DIVIDEND')).toBe(true);
    expect(first.upserts.some((t) => t.amountMinor < 0 && t.activityType === 'BUY' && (t.units ?? '').includes('.'))).toBe(true);

    let cursor = first.nextCursor;
    for (let day = 1; day <= 6; day++) {
      clockMs = START + day * 86_400_000;
      bank.advance(linked.authorizationId, 1);
      const next = updateOf(await linked.pull(cursor));
      const watermark = bank.authorizations().find((a) => a.id === linked.authorizationId)?.synced_through ?? '';
      // The window reaches back from the previous watermark (a day earlier), minus the 7-day overlap.
      expect(next.replace.every((s) => s.from === addDays(addDays(watermark, -1), -7))).toBe(true);
      expect(next.pages).toBeLessThan(first.pages);
      applyModel(state, next);
      expect(byId([...state.values()])).toEqual(byId(truthTransactions(bank, linked.authorizationId, 'c1')));
      cursor = next.nextCursor;
    }
    clockMs = START;
  });

  it('keeps re-issued ids and silent deletions out of the restated window', async () => {
    const linked = await link();
    const state = new Map<string, Transaction>();
    // A day of trading first, so that rows with a trade date are recent enough to reprocess (the
    // bank never drops a row without one: a windowed read might not see it go).
    bank.advance(linked.authorizationId, 1);
    const first = updateOf(await linked.pull(null));
    applyModel(state, first);
    const report = bank.reprocess(linked.authorizationId, { reissue: 2, drop: 1 });
    expect(report.reissued).toHaveLength(2);
    expect(report.dropped).toHaveLength(1);
    const droppedId = `snaptrade:${report.dropped[0] ?? ''}`;
    const next = updateOf(await linked.pull(first.nextCursor));
    applyModel(state, next);
    expect(byId([...state.values()])).toEqual(byId(truthTransactions(bank, linked.authorizationId, 'c1')));
    for (const { from } of report.reissued) expect(state.has(`snaptrade:${from}`)).toBe(false);
    expect(state.has(droppedId)).toBe(false);
  });

  it('accepts a drain only when it is consistent, even when the daily sync lands between pages', async () => {
    const linked = await link({ pageSize: 5 });
    // A daily sync changes one account or the other (or neither): keep trying until one hit the pages being read.
    let restarts = 0;
    for (let attempt = 0; attempt < 10 && restarts === 0; attempt++) {
      bank.setFaults(linked.authorizationId, { stepDuringPagination: 1 });
      const u = updateOf(await linked.pull(null));
      restarts += u.restarts;
      const state = new Map<string, Transaction>();
      applyModel(state, u);
      expect(byId([...state.values()])).toEqual(byId(truthTransactions(bank, linked.authorizationId, 'c1')));
    }
    expect(restarts).toBeGreaterThan(0);
  });

  it('works through the legacy /api/v1 base path', async () => {
    const linked = await link();
    const legacy = snaptradeAdapter(apiFor(bank, { basePath: `${bank.url}/api/v1` }), linked.user, RETRY, () => new Date(clockMs));
    const u = updateOf(await pullFolded((sink) => legacy.pull({ connectionId: 'c1', externalId: linked.authorizationId, accessToken: null, cursor: null }, sink)));
    expect(byId(u.upserts)).toEqual(byId(truthTransactions(bank, linked.authorizationId, 'c1')));
  });

  it('reports a request signed with the wrong consumer key as a credentials problem, without retrying', async () => {
    const linked = await link();
    const wrong = snaptradeAdapter(apiFor(bank, { consumerKey: 'not-the-consumer-key' }), linked.user, RETRY, () => new Date(clockMs));
    const r = await pullFolded((sink) => wrong.pull({ connectionId: 'c1', externalId: linked.authorizationId, accessToken: null, cursor: null }, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'credentials', retryAt: null, message: expect.stringMatching(/signature.*consumer key/) } });
    bank.setFaults(linked.authorizationId, { badSignature: 1 });
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'credentials' } });
    expect((await linked.pull(null)).kind).toBe('update');
  });

  it('reports a wrong SnapTrade user secret as a credentials problem', async () => {
    const linked = await link();
    const stranger = snaptradeAdapter(linked.api, { userId: linked.user.userId, userSecret: 'not-the-secret' }, RETRY);
    const r = await pullFolded((sink) => stranger.pull({ connectionId: 'c1', externalId: linked.authorizationId, accessToken: null, cursor: null }, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'credentials', message: expect.stringMatching(/user ID or secret/) } });
  });

  it('turns a disabled connection into needs_reauth on Refresh now and on every pull, though its data still answers', async () => {
    const linked = await link();
    const ref = { connectionId: 'c1', externalId: linked.authorizationId, accessToken: null };
    expect(await linked.adapter.refresh(ref)).toEqual({ requested: true, message: null, availableAt: null });
    bank.setFaults(linked.authorizationId, { disabled: true });
    expect(await linked.adapter.refresh(ref)).toMatchObject({ requested: false, message: expect.stringMatching(/disabled — reconnect/) });

    // SnapTrade keeps serving the cached data of a disabled connection: only the flag says otherwise.
    const account = bank.truth(linked.authorizationId).accounts[0]?.id ?? '';
    const cached = await linked.api.accountActivities({ ...linked.user, accountId: account, offset: 0, limit: 10 });
    expect(cached.status).toBe(200);
    expect((cached.data as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', retryAt: null, message: expect.stringMatching(/Demo Brokerage.*disabled — reconnect/) } });

    bank.setFaults(linked.authorizationId, { disabled: false });
    expect((await linked.pull(null)).kind).toBe('update');
  });

  it('handles 429 itself — the SDK never sleeps — and says when to try again', async () => {
    const linked = await link();
    bank.setFaults(linked.authorizationId, { rateLimit: 2 });
    const started = performance.now();
    expect((await linked.pull(null)).kind).toBe('update');
    expect(performance.now() - started).toBeLessThan(5_000); // the SDK's own retry sleeps 5 s first (the bound leaves a busy machine room)

    bank.setFaults(linked.authorizationId, { rateLimit: 10 });
    const r = await linked.pull(null);
    expect(r).toMatchObject({ kind: 'error', error: { code: 'rate_limited', requestId: expect.any(String) } });
    // X-RateLimit-Reset said 7 seconds.
    expect(r.kind === 'error' && Date.parse(r.error.retryAt ?? '') - clockMs).toBe(7_000);
  });

  it('retries server errors and brokerage outages, then reports them', async () => {
    const linked = await link();
    bank.setFaults(linked.authorizationId, { serverError: 1, brokerageDown: 1 });
    expect((await linked.pull(null)).kind).toBe('update');
    bank.setFaults(linked.authorizationId, { brokerageDown: 10 });
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/brokerage is not answering/) } });
    bank.setFaults(linked.authorizationId, { serverError: 10 });
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/server error/) } });
  });

  it('refuses malformed and truncated pages, naming the field, and applies nothing', async () => {
    const linked = await link();
    bank.setFaults(linked.authorizationId, { malformed: 1 });
    const r = await linked.pull(null);
    expect(r).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(r.kind === 'error' && r.error.message).toMatch(/data\[0\]\.id/);
    bank.setFaults(linked.authorizationId, { truncatedJson: 1 });
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'bad_response', message: expect.stringMatching(/not valid JSON/) } });
  });

  it('times out a slow response and reports it', async () => {
    const linked = await link({ timeoutMs: 300 });
    bank.setFaults(linked.authorizationId, { slowMs: { ms: 1_000, count: 10 } });
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/timed out/) } });
  });

  it('reports a removed connection as disconnected', async () => {
    const linked = await link();
    const sdk = createSnaptradeSdk({ basePath: bank.url, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, timeoutMs: 10_000 });
    expect((await sdk.connections.removeBrokerageAuthorization({ ...linked.user, authorizationId: linked.authorizationId })).status).toBe(204);
    expect(await linked.pull(null)).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
  });
});
