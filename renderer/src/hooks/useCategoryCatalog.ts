/**
 * The category catalog (the built-in set plus the user's own categories), live: one IndexedDB
 * subscription per database however many rows and pickers read it, shared through a small
 * external store (as useRules does). Until the first read answers it is the built-in set alone.
 */
import { liveQuery, type Subscription } from 'dexie';
import { useSyncExternalStore } from 'react';
import { BUILT_IN_CATALOG, buildCatalog, isCustomCategory, type CategoryCatalog } from '../../../shared/categories/customCategories';
import type { LedgerlineDb } from '../db/schema';
import { useLedgerline } from './useLedgerline';

class CatalogStore {
  snapshot: CategoryCatalog = BUILT_IN_CATALOG;
  private readonly listeners = new Set<() => void>();
  private subscription: Subscription | null = null;

  constructor(private readonly db: LedgerlineDb) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.subscription === null) {
      this.subscription = liveQuery(() => this.db.customCategories.toArray()).subscribe({
        next: (rows) => {
          this.snapshot = buildCatalog(rows.filter(isCustomCategory));
          for (const l of this.listeners) l();
        },
        // A table that cannot be read leaves the built-in set: every row still shows a category.
        error: () => undefined,
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

  getSnapshot = (): CategoryCatalog => this.snapshot;
}

const stores = new WeakMap<LedgerlineDb, CatalogStore>();

/** The one store per database (exported for its unit test; components use the hook). */
export function catalogStore(db: LedgerlineDb): { subscribe: (listener: () => void) => () => void; getSnapshot: () => CategoryCatalog } {
  return storeFor(db);
}

function storeFor(db: LedgerlineDb): CatalogStore {
  let store = stores.get(db);
  if (!store) {
    store = new CatalogStore(db);
    stores.set(db, store);
  }
  return store;
}

export function useCategoryCatalog(): CategoryCatalog {
  const { db } = useLedgerline();
  const store = storeFor(db);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
