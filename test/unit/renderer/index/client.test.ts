import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../renderer/src/db/schema';
import { RESULT_CHUNK, ResultPages } from '../../../../renderer/src/ui/transactionPages';
import { createLedgerIndexClient, type WorkerLike } from '../../../../renderer/src/index/client';
import type { FromWorker, ToWorker } from '../../../../renderer/src/index/protocol';
import { EMPTY_FILTER } from '../../../../renderer/src/search/filter';
import { meta, tx, update } from '../../../support/db/fixtures';

/** A worker stand-in: records what the client posts and lets the test answer in any order. */
class FakeWorker implements WorkerLike {
  readonly posted: ToWorker[] = [];
  private onMessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  private onError: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<FromWorker>) => void) | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage = listener as (event: MessageEvent<FromWorker>) => void;
    else this.onError = listener as (event: ErrorEvent) => void;
  }
  reply(data: FromWorker): void {
    this.onMessage?.({ data } as MessageEvent<FromWorker>);
  }
  crash(message: string): void {
    this.onError?.({ message } as ErrorEvent);
  }
}

const result = (ids: string[]) => ({ ids, count: ids.length, totals: [], complete: true, scanned: ids.length });

describe('ledger index client', () => {
  it('starts the worker on the database before its first question, and matches answers by sequence number', async () => {
    const worker = new FakeWorker();
    const client = createLedgerIndexClient('db-x', worker);
    const a = client.search({ ...EMPTY_FILTER, text: 'a' });
    const b = client.search({ ...EMPTY_FILTER, text: 'b' });
    expect(worker.posted[0]).toEqual({ type: 'init', dbName: 'db-x' });
    const [, first, second] = worker.posted;
    if (first?.type !== 'search' || second?.type !== 'search') throw new Error('expected two searches');
    expect(first.filter.text).toBe('a');
    // Answered out of order: each promise still gets its own answer.
    worker.reply({ type: 'search', seq: second.seq, result: result(['b1']) });
    worker.reply({ type: 'search', seq: first.seq, result: result(['a1', 'a2']) });
    expect((await a).ids).toEqual(['a1', 'a2']);
    expect((await b).ids).toEqual(['b1']);
  });

  it('ready resolves when the worker says so; changes reach subscribers until they unsubscribe', async () => {
    const worker = new FakeWorker();
    const client = createLedgerIndexClient('db-y', worker);
    let calls = 0;
    const off = client.subscribe(() => calls++);
    worker.reply({ type: 'ready', size: 3 });
    await client.ready();
    worker.reply({ type: 'changed', size: 4 });
    off();
    worker.reply({ type: 'changed', size: 5 });
    expect(calls).toBe(2); // ready + the first change
  });

  it('a failed question rejects only itself; a dead worker rejects everything, ready included', async () => {
    const worker = new FakeWorker();
    const client = createLedgerIndexClient('db-z', worker);
    const one = client.search(EMPTY_FILTER);
    const two = client.search(EMPTY_FILTER);
    const seqs = worker.posted.flatMap((m) => (m.type === 'search' ? [m.seq] : []));
    worker.reply({ type: 'failed', seq: seqs[0] ?? -1, message: 'bad filter' });
    await expect(one).rejects.toThrow('bad filter');
    worker.crash('out of memory');
    await expect(two).rejects.toThrow('out of memory');
    await expect(client.ready()).rejects.toThrow('The search index failed: out of memory');
  });
});

describe('ResultPages (the filtered list window)', () => {
  it('reads only the visible chunks of the ids, by key, and keeps showing rows while a new id list loads', async () => {
    const db = openDb('result-pages');
    await db.open();
    const rows = Array.from({ length: 450 }, (_, i) => tx(`plaid:${String(i).padStart(4, '0')}`, { date: '2026-11-01' }));
    await applyUpdate(db, update(null, 'K1', rows), meta);
    const pages = new ResultPages(db);
    let changes = 0;
    pages.subscribe(() => changes++);
    const ids = rows.map((r) => r.id).reverse();
    pages.setIds(ids);
    pages.show(0, 0);
    await expect.poll(() => pages.row(0)?.id).toBe(ids[0]);
    expect(pages.row(RESULT_CHUNK - 1)?.id).toBe(ids[RESULT_CHUNK - 1]);
    expect(pages.row(RESULT_CHUNK)).toBeUndefined(); // chunk 1 is not visible: not read
    const lastChunk = Math.floor(449 / RESULT_CHUNK);
    pages.show(lastChunk, lastChunk);
    await expect.poll(() => pages.row(449)?.id).toBe(ids[449]);

    // A narrower result: rows already read show at once under their new positions.
    const narrower = [ids[449] ?? '', ids[448] ?? ''];
    pages.setIds(narrower);
    expect(pages.row(0)?.id).toBe(ids[449]);
    pages.show(0, 0);
    await expect.poll(() => pages.row(1)?.id).toBe(ids[448]);
    expect(pages.row(2)).toBeUndefined();
    expect(changes).toBeGreaterThan(0);
    db.close();
  });

  it('reads each row once while the ledger is unchanged (the next keystroke reads only new ids), and again after a change', async () => {
    const db = openDb('result-pages-reuse');
    await db.open();
    const rows = Array.from({ length: 120 }, (_, i) => tx(`plaid:${String(i).padStart(4, '0')}`, { date: '2026-11-01' }));
    await applyUpdate(db, update(null, 'K1', rows), meta);
    const read: string[][] = [];
    const bulkGet = db.transactions.bulkGet.bind(db.transactions);
    db.transactions.bulkGet = ((keys: string[]) => {
      read.push([...keys]);
      return bulkGet(keys);
    }) as typeof db.transactions.bulkGet;
    const ids = rows.map((r) => r.id);
    const pages = new ResultPages(db);
    pages.show(0, 0);
    pages.setIds(ids.slice(0, 40)); // "c"
    await expect.poll(() => pages.row(39)?.id).toBe(ids[39]);
    expect(read.flat()).toEqual(ids.slice(0, 40));

    // "co": half the rows already read, half new: only the new ones are read.
    read.length = 0;
    pages.setIds([...ids.slice(20, 40), ...ids.slice(60, 80)]);
    expect(pages.row(0)?.id).toBe(ids[20]); // shown at once
    await expect.poll(() => pages.row(39)?.id).toBe(ids[79]);
    expect(read.flat()).toEqual(ids.slice(60, 80));

    // "cof": the same rows again: nothing read.
    read.length = 0;
    pages.setIds([...ids.slice(20, 40), ...ids.slice(60, 80)]);
    await new Promise((r) => setTimeout(r, 20));
    expect(read).toEqual([]);

    // The ledger changes (a note on a shown row): the rows shown so far are stale until read again.
    await db.transactions.update(ids[20] ?? '', { note: 'changed' });
    expect(pages.row(0)?.note ?? null).toBeNull(); // not re-read without a change notice
    pages.invalidate();
    expect(pages.row(0)?.id).toBe(ids[20]); // still shown meanwhile
    await expect.poll(() => pages.row(0)?.note).toBe('changed');
    expect(read.flat().sort()).toEqual([...ids.slice(20, 40), ...ids.slice(60, 80)].sort());
    db.close();
  });
});
