import { demoSimulator, httpControl, inProcessControl, type DemoBankControl } from '../../../../../electron/providers/demoControls';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../../../../../electron/providers/adapter';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import {
  SNAPTRADE_SITUATIONS, SNAPTRADE_USER_ID_KEY, SNAPTRADE_USER_SECRET_KEY, setupSnaptradeDemo,

} from '../../../../../electron/providers/snaptrade/snaptradeDemo';
import { startSnaptradeBank, type SnaptradeBank, type SnaptradeFaultPlan } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { createLogger, type Logger } from '../../../../../electron/core/logger';
import { memoryStore, type SecretStore } from '../../../../../electron/core/secretStore';
import type { DemoAction } from '../../../../../shared/ipc/contract';
import { CLIENT_ID, CONSUMER_KEY } from '../../../../support/providers/snaptradeFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Demo mode's SnapTrade connection, made through SnapTrade's own flow against the demo service.
const RETRY: RetryPolicy = { attempts: 2, baseMs: 1, capMs: 2 };

let dir: string;
let bank: SnaptradeBank;
let connections: ConnectionStore;
let secrets: SecretStore;
let logger: Logger;
const logLines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'snaptrade-demo-'));
  bank = await startSnaptradeBank({ seed: 2024, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, profile: { historyDays: 45 }, rateLimitPerMinute: null });
  connections = openConnectionStore(dir);
  secrets = memoryStore('test');
  logLines.length = 0;
  logger = createLogger({ file: path.join(dir, 'ledgerline.log'), echo: (line) => logLines.push(line) });
});
afterEach(async () => {
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

const setup = (target: SnaptradeBank = bank) =>
  setupSnaptradeDemo({ baseUrl: target.url, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, connections, secrets, logger, timeoutMs: 5_000, retry: RETRY });

const demoConnections = () => connections.list().filter((c) => c.provider === 'snaptrade' && c.demo);

function pullDemo(adapter: ProviderAdapter) {
  const [c] = demoConnections();
  if (!c) throw new Error('no demo connection');
  return pullFolded((sink) => adapter.pull({ connectionId: c.id, externalId: c.externalId, accessToken: null, cursor: null }, sink));
}

describe('setupSnaptradeDemo', () => {
  it('registers a user, connects through the portal, and keeps the user secret in the keychain only', async () => {
    const { adapter } = await setup();
    const [c] = demoConnections();
    expect(c).toMatchObject({ provider: 'snaptrade', institutionName: 'Demo Brokerage', institutionId: 'DEMO-BROKERAGE', demo: true });
    expect(bank.authorizations().map((a) => a.id)).toEqual([c?.externalId]);
    expect(adapter.perConnectionToken).toBe(false);

    const secret = await secrets.get(SNAPTRADE_USER_SECRET_KEY);
    expect(secret).toBeTruthy();
    expect(bank.issuedSecrets()).toContain(secret);
    expect(bank.authorizations()[0]?.user_id).toBe(await secrets.get(SNAPTRADE_USER_ID_KEY));

    const pulled = await pullDemo(adapter);
    expect(pulled.kind === 'update' && pulled.update.upserts.length).toBeGreaterThan(10);

    // No secret the service issued or accepted — user secret, portal token, consumer key — is in a file or the log.
    const files = readFileSync(path.join(dir, 'connections.json'), 'utf8') + readFileSync(path.join(dir, 'ledgerline.log'), 'utf8') + logLines.join('\n');
    for (const s of bank.issuedSecrets()) expect(files).not.toContain(s);
  });

  it('is idempotent: a second start reuses the user and the connection', async () => {
    await setup();
    const first = demoConnections();
    const secret = await secrets.get(SNAPTRADE_USER_SECRET_KEY);
    await setup();
    expect(demoConnections()).toEqual(first);
    expect(bank.authorizations()).toHaveLength(1);
    expect(await secrets.get(SNAPTRADE_USER_SECRET_KEY)).toBe(secret);
  });

  it('adopts the user\'s existing connection when the registry lost it', async () => {
    await setup();
    const [lost] = demoConnections();
    connections.remove(lost?.id ?? '');
    await setup();
    expect(demoConnections().map((c) => c.externalId)).toEqual([lost?.externalId]);
    expect(bank.authorizations()).toHaveLength(1);
  });

  it('starts over when the demo service no longer knows the stored user', async () => {
    await setup();
    const [old] = demoConnections();
    const oldUser = await secrets.get(SNAPTRADE_USER_ID_KEY);
    const forgetful = await startSnaptradeBank({ seed: 2024, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, profile: { historyDays: 45 }, rateLimitPerMinute: null });
    try {
      const { adapter } = await setup(forgetful);
      const [fresh] = demoConnections();
      expect(demoConnections()).toHaveLength(1);
      expect(fresh?.id).not.toBe(old?.id);
      expect(await secrets.get(SNAPTRADE_USER_ID_KEY)).not.toBe(oldUser);
      expect((await pullDemo(adapter)).kind).toBe('update');
    } finally {
      await forgetful.close();
    }
  });
});

describe('SnapTrade demo situations', () => {
  const cases: [string, (b: SnaptradeBank) => DemoBankControl<SnaptradeFaultPlan>][] = [
    ['in process', (b) => inProcessControl(b)],
    ['over the admin API', (b) => httpControl<SnaptradeFaultPlan>(b.url, 'authorization_id')],
  ];
  it.each(cases)('drives every situation %s, each with a message for the user', async (_how, controlFor) => {
    const { adapter } = await setup();
    const control = controlFor(bank);
    const [c] = demoConnections();
    const id = c?.externalId ?? '';
    const act = async (action: DemoAction) => {
      const message = await demoSimulator(control, SNAPTRADE_SITUATIONS)(id, action);
      expect(message.length).toBeGreaterThan(20);
      return pullDemo(adapter);
    };
    const before = bank.truth(id);
    expect((await act('new_activity')).kind).toBe('update');
    expect(bank.truth(id)).not.toEqual(before);
    expect(await act('login_required')).toMatchObject({ kind: 'error', error: { code: 'needs_reauth', message: expect.stringMatching(/reconnect/) } });
    expect(await act('repair')).toMatchObject({ kind: 'update' });
    expect(await act('bank_outage')).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable' } });
    expect(await act('rate_limit')).toMatchObject({ kind: 'error', error: { code: 'rate_limited' } });
    // Repair re-enables the connection and clears whatever situation was running.
    expect(await act('repair')).toMatchObject({ kind: 'update' });
  });
});
