import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import type { FromWorker, ToWorker } from '../../../../renderer/src/index/protocol';
import { EMPTY_FILTER, type TxFilter } from '../../../../renderer/src/search/filter';
import { meta, tx, update } from '../../../support/db/fixtures';
import { startIndexWorkerInThread } from '../../../support/indexWorkerInThread';

// The worker module itself, run in this thread (test/support/indexWorkerInThread.ts).
const answers: FromWorker[] = [];
let send: (message: ToWorker) => void = () => undefined;
let db: LedgerlineDb;
let seq = 0;

function waitFor<T extends FromWorker>(pick: (m: FromWorker) => m is T, from = 0, within = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = answers.slice(from).find(pick);
      if (found) resolve(found);
      else if (Date.now() - started > within) reject(new Error(`no answer from the worker: ${JSON.stringify(answers.slice(-3))}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

async function search(patch: Partial<TxFilter>, within?: number): Promise<readonly string[]> {
  const n = ++seq;
  send({ type: 'search', seq: n, filter: { ...EMPTY_FILTER, ...patch } });
  const answer = await waitFor((m): m is Extract<FromWorker, { type: 'search' }> => m.type === 'search' && m.seq === n, 0, within);
  return answer.result.ids;
}

const changedCount = () => answers.filter((m) => m.type === 'changed').length;

beforeAll(async () => {
  db = openDb('worker-test');
  await db.open();
  await db.connections.put({ id: 'c1', provider: 'plaid', institutionName: 'Bank', demo: true, createdAt: '2026-11-01T00:00:00Z' });
  // More rows than one load chunk (5,000), so the keyset paging is exercised.
  const rows = Array.from({ length: 5_300 }, (_, i) => tx(`plaid:r${String(i).padStart(5, '0')}`, {
    date: `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    description: i % 1000 === 0 ? `Blue Bottle ${i}` : `Row ${i}`, amountMinor: -(100 + i),
  }));
  await applyUpdate(db, update(null, 'K1', rows), meta);
  send = await startIndexWorkerInThread('worker-test', answers);
  await waitFor((m): m is Extract<FromWorker, { type: 'ready' }> => m.type === 'ready', 0, 60_000);
}, 120_000);
afterAll(() => db.close());

describe('the ledger index worker', () => {
  it('loads every live row in list order across chunks', async () => {
    expect(answers.find((m) => m.type === 'ready')).toEqual({ type: 'ready', size: 5_300 });
    const all = await search({});
    expect(all).toHaveLength(5_300);
    const keys = (await db.transactions.orderBy('listKey').reverse().primaryKeys());
    expect(all).toEqual(keys);
    expect(await search({ text: 'blue bottle' })).toEqual((await db.transactions.filter((t) => t.description.startsWith('Blue Bottle')).toArray())
      .sort((a, b) => ((a.listKey ?? '') < (b.listKey ?? '') ? 1 : -1)).map((t) => t.id));
  });

  it('follows a sync: new, modified and removed rows, and the rows "changed in the last sync"', async () => {
    const before = changedCount();
    await applyUpdate(db, update('K1', 'K2', [
      tx('plaid:new', { date: '2026-12-01', description: 'Blue Bottle new' }),
      tx('plaid:r00001', { date: '2026-02-02', description: 'Blue Bottle renamed', amountMinor: -101 }),
    ], ['plaid:r01000']), meta);
    // As runSync does after a successful apply.
    const { notifyIndex } = await import('../../../../renderer/src/index/notify');
    notifyIndex(db, { ids: ['plaid:new', 'plaid:r00001', 'plaid:r01000'] });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    const found = await search({ text: 'blue bottle' });
    expect(found[0]).toBe('plaid:new');
    expect(found).toContain('plaid:r00001');
    expect(found).not.toContain('plaid:r01000');
    expect(await search({ changedInLastSync: true })).toEqual(['plaid:new', 'plaid:r00001']);
  });

  it('a note edit is searchable once editUserFields has notified', async () => {
    const before = changedCount();
    await editUserFields(db, 'plaid:r00042', { note: 'Birthday flamingo' });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await search({ text: 'flamingo' })).toEqual(['plaid:r00042']);
  });

  it('a full reload ({ all: true }) reads everything again', async () => {
    const before = changedCount();
    await db.transactions.update('plaid:r00043', { description: 'Quietly changed' });
    const { notifyIndex } = await import('../../../../renderer/src/index/notify');
    notifyIndex(db, { all: true });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await search({ text: 'quietly' })).toEqual(['plaid:r00043']);
    expect(await search({})).toHaveLength(5_300);
  });

  it("patches a sync's rows from its notice when its number follows the last seen, and re-reads them when not", async () => {
    const { notifyIndex } = await import('../../../../renderer/src/index/notify');
    // A full reload first: the index is then complete up to the ledger's current number.
    let before = changedCount();
    notifyIndex(db, { all: true });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    const result = await applyUpdate(db, update('K2', 'K2b', [tx('plaid:r00044', { date: '2026-05-17', description: 'Written by the sync' })]), meta);
    if (result.outcome !== 'applied' || !result.written) throw new Error('expected an applied update with its written rows');
    const { seq, rows } = result.written;
    expect(rows.map((r) => r.id)).toEqual(['plaid:r00044']);
    // The notice's rows are taken as they are: this one says something the database does not,
    // which the index can only have learnt from the notice.
    before = changedCount();
    notifyIndex(db, { seq, rows: rows.map((r) => ({ ...r, description: 'Only in the notice' })) });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await search({ text: 'only in the notice' })).toEqual(['plaid:r00044']);
    // A notice out of order (its number is not the next one) is re-read from the database.
    before = changedCount();
    notifyIndex(db, { seq: seq - 1, rows: rows.map((r) => ({ ...r, description: 'A stale notice' })) });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await search({ text: 'a stale notice' })).toEqual([]);
    expect(await search({ text: 'written by the sync' })).toEqual(['plaid:r00044']);
  });

  it('"changed in this sync" answers for any run: an older one after a newer sync, and a first sync by its rows', async () => {
    const runs = await db.syncRuns.orderBy('finishedAt').toArray();
    const [first, second] = runs;
    const before = changedCount();
    await applyUpdate(db, update('K2b', 'K3', [tx('plaid:later', { date: '2026-12-02', description: 'Later' })]), meta);
    const { notifyIndex } = await import('../../../../renderer/src/index/notify');
    notifyIndex(db, { ids: ['plaid:later'] });
    await expect.poll(changedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await search({ changedInLastSync: true })).toEqual(['plaid:later']);
    // The K1 → K2 run is no longer the last; its rows are still its rows (the removed one is gone from the list).
    const failedBefore = answers.filter((m) => m.type === 'failed').length;
    expect(await search({ changedInRun: { runId: second?.id ?? '', finishedAt: second?.finishedAt ?? '' } }, 40_000).catch((e: unknown) => {
      throw new Error(`${String(e).slice(0, 200)} failed: ${JSON.stringify(answers.filter((m) => m.type === 'failed').slice(failedBefore))}`);
    })).toEqual(['plaid:new', 'plaid:r00001']);
    // With other filters: its rows that match the words.
    expect(await search({ changedInRun: { runId: second?.id ?? '', finishedAt: '' }, text: 'renamed' })).toEqual(['plaid:r00001']);
    const imported = await search({ changedInRun: { runId: first?.id ?? '', finishedAt: first?.finishedAt ?? '' } }, 40_000);
    expect(imported).toHaveLength(5_299);
    expect(imported).not.toContain('plaid:later');
    expect(imported).not.toContain('plaid:new');
    // An unknown run matches nothing rather than everything.
    expect(await search({ changedInRun: { runId: 'no-such-run', finishedAt: '' } })).toEqual([]);
  }, 120_000);
});

describe('the ledger index worker, right after start', () => {
  it('answers a search before the whole ledger is loaded: the newest matches, marked incomplete, then the full answer', async () => {
    vi.resetModules();
    const mine: FromWorker[] = [];
    const post = await startIndexWorkerInThread('worker-test', mine);
    post({ type: 'search', seq: 1, filter: { ...EMPTY_FILTER, text: 'row' } });
    await expect.poll(() => mine.some((m) => m.type === 'search'), { timeout: 20_000 }).toBe(true);
    const first = mine.find((m): m is Extract<FromWorker, { type: 'search' }> => m.type === 'search');
    expect(first?.result.complete).toBe(false);
    const scanned = first?.result.scanned ?? 0;
    expect(scanned).toBeGreaterThan(0);
    expect(scanned).toBeLessThan(5_000);
    // Its rows are the true first matches: the full list's first rows, in order.
    const newest = (await db.transactions.orderBy('listKey').reverse().toArray()).filter((t) => /\brow\b/i.test(t.description)).map((t) => t.id);
    expect(first?.result.ids).toEqual(newest.slice(0, first?.result.ids.length));
    await expect.poll(() => mine.some((m) => m.type === 'ready'), { timeout: 60_000 }).toBe(true);
    post({ type: 'search', seq: 2, filter: { ...EMPTY_FILTER, text: 'row' } });
    await expect.poll(() => mine.some((m) => m.type === 'search' && m.seq === 2), { timeout: 10_000 }).toBe(true);
    const full = mine.find((m): m is Extract<FromWorker, { type: 'search' }> => m.type === 'search' && m.seq === 2);
    expect(full?.result.complete).toBe(true);
    expect(full?.result.ids).toEqual(newest);
  }, 120_000);
});
