import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import { snaptradeAdapter } from '../../../../../electron/providers/snaptrade/snaptradeAdapter';
import { startSnaptradeBank, type SnaptradeBank } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import { applyUpdate, type ApplyResult } from '../../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../../renderer/src/db/schema';
import type { SyncUpdate } from '../../../../../shared/types';
import { compareWithTruth, comparisonFailed } from '../../../../support/model/syncModelHarness';
import { CLIENT_ID, CONSUMER_KEY, newConnection, truthTransactions } from '../../../../support/providers/snaptradeFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';
import { runChanges } from '../../../../../renderer/src/db/changeLog';

// SnapTrade's window re-reads, applied by the renderer's real applyUpdate on IndexedDB (fake-indexeddb).
const RETRY: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 5 };
const START = Date.parse('2026-04-06T15:00:00Z');
const DAY = 86_400_000;
let clockMs = START;
let bank: SnaptradeBank;
let db: LedgerlineDb;
let dbCount = 0;

beforeAll(async () => {
  bank = await startSnaptradeBank({
    seed: 99, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, dailySync: false, now: () => new Date(clockMs), profile: { historyDays: 60 }, rateLimitPerMinute: null,
  });
});
afterAll(async () => bank.close());
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function setUp() {
  clockMs = START;
  db = openDb(`snaptrade-apply-${++dbCount}`);
  const { user, api, authorizationId } = await newConnection(bank);
  const adapter = snaptradeAdapter(api, user, RETRY, () => new Date(clockMs), { pageSize: 25 });
  const sync = async (): Promise<{ update: SyncUpdate; result: Extract<ApplyResult, { outcome: 'applied' }> }> => {
    const cursor = (await db.cursors.get('c1'))?.cursor ?? null;
    const pulled = await pullFolded((sink) => adapter.pull({ connectionId: 'c1', externalId: authorizationId, accessToken: null, cursor }, sink));
    if (pulled.kind !== 'update') throw new Error(`pull failed: ${JSON.stringify(pulled)}`);
    const result = await applyUpdate(db, pulled.update, { trigger: 'manual', startedAt: new Date(clockMs).toISOString(), now: () => new Date(clockMs) });
    if (result.outcome !== 'applied') throw new Error('stale');
    return { update: pulled.update, result };
  };
  const expectStoredEqualsTruth = async (): Promise<void> => {
    const c = compareWithTruth(await db.transactions.toArray(), truthTransactions(bank, authorizationId, 'c1'), new Set());
    expect(comparisonFailed(c), JSON.stringify(c)).toBe(false);
    expect(c.compared).toBeGreaterThan(0);
  };
  return { authorizationId, sync, expectStoredEqualsTruth };
}

const changesOf = (runId: string) => runChanges(db, runId);

describe('SnapTrade updates applied by applyUpdate', () => {
  it('shows a re-issued activity as re-identified and a silently deleted one as removed', async () => {
    const s = await setUp();
    const first = await s.sync();
    expect(first.result.added).toBeGreaterThan(20);
    await s.expectStoredEqualsTruth();

    clockMs += 3_600_000;
    const report = bank.reprocess(s.authorizationId, { reissue: 2, drop: 1 });
    const { update, result } = await s.sync();
    await s.expectStoredEqualsTruth();
    expect(result).toMatchObject({ added: 0, modified: 0, removed: 1 });

    const changes = await changesOf(update.pullId);
    const reidentified = changes.filter((c) => c.kind === 'reidentified');
    expect(reidentified.map((c) => [c.relatedId, c.txId]).sort()).toEqual(report.reissued.map((r) => [`snaptrade:${r.from}`, `snaptrade:${r.to}`]).sort());
    expect(changes.filter((c) => c.kind === 'removed').map((c) => c.txId)).toEqual(report.dropped.map((id) => `snaptrade:${id}`));

    // The old ids are tombstones; the re-issued rows keep when they were first seen.
    for (const { from, to } of report.reissued) {
      const [old, reborn] = await db.transactions.bulkGet([`snaptrade:${from}`, `snaptrade:${to}`]);
      expect(old?.removedAt).not.toBeNull();
      expect(reborn?.removedAt).toBeNull();
      expect(reborn?.firstSeenAt).toBe(old?.firstSeenAt);
    }
    expect((await db.transactions.get(`snaptrade:${report.dropped[0] ?? ''}`))?.removedAt).not.toBeNull();
  });

  it('follows daily syncs exactly, and applying an update twice changes nothing', async () => {
    const s = await setUp();
    await s.sync();
    const kinds = new Map<string, number>();
    let last: SyncUpdate | null = null;
    for (let day = 1; day <= 12; day++) {
      clockMs = START + day * DAY;
      bank.advance(s.authorizationId, 1);
      const { update } = await s.sync();
      last = update;
      for (const c of await changesOf(update.pullId)) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      await s.expectStoredEqualsTruth();
    }
    expect(kinds.get('added')).toBeGreaterThan(0);
    if (last === null) throw new Error('no update');
    expect((await applyUpdate(db, last, { trigger: 'retry', startedAt: new Date().toISOString() })).outcome).toBe('stale');

    // A pull with nothing new restates the window and changes nothing.
    const again = await s.sync();
    expect(again.result).toMatchObject({ added: 0, modified: 0, removed: 0, posted: 0 });
    expect(await changesOf(again.update.pullId)).toEqual([]);
  });
});
