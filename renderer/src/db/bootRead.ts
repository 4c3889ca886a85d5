/**
 * The boot read: what the first screen needs (the connections' cursors, which carry the list's
 * total; the newest page through `listKey`; the accounts), read in one read-only transaction as
 * soon as the page starts — before the app's bundle has compiled and run. It runs from its own
 * small script (boot.ts, placed before the bundle in index.html by vite.config.ts), so the
 * database's open, which takes 100–500 ms at 100k rows, overlaps the bundle's load and evaluation
 * instead of following them; traced at start, the rows were ready ~250 ms after the bundle ran.
 *
 * Hand-written on plain IndexedDB on purpose: Dexie is in the bundle this read runs ahead of. It
 * only reads, and it steps aside whenever the database is not exactly the one this code declares:
 *   - no database yet (a new install): the open's upgrade is aborted, which creates nothing (the
 *     app's own open then creates it as usual);
 *   - a database of another version (an upgrade pending, or a newer app's): no read; the app's
 *     Dexie read (warmStart.ts) answers after the upgrade instead;
 *   - its connection closes as soon as the read is queued (it never blocks the app's upgrade).
 * Any failure answers null: the boot read is only a head start, never the source of truth.
 */
import type { AccountRow, CursorRow, TransactionRow } from './schema';

export interface BootRead {
  cursors: readonly CursorRow[];
  /** The newest rows through `listKey`, newest first (at most the page size asked for). */
  rows: readonly TransactionRow[];
  accounts: readonly AccountRow[];
}

const STORES = ['cursors', 'transactions', 'accounts'] as const;

/**
 * Reads database `name` as it stands if its version is `schemaVersion` (as Dexie declares it: the
 * native version is ten times it, plus at most the patches Dexie applies to a current schema).
 */
export function readAtBoot(name: string, schemaVersion: number, pageSize: number): Promise<BootRead | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    // Only a database that does not exist yet is "upgraded" by an open without a version.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = (event) => {
      event.preventDefault();
      resolve(null);
    };
    request.onsuccess = () => {
      const db = request.result;
      if (Math.floor(db.version / 10) !== schemaVersion || !STORES.every((store) => db.objectStoreNames.contains(store))) {
        db.close();
        resolve(null);
        return;
      }
      try {
        const tx = db.transaction(STORES, 'readonly');
        const cursors = tx.objectStore('cursors').getAll();
        const accounts = tx.objectStore('accounts').getAll();
        const rows: TransactionRow[] = [];
        const newest = tx.objectStore('transactions').index('listKey').openCursor(null, 'prev');
        newest.onsuccess = () => {
          const cursor = newest.result;
          if (!cursor) return;
          rows.push(cursor.value as TransactionRow);
          if (rows.length < pageSize) cursor.continue();
        };
        tx.oncomplete = () => resolve({ cursors: cursors.result as CursorRow[], rows, accounts: accounts.result as AccountRow[] });
        tx.onabort = () => resolve(null);
      } catch {
        resolve(null); // e.g. a store without the `listKey` index
      } finally {
        db.close(); // takes effect once the transaction has finished
      }
    };
  });
}
