/**
 * The non-streamed pull: a `PageSink` that folds every page it is handed through the one fold
 * (shared/sync/fold.ts: the last word on an id wins; a restart clears what was folded) and puts the
 * folded rows into the update the adapter returns. `sync:pull` (services/syncService.ts) reads a
 * whole update this way; a streamed first sync hands the same pages to the renderer instead
 * (services/pullStreams.ts), so both paths see exactly what the adapter handed over.
 */
import { ChangeFold } from '../../shared/sync/fold';
import type { PullResult, Transaction } from '../../shared/types';
import type { PageSink } from './adapter';

export class FoldingSink implements PageSink {
  private readonly fold = new ChangeFold<Transaction>();

  page(upserts: Transaction[], removals: string[]): Promise<void> {
    this.fold.add({ upserts, removals });
    return Promise.resolve();
  }

  restart(): Promise<void> {
    this.fold.clear();
    return Promise.resolve();
  }

  /** The adapter's result with the folded rows in its update; an error or `waiting` passes through. */
  complete(result: PullResult): PullResult {
    if (result.kind !== 'update') return result;
    return { kind: 'update', update: { ...result.update, ...this.fold.result() } };
  }
}

/** Runs `pull` into a fresh folding sink and returns the whole update. */
export async function pullFolded(pull: (sink: PageSink) => Promise<PullResult>): Promise<PullResult> {
  const sink = new FoldingSink();
  return sink.complete(await pull(sink));
}
