import { describe, expect, it } from 'vitest';
import { HIGH_WATER_ROWS, PullStreams, StreamGoneError } from '../../../../electron/services/pullStreams';
import { PULL_CHUNK_ROWS } from '../../../../shared/ipc/contract';
import type { PullResult, SyncUpdate, Transaction } from '../../../../shared/types';
import type { PageSink } from '../../../../electron/providers/adapter';

const tx = (n: number): Transaction => ({
  id: `plaid:t${n}`, connectionId: 'c1', accountId: 'plaid:a', amountMinor: -n, currency: 'USD', date: '2026-11-01',
  authorizedDate: null, description: `row ${n}`, merchant: null, category: null, pending: false, pendingId: null,
});
const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => tx(from + i));
const header = (over: Partial<SyncUpdate> = {}): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: null, nextCursor: 'K1', accounts: [], upserts: [], removals: [],
  replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0, ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A producer the test drives page by page. */
function manual() {
  let sink: PageSink | null = null;
  let finish: (r: PullResult) => void = () => undefined;
  const run = (s: PageSink) => {
    sink = s;
    return new Promise<PullResult>((resolve) => { finish = resolve; });
  };
  return { run, sink: () => { if (!sink) throw new Error('not started'); return sink; }, finish: (r: PullResult) => finish(r) };
}

describe('PullStreams', () => {
  it('joins small pages into chunks, but ends a chunk at a page with removals (provider order kept)', async () => {
    const streams = new PullStreams();
    const p = manual();
    const { streamId } = streams.start('c1', p.run);
    await p.sink().page(rows(0, 500), []);
    await p.sink().page(rows(500, 500), ['plaid:t3']);
    await p.sink().page(rows(1000, 500), []);
    p.finish({ kind: 'update', update: header({ pages: 3 }) });
    await tick();
    const first = await streams.next(streamId);
    expect(first.kind === 'rows' && [first.upserts.length, first.removals]).toEqual([1000, ['plaid:t3']]);
    const second = await streams.next(streamId);
    expect(second.kind === 'rows' && second.upserts.map((t) => t.id)[0]).toBe('plaid:t1000');
    const done = await streams.next(streamId);
    expect(done.kind).toBe('done');
    expect(streams.open).toBe(0);
  });

  it('pauses the provider loop when the reader falls behind, and resumes it as chunks are read', async () => {
    const streams = new PullStreams();
    const p = manual();
    const { streamId } = streams.start('c1', p.run);
    let resolved = 0;
    for (let i = 0; i < HIGH_WATER_ROWS / 500; i++) void p.sink().page(rows(i * 500, 500), []).then(() => resolved++);
    await tick();
    // The page that reached the high-water mark waits for the reader.
    expect(resolved).toBe(HIGH_WATER_ROWS / 500 - 1);
    for (let i = 0; i < HIGH_WATER_ROWS / PULL_CHUNK_ROWS / 2 + 1; i++) await streams.next(streamId);
    await tick();
    expect(resolved).toBe(HIGH_WATER_ROWS / 500);
  });

  it('passes a restart on and drops the rows not yet read', async () => {
    const streams = new PullStreams();
    const p = manual();
    const { streamId } = streams.start('c1', p.run);
    await p.sink().page(rows(0, 10), []);
    expect((await streams.next(streamId)).kind).toBe('rows');
    await p.sink().page(rows(10, 10), []);
    await p.sink().restart();
    await p.sink().page(rows(0, 3), []);
    p.finish({ kind: 'update', update: header({ restarts: 1 }) });
    await tick();
    expect((await streams.next(streamId)).kind).toBe('restart');
    const again = await streams.next(streamId);
    expect(again.kind === 'rows' && again.upserts.length).toBe(3);
    expect((await streams.next(streamId)).kind).toBe('done');
  });

  it('splits a folded update handed over as one page into chunks, removals last', async () => {
    const streams = new PullStreams();
    const { streamId } = streams.start('c1', async (sink) => {
      await sink.page(rows(0, PULL_CHUNK_ROWS + 5), ['plaid:t1']);
      return { kind: 'update', update: header() };
    });
    const kinds: string[] = [];
    let upserts = 0;
    let lastRemovals: string[] = [];
    for (;;) {
      const chunk = await streams.next(streamId);
      kinds.push(chunk.kind);
      if (chunk.kind === 'rows') {
        upserts += chunk.upserts.length;
        lastRemovals = chunk.removals;
      }
      if (chunk.kind === 'done') {
        expect(chunk.update.upserts).toEqual([]);
        break;
      }
    }
    expect(upserts).toBe(PULL_CHUNK_ROWS + 5);
    // The removal rides in the last rows chunk, which applies its upserts first.
    expect(kinds).toEqual(['rows', 'rows', 'done']);
    expect(lastRemovals).toEqual(['plaid:t1']);
  });

  it('ends with the error or waiting result when the pull fails', async () => {
    const streams = new PullStreams();
    const error = { code: 'needs_reauth' as const, message: 'sign in', retryAt: null, requestId: null };
    const { streamId } = streams.start('c1', async () => ({ kind: 'error', error }));
    expect(await streams.next(streamId)).toEqual({ kind: 'error', error });
    await expect(streams.next(streamId)).rejects.toBeInstanceOf(StreamGoneError);
  });

  it('a new stream of the same connection closes the old one: its provider loop stops', async () => {
    const streams = new PullStreams();
    const p = manual();
    const old = streams.start('c1', p.run);
    old.done.catch(() => undefined);
    streams.start('c1', async () => ({ kind: 'update', update: header() }));
    await expect(p.sink().page(rows(0, 1), [])).rejects.toBeInstanceOf(StreamGoneError);
    await expect(streams.next(old.streamId)).rejects.toBeInstanceOf(StreamGoneError);
  });
});
