import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../renderer/src/db/schema';
import type { QueryClient } from '@tanstack/react-query';
import { importMarkerKey } from '../../../../renderer/src/db/applyStream';
import { storedRow } from '../../../../renderer/src/db/apply/writeRows';
import { launchSync, reconcileConnections } from '../../../../renderer/src/sync/launchSync';
import type { SyncActivity } from '../../../../renderer/src/sync/syncActivity';
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

describe('launchSync', () => {
  it('undoes a first sync the last session cut short (its rows and marker) before it syncs anything', async () => {
    const db = openDb(`launch-${crypto.randomUUID()}`);
    const at = '2026-11-01T00:00:00Z';
    await db.transactions.bulkPut([tx('plaid:a'), tx('plaid:b')].map((t) => storedRow(t, {}, at, at)));
    await db.meta.put({ key: importMarkerKey('c1'), value: JSON.stringify({ token: 'crashed', startedAt: at }) });
    const rowsWhenSyncing: number[] = [];
    const activity = {
      sync: async () => void rowsWhenSyncing.push(await db.transactions.count()),
      reportProblem: () => undefined,
    } as unknown as SyncActivity;
    const queryClient = { fetchQuery: async () => [{ id: 'c1', provider: 'plaid', institutionName: 'Bank', demo: true, createdAt: at, status: null }] } as unknown as QueryClient;
    await launchSync({ db, activity, queryClient });
    expect(rowsWhenSyncing).toEqual([0]);
    expect(await db.meta.get(importMarkerKey('c1'))).toBeUndefined();
    db.close();
  });
});
