import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneykitAdapter } from '../../../../../electron/providers/moneykit/moneykitAdapter';
import { createMoneykitClient, type MoneykitClient } from '../../../../../electron/providers/moneykit/moneykitClient';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import { startMoneykitBank, type MoneykitBank } from '../../../../../electron/demo-banks/moneykit/moneykitBank';
import { applyUpdate } from '../../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../../renderer/src/db/schema';
import type { PullResult, SyncUpdate, Transaction } from '../../../../../shared/types';
import { compareWithTruth, comparisonFailed, storedAccounts } from '../../../../support/model/syncModelHarness';
import { byId, linkThroughConnect, truthAccounts, truthTransactions } from '../../../../support/providers/moneykitFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Main's MoneyKit pull — the fetch client, the drain, the mapping — over real HTTP to the demo
// bank's MoneyKit face, and (for the pending set) into the renderer's real applyUpdate.
const CLIENT_ID = 'ledgerline-mk-test';
const CLIENT_SECRET = 'mk-test-secret-0123456789';
const START_MS = Date.parse('2026-03-02T15:00:00Z');
const RETRY: RetryPolicy = { attempts: 4, baseMs: 1, capMs: 5 };

/** The bank's clock; tests move it (token expiry, refresh windows). Clients read it too unless told otherwise. */
let clockMs = START_MS;
const bankNow = (): Date => new Date(clockMs);
let bank: MoneykitBank;

beforeAll(async () => {
  bank = await startMoneykitBank({ seed: 4242, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: bankNow, refreshWindowMs: 60_000 });
});
afterAll(async () => bank.close());

function newClient(opts: { secret?: string; timeoutMs?: number; fetch?: typeof fetch; now?: () => Date } = {}): MoneykitClient {
  return createMoneykitClient(
    { baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: opts.secret ?? CLIENT_SECRET, timeoutMs: opts.timeoutMs ?? 10_000 },
    { now: opts.now ?? bankNow, ...(opts.fetch ? { fetch: opts.fetch } : {}) },
  );
}

async function newLink(opts: { pageSize?: number; retry?: RetryPolicy; client?: MoneykitClient } = {}) {
  const client = opts.client ?? newClient();
  const linkId = await linkThroughConnect(client);
  const adapter = moneykitAdapter(client, opts.retry ?? RETRY, { pageSize: opts.pageSize ?? 500, now: bankNow });
  const ref = { connectionId: 'c1', externalId: linkId, accessToken: null };
  return { client, linkId, adapter, ref, pull: (cursor: string | null) => pullFolded((sink) => adapter.pull({ ...ref, cursor }, sink)) };
}

const updateOf = (r: PullResult): SyncUpdate => {
  if (r.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(r)}`);
  return r.update;
};

/** A client-side model of applyUpdate's row logic: removals, replace scopes, upserts. */
function applyToModel(state: Map<string, Transaction>, u: SyncUpdate): void {
  const restated = new Set(u.upserts.map((t) => t.id));
  for (const scope of u.replace) {
    for (const [id, t] of state) if (scope.accountIds.includes(t.accountId) && (!scope.pendingOnly || t.pending) && !restated.has(id)) state.delete(id);
  }
  for (const id of u.removals) state.delete(id);
  for (const t of u.upserts) state.set(t.id, t);
}
const expectEqualsTruth = (state: Map<string, Transaction>, linkId: string) => expect(byId([...state.values()])).toEqual(byId(truthTransactions(bank, linkId, 'c1')));

describe('MoneyKit pull against the demo bank (fetch client, real HTTP)', () => {
  it('drains a multi-page history into exactly the bank\'s ledger, pendings included, in both wire forms', async () => {
    const link = await newLink({ pageSize: 300 });
    const u = updateOf(await link.pull(null));
    expect(u.pages).toBeGreaterThanOrEqual(3);
    expect(u.fromCursor).toBeNull();
    const state = new Map<string, Transaction>();
    applyToModel(state, u);
    expectEqualsTruth(state, link.linkId);
    expect(state.size).toBeGreaterThan(1000);
    expect([...state.values()].some((t) => t.pending)).toBe(true);
    // Signs, checked against what the rows are rather than against the mapping itself.
    const rows = [...state.values()];
    const payroll = rows.filter((t) => /ACME CORP|Acme Corp Payroll/.test(t.description));
    const coffee = rows.filter((t) => /STARBUCKS|Starbucks/.test(t.description));
    expect(payroll.length).toBeGreaterThan(0);
    expect(payroll.every((t) => t.amountMinor > 0)).toBe(true); // money in
    expect(coffee.every((t) => t.amountMinor < 0)).toBe(true); // money out
    expect(byId(u.accounts)).toEqual(truthAccounts(bank, link.linkId, 'c1'));
    expect(u.accounts.find((a) => a.kind === 'credit')?.currentMinor).toBeLessThan(0); // a card's debt is negative
    // The bank serves both documented forms, so this drain read both.
    const wire = bank.truth(link.linkId).transactions;
    expect(wire.some((t) => t.date.endsWith('T00:00:00'))).toBe(true);
    expect(wire.some((t) => typeof t.amount === 'number')).toBe(true);
  });

  it('replaces the pending set on every refresh: the stored live rows equal the bank\'s after each (real applyUpdate)', async () => {
    const link = await newLink({ pageSize: 97 });
    const db = openDb('mk-sync-pendings');
    const tombstoned = new Set<string>();
    let pendingsDropped = 0;
    let pendingsSeen = new Set<string>();
    try {
      for (let round = 0; round < 8; round++) {
        if (round > 0) {
          clockMs += 2 * 3_600_000;
          expect(await link.adapter.refresh(link.ref)).toEqual({ requested: true, message: null, availableAt: null }); // moves the bank one step
        }
        const cursor = (await db.cursors.get('c1'))?.cursor ?? null;
        const u = updateOf(await link.pull(cursor));
        expect(u.replace).toHaveLength(1);
        expect(await applyUpdate(db, u, { trigger: 'manual', startedAt: bankNow().toISOString() })).toMatchObject({ outcome: 'applied' });
        const rows = await db.transactions.toArray();
        const c = compareWithTruth(rows, truthTransactions(bank, link.linkId, 'c1'), tombstoned);
        expect(comparisonFailed(c), JSON.stringify(c).slice(0, 400)).toBe(false);
        expect(storedAccounts(await db.accounts.toArray())).toEqual(truthAccounts(bank, link.linkId, 'c1'));
        const pendingsNow = new Set(rows.filter((r) => r.removedAt === null && r.pending).map((r) => r.id));
        pendingsDropped += [...pendingsSeen].filter((id) => !pendingsNow.has(id)).length;
        pendingsSeen = pendingsNow;
      }
      expect(pendingsDropped).toBeGreaterThan(0); // pendings really did post or vanish, and were dropped
    } finally {
      db.close();
      await Dexie.delete('mk-sync-pendings');
    }
  });

  it('renews an access token that expires mid-drain and carries on', async () => {
    let syncPages = 0;
    let tokenRequests = 0;
    const statuses: number[] = [];
    const watching = (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(input, init);
      const path = new URL(String(input)).pathname;
      if (path === '/auth/token') tokenRequests++;
      if (path.endsWith('/transactions/sync')) {
        statuses.push(res.status);
        // After the first page, the bank's clock passes the token's hour: the next page meets 401.
        if (res.status === 200 && ++syncPages === 1) clockMs += 3_600_000 + 1000;
      }
      return res;
    }) as typeof fetch;
    // The client's own clock stands still, so it cannot renew early: only the 401 can tell it.
    const frozen = new Date(clockMs);
    const link = await newLink({ pageSize: 400, client: newClient({ fetch: watching, now: () => frozen }) });
    tokenRequests = 0;
    const u = updateOf(await link.pull(null));
    expect(statuses.slice(0, 3)).toEqual([200, 401, 200]);
    expect(tokenRequests).toBe(1);
    expect(u.pages).toBeGreaterThanOrEqual(3);
    const state = new Map<string, Transaction>();
    applyToModel(state, u);
    expectEqualsTruth(state, link.linkId);
  });

  it('maps a login that expired to needs_reauth, a deleted or unknown link to disconnected', async () => {
    const link = await newLink();
    bank.setFaults(link.linkId, { authExpired: true });
    expect(await link.pull(null)).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', retryAt: null } });
    expect(await link.client.getLink(link.linkId)).toMatchObject({ state: 'error', error_code: 'auth_expired' });
    bank.setFaults(link.linkId, { deleted: true });
    expect(await link.pull(null)).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
    bank.setFaults(link.linkId, {});
    expect((await link.pull(null)).kind).toBe('update');
    expect(await pullFolded((sink) => link.adapter.pull({ ...link.ref, externalId: 'mk_NoSuchLinkAtThisBank00', cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
  });

  it('reports a rate limit longer than a sync may wait as rate_limited, with retryAt from Retry-After', async () => {
    const link = await newLink();
    bank.setFaults(link.linkId, { rateLimit: 10, retryAfterSeconds: 90 });
    expect(await link.pull(null)).toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: new Date(clockMs + 90_000).toISOString() } });
    bank.setFaults(link.linkId, { rateLimit: 10, retryAfterSeconds: 120, retryAfterHttpDate: true });
    const atSecond = Math.floor(clockMs / 1000) * 1000; // an HTTP-date has whole seconds
    expect(await link.pull(null)).toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: new Date(atSecond + 120_000).toISOString() } });
    // A short Retry-After is simply waited out.
    bank.setFaults(link.linkId, { rateLimit: 2, retryAfterSeconds: 0 });
    expect((await link.pull(null)).kind).toBe('update');
  });

  it('accepts Refresh now, then answers a second one within the window with when it will be available', async () => {
    const link = await newLink();
    expect(await link.adapter.refresh(link.ref)).toEqual({ requested: true, message: null, availableAt: null });
    clockMs += 20_000;
    expect(await link.adapter.refresh(link.ref)).toEqual({ requested: false, message: expect.stringMatching(/limits how often/), availableAt: new Date(clockMs + 40_000).toISOString() });
    clockMs += 41_000;
    expect(await link.adapter.refresh(link.ref)).toEqual({ requested: true, message: null, availableAt: null });
    bank.setFaults(link.linkId, { authExpired: true });
    expect(await link.adapter.refresh(link.ref)).toMatchObject({ requested: false, message: expect.stringMatching(/sign in again/) });
  });

  it('refuses malformed and truncated pages, naming the field, and applies nothing', async () => {
    const link = await newLink({ pageSize: 200 });
    bank.setFaults(link.linkId, { malformed: 1 });
    const malformed = await link.pull(null);
    expect(malformed).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(malformed.kind === 'error' && malformed.error.message).toMatch(/transactions\.created\[0\]\.(transaction_id|amount)/);
    bank.setFaults(link.linkId, { truncatedJson: 1 });
    const truncated = await link.pull(null);
    expect(truncated.kind === 'error' && truncated.error).toMatchObject({ code: 'bad_response', message: expect.stringMatching(/not valid JSON/) });
    expect((await link.pull(null)).kind).toBe('update');
  });

  it('retries server errors, reports them when they outlast the retries, and times out a slow bank', async () => {
    const link = await newLink();
    bank.setFaults(link.linkId, { serverError: 3 });
    expect((await link.pull(null)).kind).toBe('update');
    bank.setFaults(link.linkId, { serverError: 4 });
    expect(await link.pull(null)).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', retryAt: expect.any(String) } });
    const slow = await newLink({ client: newClient({ timeoutMs: 250 }), retry: { attempts: 2, baseMs: 1, capMs: 2 } });
    bank.setFaults(slow.linkId, { slowMs: { ms: 1000, count: 2 } });
    expect(await slow.pull(null)).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/timed out/) } });
  });

  it('follows a bank that moves mid-drain: the drain stays consistent, and the next one catches up', async () => {
    const link = await newLink({ pageSize: 500 });
    const state = new Map<string, Transaction>();
    const first = updateOf(await link.pull(null));
    applyToModel(state, first);
    bank.advance(link.linkId, 3);
    bank.setFaults(link.linkId, { growDuringPagination: 2 });
    const small = moneykitAdapter(link.client, RETRY, { pageSize: 3, now: bankNow });
    const grown = updateOf(await pullFolded((sink) => small.pull({ ...link.ref, cursor: first.nextCursor }, sink)));
    expect(grown.pages).toBeGreaterThan(2);
    applyToModel(state, grown);
    // The bank stepped twice while that drain ran, so it describes the ledger as of the drain's start…
    expect(byId([...state.values()])).not.toEqual(byId(truthTransactions(bank, link.linkId, 'c1')));
    // …and the next drain, from its cursor, brings exactly the rest.
    const caughtUp = updateOf(await link.pull(grown.nextCursor));
    expect(caughtUp.upserts.some((t) => !t.pending) || caughtUp.removals.length > 0).toBe(true);
    applyToModel(state, caughtUp);
    expectEqualsTruth(state, link.linkId);
  });

  it('reports refused API keys as a credentials problem', async () => {
    const link = await newLink();
    const wrong = moneykitAdapter(newClient({ secret: 'not-the-secret' }), RETRY, { now: bankNow });
    expect(await pullFolded((sink) => wrong.pull({ ...link.ref, cursor: null }, sink))).toMatchObject({ kind: 'error', error: { code: 'credentials' } });
  });
});
