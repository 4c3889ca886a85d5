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
import { computeBudget, type BudgetRequest } from '../budgets/computeBudget';
import { budgetTransferIds } from '../budgets/transferIds';
import { readBudgetSettings } from '../db/budgets';
import { computeInsights } from '../insights/computeInsights';
import { computeNetWorth, type NetWorthRequest } from '../netWorth/computeNetWorth';
import { localDate } from '../../../shared/isoDate';
import { patternsFrom, type Patterns, type PatternsRequest } from '../ledger/patterns';
import { resolveTransfers, type ResolvedTransfer } from '../ledger/transfers';
import { parseSearch } from '../../../shared/search/parseSearch';
import { rulesByKey, type RulesByKey } from '../../../shared/categories/rules';
import { LEDGER_SEQ_KEY } from '../db/apply/runRecorder';
import { runChanges, runsChanges } from '../db/changeLog';
import { openDb, type LedgerlineDb, type TransactionRow } from '../db/schema';
import { categoryLabel, categoryOf, readCatalog } from './categoryOf';
import { BUILT_IN_CATALOG, type CategoryCatalog } from '../../../shared/categories/customCategories';
import { LedgerIndex, toIndexed } from './ledgerIndex';
import { indexChannelName, type FromWorker, type IndexChange, type ToWorker } from './protocol';
import type { IndexedTx } from './types';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Rows read per keyset chunk: small first, so the newest rows (what a search right after start
 * shows first) are indexed within a few milliseconds, then no more than 1,000. Each chunk is one
 * task the worker cannot leave: Chromium deserializes a getAll's rows in its success event, about
 * 25 ms per 1,000 rows here, and a search typed meanwhile waits for it. With 5,000-row chunks a
 * keystroke right after start waited up to ~250 ms for the load (bench/RESULTS.md, session 9);
 * 100k rows now take about 100 reads instead of 25, each a few ms of round trip.
 */
const CHUNKS = [500, 1_000] as const;
const chunkSize = (n: number): number => CHUNKS[Math.min(n, CHUNKS.length - 1)] as number;

let index = new LedgerIndex();
/**
 * The index being built by the first load at start, newest rows first: until it is complete,
 * searches answer from it (marked incomplete) instead of waiting seconds for every row.
 */
let loading: LedgerIndex | null = null;
/** Settles once the first load has indexed its first chunk (or ended): partial answers wait for it. */
let firstRows: Promise<void> = Promise.resolve();
let markFirstRows: () => void = () => undefined;
let db: LedgerlineDb | null = null;
/**
 * The ledger sequence number (apply/runRecorder.ts nextLedgerSeq) the index is known to be
 * complete up to: a sync's rows are taken as they are only when their number is the next one.
 */
let seenSeq: number | null = null;
let ready: Promise<void> | null = null;
/** Changes are applied one at a time, in order, after the initial load. */
let queue: Promise<void> = Promise.resolve();
/** The user's category rules; re-read on every full load (a rule change notifies `{ all: true }`). */
let rules: RulesByKey = new Map();
/** The user's own categories' names; re-read on every full load (a rename or merge notifies `{ all: true }`). */
let catalog: CategoryCatalog = BUILT_IN_CATALOG;

const post = (message: FromWorker): void => self.postMessage(message);

function indexRow(row: TransactionRow): IndexedTx | null {
  const category = categoryOf(row, rules);
  return toIndexed(row, category, categoryLabel(category, catalog));
}

/**
 * Builds a whole new index and swaps it in at the end: searches meanwhile answer from the old one
 * — or, on the first load (`first`), from the part built so far (see `loading`).
 */
async function loadAll(d: LedgerlineDb, first = false): Promise<void> {
  const next = new LedgerIndex();
  if (first) loading = next; // before any await: a search that comes meanwhile waits for its first rows
  // Read before any row: every update numbered up to it is in the rows read after.
  const seqAtStart = await ledgerSeq(d);
  rules = rulesByKey(await d.rules.toArray());
  catalog = await readCatalog(d);
  let after: string | null = null;
  for (let n = 0; ; n++) {
    const range = after === null ? d.transactions.where('listKey').above('') : d.transactions.where('listKey').below(after);
    const size = chunkSize(n);
    const rows: TransactionRow[] = await range.reverse().limit(size).toArray();
    const batch: IndexedTx[] = [];
    for (const row of rows) {
      const tx = indexRow(row);
      if (tx) batch.push(tx);
    }
    next.append(batch);
    if (first) markFirstRows();
    const last = rows[rows.length - 1];
    if (rows.length < size || !last?.listKey) break;
    after = last.listKey;
  }
  next.setChanged(await changedIds(d));
  index = next;
  dropDerived();
  seenSeq = seqAtStart;
  if (first) {
    loading = null;
    markFirstRows();
  }
}

async function ledgerSeq(d: LedgerlineDb): Promise<number> {
  return Number((await d.meta.get(LEDGER_SEQ_KEY))?.value ?? '0');
}

async function changedIds(d: LedgerlineDb): Promise<Set<string>> {
  const connectionIds = await d.connections.toCollection().primaryKeys();
  const runIds: string[] = [];
  for (const connectionId of connectionIds) {
    let latest: { id: string; finishedAt: string } | null = null;
    await d.syncRuns.where('connectionId').equals(connectionId).each((run) => {
      // A file import (db/importFile.ts) is not a sync: "changed in last sync" is about the bank's news.
      if (run.outcome === 'changes' && run.kind !== 'import' && (!latest || run.finishedAt > latest.finishedAt)) latest = { id: run.id, finishedAt: run.finishedAt };
    });
    const found = latest as { id: string; finishedAt: string } | null;
    if (found) runIds.push(found.id);
  }
  const ids = new Set<string>();
  // One getAll per run, not a cursor step per change.
  for (const c of await runsChanges(d, runIds)) {
    if (c.kind !== 'removed') ids.add(c.txId);
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
      const [changes, run] = await Promise.all([runChanges(d, runId), d.syncRuns.get(runId)]);
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

/**
 * Transfers and recurring series, computed once per state of the ledger and the user's answers
 * (and per "today"): every change below drops it, and the next ask recomputes it from the index.
 */
let patternsCache: { today: string; result: Promise<Patterns> } | null = null;

/**
 * The transfer pairs, once per state of the ledger and the user's answers, shared by patterns and
 * budgets (resolving them walks every row: a budget that resolved them per ask took ~290 ms to open at 100k).
 */
let transfersCache: Promise<ResolvedTransfer[]> | null = null;

function transfers(d: LedgerlineDb): Promise<ResolvedTransfer[]> {
  if (!transfersCache) {
    const rows = index.all();
    const result = Promise.all([d.accounts.toArray(), d.transferDecisions.toArray()]).then(([accounts, decisions]) => resolveTransfers(rows, accounts, decisions));
    transfersCache = result;
    result.catch(() => {
      if (transfersCache === result) transfersCache = null;
    });
  }
  return transfersCache;
}

/**
 * Budget and net-worth answers, once per state of the ledger and per what else each reads (the
 * budget settings; the accounts' balances), so opening a view again costs a lookup, not a pass
 * over every row (~100 ms at 100k). Keyed by the request and those inputs as JSON: they are a few
 * small rows, read per ask; the catalog is read only for a pass (a change to it reloads the index,
 * which drops every answer).
 */
const answers = new Map<string, Promise<unknown>>();

function cachedAnswer<T>(key: string, compute: () => Promise<T>): Promise<T> {
  let found = answers.get(key) as Promise<T> | undefined;
  if (!found) {
    const result = compute();
    found = result;
    answers.set(key, result);
    result.catch(() => {
      if (answers.get(key) === result) answers.delete(key);
    });
  }
  return found;
}

async function budgetAnswer(d: LedgerlineDb, request: BudgetRequest) {
  const { assignments, rollovers } = await readBudgetSettings(d);
  return cachedAnswer(`budget ${JSON.stringify([request, assignments, rollovers])}`, async () => {
    // The rows are the index's as it stands when the pass begins (see dropDerived).
    const rows = index.all();
    const [pairs, current] = await Promise.all([transfers(d), readCatalog(d)]);
    return computeBudget(rows, assignments, rollovers, budgetTransferIds(pairs), request, current.categorySet);
  });
}

async function netWorthAnswer(d: LedgerlineDb, request: NetWorthRequest) {
  // Accounts of connections the user removed (kept as read-only history) are not counted.
  const [accounts, connections] = await Promise.all([d.accounts.toArray(), d.connections.toArray()]);
  const removed = new Set(connections.filter((c) => c.removedAt).map((c) => c.id));
  const counted = accounts.filter((a) => !removed.has(a.connectionId));
  return cachedAnswer(`netWorth ${JSON.stringify([request, counted])}`, async () => {
    const rows = index.all();
    return computeNetWorth(rows, counted, request, (await readCatalog(d)).categorySet);
  });
}

/**
 * Once the index has been quiet for WARM_AFTER_MS, this month's budget and today's net worth are
 * worked out ahead, as the views first ask for them: their first open after a sync was 450 ms at
 * 100k (a pass over every row, on code the worker had not run yet), later ones ~100 ms. A search
 * asked meanwhile waits at most one pass. Nothing is kept that the next change would not drop.
 */
const WARM_AFTER_MS = 1_500;
let warmTimer: ReturnType<typeof setTimeout> | null = null;

function warmLater(d: LedgerlineDb): void {
  if (warmTimer !== null) clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    warmTimer = null;
    const today = localDate(new Date());
    budgetAnswer(d, { currency: null, month: today.slice(0, 7) })
      .then(() => netWorthAnswer(d, { today }))
      .catch(() => undefined); // a closed database or a failed pass: the view's own ask reports it
  }, WARM_AFTER_MS);
}

/** Every change to the rows or the user's answers drops what was derived from them. */
function dropDerived(): void {
  patternsCache = null;
  transfersCache = null;
  answers.clear();
  if (db) warmLater(db);
}

function patterns(d: LedgerlineDb, request: PatternsRequest): Promise<Patterns> {
  if (patternsCache?.today !== request.today) {
    const rows = index.all();
    const result = Promise.all([transfers(d), d.recurringDecisions.toArray()])
      .then(([pairs, recurring]) => patternsFrom(rows, pairs, recurring, request));
    patternsCache = { today: request.today, result };
    result.catch(() => {
      if (patternsCache?.result === result) patternsCache = null;
    });
  }
  return patternsCache.result;
}

async function applyChange(d: LedgerlineDb, change: IndexChange): Promise<void> {
  runRowsCache.clear();
  dropDerived();
  if ('decisions' in change) {
    // Only the user's answers changed: no row to re-read.
  } else if ('all' in change) {
    await loadAll(d);
  } else {
    const ids = 'ids' in change ? [...change.ids] : change.rows.map((r) => r.id);
    // A sync's rows as written, when nothing can have committed between the last one seen and
    // them; else (a notice arrived out of order, or was lost) the rows as they are now.
    const next = 'seq' in change && seenSeq !== null && change.seq === seenSeq + 1;
    if ('seq' in change) seenSeq = Math.max(seenSeq ?? 0, change.seq);
    const rows = next && 'rows' in change ? change.rows : await d.transactions.bulkGet(ids);
    const upserts: IndexedTx[] = [];
    for (const row of rows) {
      const tx = row ? indexRow(row) : null;
      if (tx) upserts.push(tx);
    }
    const changed = await changedIds(d);
    index.apply(ids, upserts);
    index.setChanged(changed);
  }
  // Again: an ask that came while the rows were read above computed from the index before them.
  dropDerived();
  post({ type: 'changed', size: index.size });
}

function failure(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function init(dbName: string): void {
  if (db) return;
  const d = openDb(dbName);
  db = d;
  firstRows = new Promise<void>((resolve) => {
    markFirstRows = resolve;
  });
  ready = loadAll(d, true).then(() => post({ type: 'ready', size: index.size }));
  ready.catch((e: unknown) => {
    loading = null;
    markFirstRows();
    post({ type: 'failed', seq: null, message: failure(e) });
  });
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
  // A plain search during the first load answers at once from the rows indexed so far (newest
  // first, so its first rows are final); the client asks again when the index is ready.
  if (message.type === 'search' && loading && !message.filter.changedInRun && !message.filter.changedInLastSync) {
    const { filter, seq } = message;
    void firstRows.then(() => {
      const partial = loading;
      const result = (partial ?? index).search(filter, parseSearch(filter.text));
      post({ type: 'search', seq, result: partial ? { ...result, complete: false } : result });
    }).catch((e: unknown) => post({ type: 'failed', seq, message: failure(e) }));
    return;
  }
  // Otherwise answered once loaded, from the index as it stands: a change is swapped in whole (see
  // loadAll, applyChange), so a search never sees half of one.
  void (ready ?? Promise.resolve()).then(async () => {
    if (message.type === 'search') {
      const run = message.filter.changedInRun;
      const inRun = run ? await runRows(d, run.runId) : undefined;
      post({ type: 'search', seq: message.seq, result: index.search(message.filter, parseSearch(message.filter.text), inRun) });
    } else if (message.type === 'patterns') {
      post({ type: 'patterns', seq: message.seq, result: await patterns(d, message.request) });
    } else if (message.type === 'insights') {
      const [accounts, current] = await Promise.all([d.accounts.toArray(), readCatalog(d)]);
      post({ type: 'insights', seq: message.seq, result: computeInsights(index.all(), accounts, message.request, current.categorySet) });
    } else if (message.type === 'budget') {
      post({ type: 'budget', seq: message.seq, result: await budgetAnswer(d, message.request) });
    } else {
      post({ type: 'netWorth', seq: message.seq, result: await netWorthAnswer(d, message.request) });
    }
  }).catch((e: unknown) => post({ type: 'failed', seq: message.seq, message: failure(e) }));
};
