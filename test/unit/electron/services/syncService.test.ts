import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConnectionStore } from '../../../../electron/core/connectionStore';
import { createLogger } from '../../../../electron/core/logger';
import { memoryStore, accessTokenKey } from '../../../../electron/core/secretStore';
import { createSyncService } from '../../../../electron/services/syncService';
import type { ProviderAdapter } from '../../../../electron/providers/adapter';
import type { PullResult } from '../../../../shared/types';

// Main's sync service: one pull per connection at a time, and the status a user sees.
// (The keychain here is in memory: this test is about scheduling, not secrets.)
async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-sync-'));
  const connections = openConnectionStore(dir);
  const c = connections.add({ provider: 'plaid', institutionName: 'Bank', institutionId: null, demo: true, externalId: 'item' });
  const secrets = memoryStore('test');
  await secrets.set(accessTokenKey(c.id), 'access-sandbox-x');
  const pulls: (string | null)[] = [];
  let release: (r: PullResult) => void = () => undefined;
  const adapter: ProviderAdapter = {
    perConnectionToken: true,
    pull: (input) => {
      pulls.push(input.cursor);
      return new Promise<PullResult>((resolve) => (release = resolve));
    },
    refresh: async () => ({ requested: true, message: null, availableAt: null }),
    remove: async () => ({ kind: 'removed', alreadyGone: false }),
  };
  let changes = 0;
  const service = createSyncService({ connections, secrets, adapterFor: () => adapter, logger: createLogger(), onChange: () => changes++ });
  return { c, connections, service, pulls, release: (r: PullResult) => release(r), changes: () => changes, dir };
}
const waiting: PullResult = { kind: 'waiting', message: 'later', retryAt: '2026-11-21T12:00:00.000Z' };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('sync service', () => {
  it('joins a second pull from the same cursor instead of pulling twice', async () => {
    const s = await setup();
    const a = s.service.pull({ connectionId: s.c.id, cursor: 'K1', trigger: 'launch' });
    const b = s.service.pull({ connectionId: s.c.id, cursor: 'K1', trigger: 'manual' });
    await tick();
    s.release(waiting);
    expect(await a).toBe(await b);
    expect(s.pulls).toEqual(['K1']);
  });

  it('queues a pull from another cursor behind the running one', async () => {
    const s = await setup();
    const a = s.service.pull({ connectionId: s.c.id, cursor: 'K1', trigger: 'launch' });
    const b = s.service.pull({ connectionId: s.c.id, cursor: 'K2', trigger: 'manual' });
    await tick();
    expect(s.pulls).toEqual(['K1']);
    s.release(waiting);
    await a;
    await tick();
    expect(s.pulls).toEqual(['K1', 'K2']);
    s.release(waiting);
    await b;
  });

  it('shows syncing, then the error state, and ok once the renderer reports the update applied', async () => {
    const s = await setup();
    const p = s.service.pull({ connectionId: s.c.id, cursor: null, trigger: 'launch' });
    await tick();
    expect(s.connections.get(s.c.id)?.status.state).toBe('syncing');
    s.release({ kind: 'error', error: { code: 'needs_reauth', message: 'sign in', retryAt: null, requestId: null } });
    await p;
    expect(s.connections.get(s.c.id)?.status).toMatchObject({ state: 'needs_reauth', message: 'sign in' });
    s.service.report({ connectionId: s.c.id, outcome: 'applied', message: null });
    expect(s.connections.get(s.c.id)?.status).toMatchObject({ state: 'ok', message: null, lastSuccessAt: expect.any(String) });
    expect(s.changes()).toBeGreaterThanOrEqual(3);
    // the status survives a restart of main
    expect(openConnectionStore(s.dir).get(s.c.id)?.status.state).toBe('ok');
  });

  it('sync:pull folds the pages the adapter hands its sink into the update it returns', async () => {
    const s = await setup();
    const row = (id: string, amountMinor: number) => ({
      id, connectionId: s.c.id, accountId: 'plaid:a', amountMinor, currency: 'USD', date: '2026-11-01',
      authorizedDate: null, description: id, merchant: null, category: null, pending: false, pendingId: null,
    });
    const header = { pullId: 'p1', connectionId: s.c.id, fromCursor: 'K1', nextCursor: 'K2', accounts: [], upserts: [], removals: [], replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 2, restarts: 1 };
    const paging: ProviderAdapter = {
      perConnectionToken: false,
      pull: async (_input, sink) => {
        await sink.page([row('plaid:t0', -1)], []);
        await sink.restart();
        await sink.page([row('plaid:t1', -1), row('plaid:t2', -2)], []);
        await sink.page([row('plaid:t1', -5)], ['plaid:t2']);
        return { kind: 'update', update: header };
      },
      refresh: async () => ({ requested: true, message: null, availableAt: null }),
      remove: async () => ({ kind: 'removed', alreadyGone: false }),
    };
    const service = createSyncService({ connections: s.connections, secrets: memoryStore('test'), adapterFor: () => paging, logger: createLogger(), onChange: () => undefined });
    const r = await service.pull({ connectionId: s.c.id, cursor: 'K1', trigger: 'manual' });
    expect(r.kind === 'update' && [r.update.upserts.map((t) => [t.id, t.amountMinor]), r.update.removals, r.update.nextCursor]).toEqual([[['plaid:t1', -5]], ['plaid:t2'], 'K2']);
  });

  it('says so plainly when the keychain has no token for the connection', async () => {
    const s = await setup();
    const other = s.connections.add({ provider: 'plaid', institutionName: 'Other', institutionId: null, demo: false, externalId: 'i2' });
    const r = await s.service.pull({ connectionId: other.id, cursor: null, trigger: 'launch' });
    expect(r).toMatchObject({ kind: 'error', error: { code: 'internal', message: expect.stringMatching(/No access token for Other/) } });
  });
});
