import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaidBank, type PlaidBank } from '../../../../../electron/demo-banks/plaid/plaidBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { buildSandboxDriver } from '../../../../../electron/providers/registry';
import { createLinkFlows, type LinkFlows } from '../../../../../electron/services/link/linkFlows';
import { createLogger } from '../../../../../electron/core/logger';
import { memoryStore, accessTokenKey, type SecretStore } from '../../../../../electron/core/secretStore';
import type { ProviderProfile } from '../../../../../electron/providers/provider';

// Plaid's sandbox shortcut: a test item without a sign-in page, through the same registry.
const clientId = 'sandbox-link-client';
const secret = 'sandbox-link-secret-2468';
let bank: PlaidBank;
let dir: string;
let connections: ConnectionStore;
let secrets: SecretStore;
let flows: LinkFlows;
const deps = () => ({ secrets, logger: createLogger(), retry: { attempts: 2, baseMs: 1, capMs: 5 }, timeoutMs: 10_000 });
const profile = (environment: 'sandbox' | 'production'): ProviderProfile => ({ provider: 'plaid', environment, clientId, secret, baseUrl: bank.plaidUrl });

beforeAll(async () => {
  bank = await startPlaidBank({ seed: 2468, clientId, secret, tickIntervalMs: null, profile: { historyDays: 10 } });
  dir = mkdtempSync(join(tmpdir(), 'ledgerline-sandboxlink-'));
  connections = openConnectionStore(dir);
  secrets = { ...memoryStore('test keychain'), available: true };
  flows = createLinkFlows({ driverFor: async () => buildSandboxDriver(profile('sandbox'), deps()), connections, secrets, logger: createLogger(), onChange: () => undefined });
});
afterAll(async () => {
  await flows.close();
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Add a Plaid sandbox connection (no sign-in)', () => {
  it('adds a test item directly, its token in the keychain, with no page to open', async () => {
    const started = await flows.start('plaid', null, true);
    expect(started).toMatchObject({ url: '', opened: false });
    const status = await flows.status(started.flowId);
    expect(status).toMatchObject({ state: 'linked' });
    const record = connections.get(status.connectionId ?? '');
    expect(record).toMatchObject({ provider: 'plaid', institutionId: 'ins_109508', demo: false });
    expect(bank.items().map((i) => i.item_id)).toEqual([record?.externalId]);
    expect(await secrets.get(accessTokenKey(record?.id ?? ''))).toMatch(/^access-sandbox-/);
  });

  it('refuses a second one to the same accounts, and the bank forgets the extra item', async () => {
    const started = await flows.start('plaid', null, true);
    expect(await flows.status(started.flowId)).toMatchObject({ state: 'duplicate' });
    expect(connections.list()).toHaveLength(1);
    expect(bank.items()).toHaveLength(1);
  });

  it('exists only for Plaid in its sandbox environment', () => {
    expect(() => buildSandboxDriver(profile('production'), deps())).toThrow(/only for Plaid in its sandbox/);
    expect(() => buildSandboxDriver({ ...profile('sandbox'), provider: 'moneykit' }, deps())).toThrow(/only for Plaid/);
  });
});
