import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOG } from '../../../../shared/categories/customCategories';
import { createCustomCategory, updateCustomCategory } from '../../../../renderer/src/db/customCategories';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { catalogStore } from '../../../../renderer/src/hooks/useCategoryCatalog';

// The live catalog every picker and row reads: one subscription per database, the built-in set
// until the first read, and a new catalog on every write to the user's categories.
let db: LedgerlineDb | null = null;
afterEach(() => db?.close());

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('the live category catalog', () => {
  it('starts with the built-in set and follows creates and renames; one store per database', async () => {
    db = openDb('catalog-store-1');
    const store = catalogStore(db);
    expect(catalogStore(db)).toBe(store);
    expect(store.getSnapshot()).toBe(BUILT_IN_CATALOG);
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    await until(() => calls > 0);
    const c = await createCustomCategory(db, { name: 'Date night', parentId: 'dining' });
    await until(() => store.getSnapshot().label(c.id) === 'Date night');
    expect(store.getSnapshot().path(c.id)).toBe('Dining out › Date night');
    await updateCustomCategory(db, c.id, { name: 'Evenings' });
    await until(() => store.getSnapshot().label(c.id) === 'Evenings');
    unsubscribe();
  });
});
