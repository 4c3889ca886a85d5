/** Reads the app's IndexedDB straight from the page, without Dexie: what is really stored. */
import type { Page } from 'playwright-core';
import type { ChangeRow, ChangeSetRow } from '../../../renderer/src/db/schema';

export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('ledgerline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as T[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/** Every store's contents as one string, for searching — whatever stores the schema has now. */
export async function dumpDatabase(page: Page): Promise<string> {
  const stores = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('ledgerline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const names = [...open.result.objectStoreNames];
          open.result.close();
          resolve(names);
        };
      }),
  );
  const parts = await Promise.all(stores.map(async (s) => JSON.stringify(await readStore(page, s))));
  return parts.join('\n');
}

/**
 * The change log as stored, one ChangeRow per change: db/changeLog.ts packs a run's changes into
 * `changeSets` records (the seq it derives is left out; tests compare by run and row).
 */
export async function readChanges(page: Page): Promise<ChangeRow[]> {
  const sets = await readStore<ChangeSetRow>(page, 'changeSets');
  return sets.flatMap((s) => s.changes.flatMap((c) => (c ? [{ ...c, runId: s.runId, connectionId: s.connectionId }] : [])));
}
