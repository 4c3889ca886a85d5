import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../renderer/src/db/schema';
import { reconcileConnections } from '../../../../renderer/src/sync/launchSync';
import { meta, tx, update } from '../../../support/db/fixtures';

describe('reconcileConnections', () => {
  it('purges a demo connection main no longer lists, with everything a sync stored for it (balance checks included), in one transaction', async () => {
    const db = openDb(`launch-${crypto.randomUUID()}`);
    await db.open();
    await db.connections.put({ id: 'c1', provider: 'plaid', institutionName: 'Bank', demo: true, createdAt: '2026-11-01T00:00:00Z' });
    await applyUpdate(db, update(null, 'K1', [tx('plaid:a'), tx('plaid:b')]), meta);
    await applyUpdate(db, update('K1', 'K2', [tx('plaid:c')]), meta);
    expect(await db.balances.count()).toBeGreaterThan(0);
    expect(await db.balanceChecks.count()).toBeGreaterThan(0);

    expect(await reconcileConnections(db, [])).toEqual(['c1']);
    for (const table of [db.connections, db.cursors, db.accounts, db.transactions, db.syncRuns, db.changeSets, db.balances, db.balanceChecks]) {
      expect(await table.count(), table.name).toBe(0);
    }
    db.close();
  });
});
