/**
 * Streamed pulls: a first sync's rows go to the renderer while main is still paging the provider,
 * so the renderer writes them into its one open transaction as they come (nothing commits until
 * the last chunk, so the commit stays atomic). The renderer pulls chunks (`next`); main pauses the
 * provider loop when it is more than a few chunks ahead, so memory stays flat at any size.
 */
import crypto from 'node:crypto';
import { PULL_CHUNK_ROWS, type PullChunk } from '../../shared/ipc/contract';
import type { PullResult, Transaction } from '../../shared/types';
import type { PageSink } from '../providers/adapter';

/** Main pauses the provider loop while this many rows wait for the renderer. */
export const HIGH_WATER_ROWS = 4 * PULL_CHUNK_ROWS;
/** A stream nobody reads from for this long was left by a renderer that went away. */
const IDLE_MS = 120_000;

export class StreamGoneError extends Error {
  constructor() {
    super('This sync ended before all of it was read; it will start again.');
    this.name = 'StreamGoneError';
  }
}

type RowsItem = { kind: 'rows'; upserts: Transaction[]; removals: string[] };
type Item = RowsItem | Exclude<PullChunk, { kind: 'rows' }>;

class PullStream implements PageSink {
  readonly id = `ps_${crypto.randomBytes(12).toString('base64url')}`;
  private readonly queue: Item[] = [];
  private queuedRows = 0;
  private gone = false;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(readonly connectionId: string, private readonly onIdle: () => void) {
    this.touch();
  }

  page(upserts: Transaction[], removals: string[]): Promise<void> {
    if (this.gone) return Promise.reject(new StreamGoneError());
    // A page larger than a chunk (a folded update handed over whole) is split with its removals
    // after every upsert, as the page means: an id in both ends up removed.
    for (let i = 0; i < upserts.length; i += PULL_CHUNK_ROWS) this.push({ kind: 'rows', upserts: upserts.slice(i, i + PULL_CHUNK_ROWS), removals: [] });
    for (let i = 0; i < removals.length; i += PULL_CHUNK_ROWS) this.push({ kind: 'rows', upserts: [], removals: removals.slice(i, i + PULL_CHUNK_ROWS) });
    if (this.queuedRows < HIGH_WATER_ROWS) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.wakeProducer = { resolve, reject };
    });
  }

  restart(): Promise<void> {
    if (this.gone) return Promise.reject(new StreamGoneError());
    // Rows not yet handed over are void already; the renderer drops what it has on `restart`.
    this.queue.splice(0, this.queue.length);
    this.queuedRows = 0;
    this.push({ kind: 'restart' });
    return Promise.resolve();
  }

  /** The pull's result ends the stream: its update is the header alone (the rows came through `page`). */
  end(result: PullResult): void {
    if (this.gone) return;
    if (result.kind === 'waiting') return this.push({ kind: 'waiting', message: result.message, retryAt: result.retryAt });
    if (result.kind === 'error') return this.push({ kind: 'error', error: result.error });
    this.push({ kind: 'done', update: result.update });
  }

  /**
   * The next chunk: consecutive pages joined up to PULL_CHUNK_ROWS. A page with removals ends its
   * chunk, so a chunk applied as "upserts, then removals" keeps the provider's order.
   */
  async next(): Promise<PullChunk> {
    this.touch();
    while (this.queue.length === 0) {
      if (this.gone) throw new StreamGoneError();
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
    const first = this.queue.shift() as Item;
    if (first.kind !== 'rows') {
      if (first.kind !== 'restart') this.close();
      return first;
    }
    const chunk: RowsItem = { kind: 'rows', upserts: [...first.upserts], removals: [...first.removals] };
    while (chunk.removals.length === 0) {
      const following = this.queue[0];
      if (following?.kind !== 'rows' || chunk.upserts.length + following.upserts.length > PULL_CHUNK_ROWS || following.removals.length + chunk.removals.length > PULL_CHUNK_ROWS) break;
      this.queue.shift();
      chunk.upserts.push(...following.upserts);
      chunk.removals.push(...following.removals);
    }
    this.queuedRows -= chunk.upserts.length + chunk.removals.length;
    if (this.queuedRows < HIGH_WATER_ROWS / 2 && this.wakeProducer) {
      this.wakeProducer.resolve();
      this.wakeProducer = null;
    }
    return chunk;
  }

  close(): void {
    this.gone = true;
    if (this.idle) clearTimeout(this.idle);
    this.queue.splice(0, this.queue.length);
    this.queuedRows = 0;
    this.wakeProducer?.reject(new StreamGoneError());
    this.wakeProducer = null;
    this.wakeConsumer?.();
    this.wakeConsumer = null;
  }

  private push(item: Item): void {
    this.queue.push(item);
    if (item.kind === 'rows') this.queuedRows += item.upserts.length + item.removals.length;
    this.wakeConsumer?.();
    this.wakeConsumer = null;
  }

  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(this.onIdle, IDLE_MS);
    this.idle.unref();
  }
}

export class PullStreams {
  private readonly streams = new Map<string, PullStream>();

  /**
   * Starts `run` with a fresh stream as its sink; any earlier stream of the same connection (its
   * renderer went away mid-sync) is closed first. Returns the stream id and the run's promise.
   */
  start(connectionId: string, run: (sink: PageSink) => Promise<PullResult>): { streamId: string; done: Promise<PullResult> } {
    this.closeFor(connectionId);
    const stream: PullStream = new PullStream(connectionId, () => this.drop(stream));
    this.streams.set(stream.id, stream);
    const done = run(stream).then(
      (result) => {
        stream.end(result);
        return result;
      },
      (e: unknown) => {
        if (!(e instanceof StreamGoneError)) stream.end({ kind: 'error', error: { code: 'internal', message: 'Sync failed unexpectedly; see the log.', retryAt: null, requestId: null } });
        throw e;
      },
    );
    return { streamId: stream.id, done };
  }

  async next(streamId: string): Promise<PullChunk> {
    const stream = this.streams.get(streamId);
    if (!stream) throw new StreamGoneError();
    const chunk = await stream.next();
    if (chunk.kind !== 'rows' && chunk.kind !== 'restart') this.streams.delete(streamId);
    return chunk;
  }

  /** Closes the open stream of a connection, if any (its reader went away). */
  closeFor(connectionId: string): void {
    for (const s of this.streams.values()) if (s.connectionId === connectionId) this.drop(s);
  }

  /** Streams still open (for tests and the log). */
  get open(): number {
    return this.streams.size;
  }

  private drop(stream: PullStream): void {
    stream.close();
    this.streams.delete(stream.id);
  }
}
