/**
 * The ledger index worker: loads every live transaction once (keyset chunks over the `listKey`
 * index, never one huge query), keeps it fresh from notifyIndex messages, and answers searches and
 * insights off the main thread.
 *
 * "Changed in last sync": for each connection, its most recent applied run that changed anything
 * (outcome `changes`) — the rows it added, modified, posted or re-identified. A later run that found
 * nothing new leaves the previous one's changes in place, so the filter keeps answering "what came
 * in last time".
 *
 * "Changed in this sync" (any run, from the Changes view): that run's changed rows, read when a
 * search first asks for the run and kept until the next change to the ledger.
 */
/// <reference lib="webworker" />
import { computeInsights } from '../insights/computeInsights';
import { parseSearch } from '../../../shared/search/parseSearch';
import { rulesByKey, type RulesByKey } from '../../../shared/categories/rules';
import { openDb, type LedgerlineDb, type TransactionRow } from '../db/schema';
import { categoryLabel, categoryOf } from './categoryOf';
import { LedgerIndex, toIndexed } from './ledgerIndex';
import { indexChannelName, type FromWorker, type IndexChange, type ToWorker } from './protocol';
import type { IndexedTx } from './types';

declare const self: DedicatedWorkerGlobalScope;

const CHUNK = 5_000;

let index = new LedgerIndex();
let db: LedgerlineDb | null = null;
let ready: Promise<void> | null = null;
/** Changes are applied one at a time, in order, after the initial load. */
let queue: Promise<void> = Promise.resolve();
/** The user's category rules; re-read on every full load (a rule change notifies `{ all: true }`). */
let rules: RulesByKey = new Map();

const post = (message: FromWorker): void => self.postMessage(message);

function indexRow(row: TransactionRow): IndexedTx | null {
  const category = categoryOf(row, rules);
  return toIndexed(row, category, categoryLabel(category));
}

/** Builds a whole new index and swaps it in at the end: searches meanwhile answer from the old one. */
async function loadAll(d: LedgerlineDb): Promise<void> {
  rules = rulesByKey(await d.rules.toArray());
  const next = new LedgerIndex();
  let after: string | null = null;
  for (;;) {
    const range = after === null ? d.transactions.where('listKey').above('') : d.transactions.where('listKey').below(after);
    const rows: TransactionRow[] = await range.reverse().limit(CHUNK).toArray();
    const batch: IndexedTx[] = [];
    for (const row of rows) {
      const tx = indexRow(row);
      if (tx) batch.push(tx);
    }
    next.append(batch);
    const last = rows[rows.length - 1];
    if (rows.length < CHUNK || !last?.listKey) break;
    after = last.listKey;
  }
  next.setChanged(await changedIds(d));
  index = next;
}

async function changedIds(d: LedgerlineDb): Promise<Set<string>> {
  const connectionIds = await d.connections.toCollection().primaryKeys();
  const runIds: string[] = [];
  for (const connectionId of connectionIds) {
    let latest: { id: string; finishedAt: string } | null = null;
    await d.syncRuns.where('connectionId').equals(connectionId).each((run) => {
      if (run.outcome === 'changes' && (!latest || run.finishedAt > latest.finishedAt)) latest = { id: run.id, finishedAt: run.finishedAt };
    });
    const found = latest as { id: string; finishedAt: string } | null;
    if (found) runIds.push(found.id);
  }
  const ids = new Set<string>();
  if (runIds.length > 0) {
    await d.changes.where('runId').anyOf(runIds).each((c) => {
      if (c.kind !== 'removed') ids.add(c.txId);
    });
  }
  return ids;
}

/** Rows of runs a search asked for, by run id; emptied on every change (a confirmed suggestion rewrites a run). */
const runRowsCache = new Map<string, Promise<Set<string>>>();

function runRows(d: LedgerlineDb, runId: string): Promise<Set<string>> {
  let found = runRowsCache.get(runId);
  if (!found) {
    found = (async () => {
      // One read each (getAll), not a cursor step per row.
      const [changes, run] = await Promise.all([d.changes.where('runId').equals(runId).toArray(), d.syncRuns.get(runId)]);
      const ids = new Set(changes.filter((c) => c.kind !== 'removed').map((c) => c.txId));
      // A first sync applied as a stream records no change per row: its rows are the ones it brought.
      if (run && run.fromCursor === null && changes.length === 0) {
        for (const t of await d.transactions.where('connectionId').equals(run.connectionId).toArray()) {
          if (t.firstSeenAt <= run.finishedAt) ids.add(t.id);
        }
      }
      return ids;
    })();
    runRowsCache.set(runId, found);
  }
  return found;
}

async function applyChange(d: LedgerlineDb, change: IndexChange): Promise<void> {
  runRowsCache.clear();
  if ('all' in change) {
    await loadAll(d);
  } else {
    const ids = [...change.ids];
    const rows = await d.transactions.bulkGet(ids);
    const upserts: IndexedTx[] = [];
    for (const row of rows) {
      const tx = row ? indexRow(row) : null;
      if (tx) upserts.push(tx);
    }
    const changed = await changedIds(d);
    index.apply(ids, upserts);
    index.setChanged(changed);
  }
  post({ type: 'changed', size: index.size });
}

function failure(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function init(dbName: string): void {
  if (db) return;
  const d = openDb(dbName);
  db = d;
  ready = loadAll(d).then(() => post({ type: 'ready', size: index.size }));
  ready.catch((e: unknown) => post({ type: 'failed', seq: null, message: failure(e) }));
  queue = ready.catch(() => undefined);
  const channel = new BroadcastChannel(indexChannelName(dbName));
  channel.onmessage = (event: MessageEvent<IndexChange>) => {
    const change = event.data;
    queue = queue.then(() => applyChange(d, change)).catch((e: unknown) => post({ type: 'failed', seq: null, message: failure(e) }));
  };
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    init(message.dbName);
    return;
  }
  const d = db;
  if (!d) {
    post({ type: 'failed', seq: message.seq, message: 'The ledger index was not started.' });
    return;
  }
  // Answered once loaded, from the index as it stands: a change is swapped in whole (see loadAll,
  // applyChange), so a search never sees half of one.
  void (ready ?? Promise.resolve()).then(async () => {
    if (message.type === 'search') {
      const run = message.filter.changedInRun;
      const inRun = run ? await runRows(d, run.runId) : undefined;
      post({ type: 'search', seq: message.seq, result: index.search(message.filter, parseSearch(message.filter.text), inRun) });
    } else {
      const accounts = await d.accounts.toArray();
      post({ type: 'insights', seq: message.seq, result: computeInsights(index.all(), accounts, message.request) });
    }
  }).catch((e: unknown) => post({ type: 'failed', seq: message.seq, message: failure(e) }));
};
