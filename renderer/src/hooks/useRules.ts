/**
 * The user's category rules, live: one IndexedDB subscription per database however many rows and
 * forms read them (every visible list row does), shared through a small external store.
 */
import { liveQuery, type Subscription } from 'dexie';
import { useSyncExternalStore } from 'react';
import type { CategoryRule, RulesByKey } from '../../../shared/categories/rules';
import type { LedgerlineDb } from '../db/schema';
import { useLedgerline } from './useLedgerline';

export interface RulesSnapshot {
  /** By merchant key, as `effectiveCategory` wants them. */
  byKey: RulesByKey;
  /** By merchant label, for lists. */
  list: readonly CategoryRule[];
  /** False until the first read answered. */
  loaded: boolean;
}

const EMPTY: RulesSnapshot = { byKey: new Map(), list: [], loaded: false };

class RulesStore {
  snapshot: RulesSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private subscription: Subscription | null = null;

  constructor(private readonly db: LedgerlineDb) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.subscription === null) {
      this.subscription = liveQuery(() => this.db.rules.toArray()).subscribe({
        next: (rules) => {
          const list = [...rules].sort((a, b) => a.merchantLabel.localeCompare(b.merchantLabel));
          this.snapshot = { byKey: new Map(list.map((r) => [r.merchantKey, r])), list, loaded: true };
          for (const l of this.listeners) l();
        },
        error: () => {
          // A database that cannot be read shows the bank's categories rather than nothing.
          this.snapshot = { ...this.snapshot, loaded: true };
          for (const l of this.listeners) l();
        },
      });
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.subscription?.unsubscribe();
        this.subscription = null;
      }
    };
  };

  getSnapshot = (): RulesSnapshot => this.snapshot;
}

const stores = new WeakMap<LedgerlineDb, RulesStore>();

function storeFor(db: LedgerlineDb): RulesStore {
  let store = stores.get(db);
  if (!store) {
    store = new RulesStore(db);
    stores.set(db, store);
  }
  return store;
}

export function useRules(): RulesSnapshot {
  const { db } = useLedgerline();
  const store = storeFor(db);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
