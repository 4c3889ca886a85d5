/**
 * The renderer's handle on the ledger index worker: the interface other views (insights, export)
 * use, and its one implementation. Created once per window (main.tsx) and provided through
 * LedgerIndexContext.
 */
import { createContext, useContext } from 'react';
import type { Budget, BudgetRequest } from '../budgets/computeBudget';
import type { Insights, InsightsRequest } from '../insights/computeInsights';
import type { NetWorth, NetWorthRequest } from '../netWorth/computeNetWorth';
import type { Patterns, PatternsRequest } from '../ledger/patterns';
import type { TxFilter } from '../search/filter';
import type { FromWorker, ToWorker } from './protocol';
import type { SearchResult } from './types';

export interface LedgerIndexClient {
  /** Resolves once the index holds every stored transaction. */
  ready(): Promise<void>;
  search(filter: TxFilter): Promise<SearchResult>;
  insights(request: InsightsRequest): Promise<Insights>;
  budget(request: BudgetRequest): Promise<Budget>;
  netWorth(request: NetWorthRequest): Promise<NetWorth>;
  /** Transfers and recurring series as of `today` (renderer/src/ledger/patterns.ts). */
  patterns(request: PatternsRequest): Promise<Patterns>;
  /**
   * Called whenever the index changed (a sync, an edit, a rule: `changed`) or finished its first
   * load (`ready`: every row indexed, none changed): views re-query. Returns unsubscribe.
   */
  subscribe(listener: (why: 'ready' | 'changed') => void): () => void;
}

export const LedgerIndexContext = createContext<LedgerIndexClient | null>(null);

export function useLedgerIndex(): LedgerIndexClient {
  const value = useContext(LedgerIndexContext);
  if (!value) throw new Error('useLedgerIndex() needs a <LedgerIndexContext> above it.');
  return value;
}

type Answer = SearchResult | Insights | Budget | NetWorth | Patterns;

interface Pending {
  resolve(value: Answer): void;
  reject(error: Error): void;
}

/** The part of a Worker the client uses (tests may pass another implementation). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

export function startIndexWorker(): Worker {
  return new Worker(new URL('./ledgerIndex.worker.ts', import.meta.url), { type: 'module', name: 'ledger-index' });
}

/** The longest the index waits for an idle moment before it starts loading. */
const START_WITHIN_MS = 300;

/** Connects to an index worker over the database `dbName`. */
export function createLedgerIndexClient(dbName: string, worker: WorkerLike = startIndexWorker()): LedgerIndexClient {
  let seq = 0;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(why: 'ready' | 'changed') => void>();
  let markReady: () => void = () => undefined;
  let markFailed: (e: Error) => void = () => undefined;
  const readyPromise = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  readyPromise.catch(() => undefined); // observed by whoever calls ready()

  const fail = (message: string) => {
    const error = new Error(`The search index failed: ${message}`);
    markFailed(error);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    switch (m.type) {
      case 'ready':
        markReady();
        for (const l of listeners) l('ready');
        return;
      case 'changed':
        for (const l of listeners) l('changed');
        return;
      case 'failed':
        if (m.seq === null) {
          fail(m.message);
        } else {
          pending.get(m.seq)?.reject(new Error(m.message));
          pending.delete(m.seq);
        }
        return;
      default:
        pending.get(m.seq)?.resolve(m.result);
        pending.delete(m.seq);
    }
  });
  worker.addEventListener('error', (event: ErrorEvent) => fail(event.message || 'the worker stopped'));
  // The worker's full read competes with the list's first page for IndexedDB: it starts once the
  // window is idle after the first paint (or at the first question, whichever comes first).
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    worker.postMessage({ type: 'init', dbName });
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: START_WITHIN_MS });
  else setTimeout(start, 0);

  function ask<T extends Answer>(message: (seq: number) => ToWorker): Promise<T> {
    start();
    const n = ++seq;
    return new Promise<T>((resolve, reject) => {
      pending.set(n, { resolve: resolve as (value: Answer) => void, reject });
      worker.postMessage(message(n));
    });
  }

  return {
    ready: () => readyPromise,
    search: (filter) => ask<SearchResult>((n) => ({ type: 'search', seq: n, filter: { ...filter, accountIds: [...filter.accountIds], categories: [...filter.categories] } })),
    insights: (request) => ask<Insights>((n) => ({ type: 'insights', seq: n, request })),
    budget: (request) => ask<Budget>((n) => ({ type: 'budget', seq: n, request })),
    netWorth: (request) => ask<NetWorth>((n) => ({ type: 'netWorth', seq: n, request })),
    patterns: (request) => ask<Patterns>((n) => ({ type: 'patterns', seq: n, request })),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
