// A connection's Retry button starts its sync through the one door, SyncActivity.sync, as a 'retry'.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LedgerlineApi } from '../../../../shared/ipc/contract';
import type { SyncTrigger } from '../../../../shared/types';
import type { LedgerlineDb } from '../../../../renderer/src/db/schema';
import { LedgerlineContext } from '../../../../renderer/src/hooks/useLedgerline';
import type { SyncActivity, SyncTarget } from '../../../../renderer/src/sync/syncActivity';
import { useRetrySync } from '../../../../renderer/src/sync/useRetrySync';

describe('useRetrySync', () => {
  it('syncs just that connection, with the retry trigger', async () => {
    const calls: [readonly SyncTarget[], SyncTrigger][] = [];
    const activity = { sync: async (targets, trigger) => void calls.push([targets, trigger]) } as Pick<SyncActivity, 'sync'> as SyncActivity;
    const got: { retry?: (target: SyncTarget) => Promise<void> } = {};
    const Probe = () => {
      got.retry = useRetrySync();
      return null;
    };
    const ledgerline = { api: {} as LedgerlineApi, db: {} as LedgerlineDb, activity };
    renderToStaticMarkup(createElement(LedgerlineContext, { value: ledgerline }, createElement(Probe)));
    await got.retry?.({ id: 'conn_1', institutionName: 'Acorn Bank' });
    expect(got.retry).toBeTypeOf('function');
    expect(calls).toEqual([[[{ id: 'conn_1', institutionName: 'Acorn Bank' }], 'retry']]);
  });
});
