/**
 * Provider settings, demo mode and connection removal end to end: the real services (createServices)
 * with a REAL keychain, the embedded demo banks for demo mode, and a second set of demo banks over
 * HTTP standing in for the real providers (reached through the API-base-URL override with their
 * credentials).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { createMoneykitClient } from '../../electron/providers/moneykit/moneykitClient';
import { createPlaidApi } from '../../electron/providers/plaid/plaidClient';
import { createSnaptradeApi } from '../../electron/providers/snaptrade/snaptradeClient';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import { loadConfig } from '../../electron/services/config';
import { createServices, type Services } from '../../electron/services/createServices';
import { memoryStore, openKeychain, accessTokenKey, type SecretStore } from '../../electron/core/secretStore';
import { SNAPTRADE_LIVE_USER_ID_KEY, SNAPTRADE_LIVE_USER_SECRET_KEY } from '../../electron/providers/snaptrade/snaptradeLive';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/contract';
import type { ConnectionInfo, Provider, PullResult } from '../../shared/types';

// A real Secret Service is needed (gnome-keyring under dbus-run-session, as `npm test` starts it).
const hasBus = process.platform !== 'linux' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

/** The "real" providers' credentials (the demo banks standing in for them). */
const REAL = {
  plaid: { clientId: 'real-plaid-client', secret: `plaid-real-${crypto.randomBytes(12).toString('hex')}` },
  moneykit: { clientId: 'real-moneykit-client', secret: `moneykit-real-${crypto.randomBytes(12).toString('hex')}` },
  snaptrade: { clientId: 'REAL-SNAPTRADE', secret: `snaptrade-real-${crypto.randomBytes(12).toString('hex')}` },
} as const;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ledgerline-${prefix}-`));
}

/** Every file under `dir`, recursively, with its text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, text: fs.readFileSync(file, 'latin1') };
    });
}

async function startServices(dataDir: string, secrets: SecretStore): Promise<{ services: Services; changes: ConnectionInfo[][] }> {
  const config = loadConfig({ LEDGERLINE_DATA_DIR: dataDir, LEDGERLINE_RETRY_BASE_MS: '5', LEDGERLINE_REQUEST_TIMEOUT_MS: '5000', LEDGERLINE_DEMO_SEED: '7' });
  const services = await createServices({ config, host: 'browser', version: 'test', secrets });
  const changes: ConnectionInfo[][] = [];
  services.events.on('connections:changed', (list) => changes.push(list));
  return { services, changes };
}

/** Calls a channel the way both transports do (schema-validated); throws the safe error message. */
async function call<C extends Channel>(services: Services, channel: C, ...payload: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]): Promise<ChannelOutput<C>> {
  const reply = await dispatch(services.handlers, channel, payload[0], services.logger);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as ChannelOutput<C>;
}

/** The pull's update, or a failure naming what the provider said. */
function updateOf(pulled: PullResult) {
  if (pulled.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(pulled)}`);
  return pulled.update;
}

describe.skipIf(!hasBus)('provider settings against demo banks standing in for the real providers (real keychain)', () => {
  let plaidBank: PlaidBank;
  let moneykitBank: MoneykitBank;
  let snaptradeBank: SnaptradeBank;
  let keychain: SecretStore;
  let dataDir: string;
  let services: Services;
  let changes: ConnectionInfo[][];
  const issued: string[] = [];

  const urlOf = (p: Provider) => (p === 'plaid' ? plaidBank.plaidUrl : p === 'moneykit' ? moneykitBank.url : snaptradeBank.url);
  const saveInput = (p: Provider, secret?: string): ChannelInput<'settings:saveProvider'> => ({
    provider: p, environment: 'sandbox', clientId: REAL[p].clientId, baseUrl: urlOf(p), ...(secret === undefined ? {} : { secret }),
  });

  beforeAll(async () => {
    plaidBank = await startPlaidBank({ seed: 11, clientId: REAL.plaid.clientId, secret: REAL.plaid.secret, tickIntervalMs: null });
    moneykitBank = await startMoneykitBank({ seed: 12, clientId: REAL.moneykit.clientId, clientSecret: REAL.moneykit.secret });
    snaptradeBank = await startSnaptradeBank({ seed: 13, clientId: REAL.snaptrade.clientId, consumerKey: REAL.snaptrade.secret, rateLimitPerMinute: null });
    const opened = await openKeychain(`ledgerline-settings-test-${crypto.randomUUID()}`);
    if (!opened.store) throw new Error(`keychain did not open: ${opened.reason}`);
    keychain = opened.store;
    dataDir = tempDir('settings');
    ({ services, changes } = await startServices(dataDir, keychain));
  });

  afterAll(async () => {
    await services?.close();
    await Promise.all([plaidBank?.close(), moneykitBank?.close(), snaptradeBank?.close()]);
    for (const key of ['provider:plaid:secret', 'provider:moneykit:secret', 'provider:snaptrade:secret', SNAPTRADE_LIVE_USER_ID_KEY, SNAPTRADE_LIVE_USER_SECRET_KEY, 'demo:api-secret', 'snaptrade:user-id', 'snaptrade:user-secret']) {
      await keychain?.delete(key);
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts in demo mode with a demo connection per provider and nothing configured', async () => {
    const view = await call(services, 'settings:get');
    expect(view.demoEnabled).toBe(true);
    expect(view.keychain.available).toBe(true);
    for (const p of ['plaid', 'moneykit', 'snaptrade'] as const) expect(view.providers[p]).toMatchObject({ configured: false, clientId: null, secretMask: null, lastTest: null });
    const list: ConnectionInfo[] = await call(services, 'connections:list');
    expect(list.map((c) => [c.provider, c.demo])).toEqual([['plaid', true], ['moneykit', true], ['snaptrade', true]]);
    expect((await call(services, 'app:info')).demo).toBe(true);
  });

  it('configuring the first provider stores the secret in the keychain only and turns demo mode off', async () => {
    const demoPlaid = services.connections.list().find((c) => c.demo && c.provider === 'plaid');
    expect(demoPlaid).toBeDefined();
    expect(await keychain.get(accessTokenKey(demoPlaid?.id ?? ''))).toBeTruthy();

    const view = await call(services, 'settings:saveProvider', saveInput('plaid', REAL.plaid.secret));
    expect(view.providers.plaid).toMatchObject({ configured: true, clientId: REAL.plaid.clientId, secretMask: `••••${REAL.plaid.secret.slice(-4)}`, baseUrl: plaidBank.plaidUrl });
    expect(JSON.stringify(view)).not.toContain(REAL.plaid.secret);
    expect(await keychain.get('provider:plaid:secret')).toBe(REAL.plaid.secret);
    const settingsFile = fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    expect(settingsFile).toContain(REAL.plaid.clientId);
    expect(settingsFile).not.toContain(REAL.plaid.secret);

    expect(view.demoEnabled).toBe(false);
    expect((await call(services, 'app:info')).demo).toBe(false);
    expect(await call(services, 'connections:list')).toEqual([]);
    expect(changes.at(-1)).toEqual([]); // every window heard
    expect(await keychain.get(accessTokenKey(demoPlaid?.id ?? ''))).toBeNull();
  });

  it('Test connection proves each provider\'s keys, and says plainly when they are wrong', async () => {
    await call(services, 'settings:saveProvider', saveInput('moneykit', REAL.moneykit.secret));
    await call(services, 'settings:saveProvider', saveInput('snaptrade', REAL.snaptrade.secret));
    expect(await call(services, 'settings:testProvider', { provider: 'plaid' })).toEqual({ ok: true, message: 'Plaid accepted the keys (sandbox).' });
    expect(await call(services, 'settings:testProvider', { provider: 'moneykit' })).toEqual({ ok: true, message: 'MoneyKit accepted the keys.' });
    expect(await call(services, 'settings:testProvider', { provider: 'snaptrade' })).toEqual({ ok: true, message: 'SnapTrade accepted the keys.' });
    const view = await call(services, 'settings:get');
    for (const p of ['plaid', 'moneykit', 'snaptrade'] as const) expect(view.providers[p].lastTest).toMatchObject({ ok: true });
    expect(view.demoEnabled).toBe(false); // only the first configuration turned it off

    const refused = {
      plaid: 'Plaid refused the client id or secret.',
      moneykit: 'MoneyKit refused the client id or secret.',
      snaptrade: 'SnapTrade refused the client id or consumer key.',
    };
    for (const p of ['plaid', 'moneykit', 'snaptrade'] as const) {
      const wrong = `wrong-${p}-secret-${crypto.randomBytes(6).toString('hex')}`;
      await call(services, 'settings:saveProvider', saveInput(p, wrong));
      const result = await call(services, 'settings:testProvider', { provider: p });
      expect(result).toEqual({ ok: false, message: refused[p] });
      expect((await call(services, 'settings:get')).providers[p].lastTest).toMatchObject({ ok: false, message: refused[p] });
      await call(services, 'settings:saveProvider', saveInput(p, REAL[p].secret));
      // Saved without a secret: the stored one stays.
      await call(services, 'settings:saveProvider', saveInput(p));
      expect(await keychain.get(`provider:${p}:secret`)).toBe(REAL[p].secret);
      expect(await call(services, 'settings:testProvider', { provider: p })).toMatchObject({ ok: true });
    }
    // Another address takes the secret again; plain http only to this computer.
    await expect(call(services, 'settings:saveProvider', { ...saveInput('plaid'), baseUrl: 'http://127.0.0.1:1' }))
      .rejects.toThrow("invalid_input: Changing Plaid's environment or API base URL needs the secret again");
    await expect(call(services, 'settings:saveProvider', { ...saveInput('plaid', REAL.plaid.secret), baseUrl: 'http://collector.example' }))
      .rejects.toThrow('invalid_input: Plaid API base URL: plain http:// is allowed only to this computer');
    expect((await call(services, 'settings:get')).providers.plaid.baseUrl).toBe(plaidBank.plaidUrl);
    // An unreachable address is said plainly too.
    await call(services, 'settings:saveProvider', { ...saveInput('plaid', REAL.plaid.secret), baseUrl: 'http://127.0.0.1:1' });
    expect(await call(services, 'settings:testProvider', { provider: 'plaid' })).toEqual({
      ok: false, message: 'Plaid could not be reached at http://127.0.0.1:1. Check the network and the API base URL.',
    });
    await call(services, 'settings:saveProvider', saveInput('plaid', REAL.plaid.secret));
  });

  it('demo mode comes back on request and goes away again', async () => {
    let view = await call(services, 'settings:setDemo', { enabled: true });
    expect(view.demoEnabled).toBe(true);
    let list: ConnectionInfo[] = await call(services, 'connections:list');
    expect(list.map((c) => c.provider).sort()).toEqual(['moneykit', 'plaid', 'snaptrade']);
    expect(list.every((c) => c.demo)).toBe(true);
    expect(changes.at(-1)?.length).toBe(3);
    expect((await call(services, 'app:info')).demo).toBe(true);
    // A demo connection syncs through the restarted demo bank.
    const demoPlaid = list.find((c) => c.provider === 'plaid');
    updateOf(await call(services, 'sync:pull', { connectionId: demoPlaid?.id ?? '', cursor: null, trigger: 'launch' }));

    view = await call(services, 'settings:setDemo', { enabled: false });
    expect(view.demoEnabled).toBe(false);
    list = await call(services, 'connections:list');
    expect(list).toEqual([]);
    expect(changes.at(-1)).toEqual([]);
  });

  it('demo connections can be removed one by one (at the demo bank too)', async () => {
    await call(services, 'settings:setDemo', { enabled: true });
    const demoPlaid = services.connections.list().find((c) => c.demo && c.provider === 'plaid');
    const result = await call(services, 'connections:remove', { connectionId: demoPlaid?.id ?? '' });
    expect(result).toEqual({ providerRemoved: true, message: 'First Platypus Bank was removed from Ledgerline and from Plaid.' });
    expect(await keychain.get(accessTokenKey(demoPlaid?.id ?? ''))).toBeNull();
    expect(services.connections.get(demoPlaid?.id ?? '')).toBeUndefined();
    await call(services, 'settings:setDemo', { enabled: false });
  });

  it('real connections sync through the configured provider, and removal tells the provider and clears the keychain', async () => {
    // Real connections as the link flow will leave them: made at the "real" banks, recorded with demo: false.
    const plaidApi = createPlaidApi({ basePath: plaidBank.plaidUrl, clientId: REAL.plaid.clientId, secret: REAL.plaid.secret, timeoutMs: 5000 });
    const { data: pub } = await plaidApi.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    const { data: exchanged } = await plaidApi.itemPublicTokenExchange({ public_token: pub.public_token });
    issued.push(exchanged.access_token);
    const plaidConn = services.connections.add({ provider: 'plaid', institutionName: 'First Platypus Bank', institutionId: 'ins_109508', demo: false, externalId: exchanged.item_id });
    await keychain.set(accessTokenKey(plaidConn.id), exchanged.access_token);

    const mk = createMoneykitClient({ baseUrl: moneykitBank.url, clientId: REAL.moneykit.clientId, clientSecret: REAL.moneykit.secret, timeoutMs: 5000 });
    const session = await mk.createLinkSession({ customer_user: { id: 'real-user-1' }, redirect_uri: 'https://ledgerline.test/done', settings: { products: { transactions: { required: true, prefetch: true } } } });
    const link = await mk.exchangeToken(session);
    const mkConn = services.connections.add({ provider: 'moneykit', institutionName: link.institution_name, institutionId: link.institution_id, demo: false, externalId: link.link_id });

    const st = createSnaptradeApi({ basePath: snaptradeBank.url, clientId: REAL.snaptrade.clientId, consumerKey: REAL.snaptrade.secret, timeoutMs: 5000 });
    const user = (await st.registerUser({ userId: `real-${crypto.randomUUID()}` })).data as { userId: string; userSecret: string };
    issued.push(user.userSecret);
    const login = await st.login({ ...user, connectionType: 'read' });
    await (await fetch((login.data as { redirectURI: string }).redirectURI, { redirect: 'manual' })).arrayBuffer();
    const authorizationId = snaptradeBank.authorizations()[0]?.id ?? '';
    expect(authorizationId).not.toBe('');
    await keychain.set(SNAPTRADE_LIVE_USER_ID_KEY, user.userId);
    await keychain.set(SNAPTRADE_LIVE_USER_SECRET_KEY, user.userSecret);
    const stConn = services.connections.add({ provider: 'snaptrade', institutionName: 'Demo Brokerage', institutionId: null, demo: false, externalId: authorizationId });

    for (const c of [plaidConn, mkConn, stConn]) {
      const update = updateOf(await call(services, 'sync:pull', { connectionId: c.id, cursor: null, trigger: 'launch' }));
      expect(update.upserts.length, c.provider).toBeGreaterThan(0);
    }

    // Removal: each bank forgets it, the keychain entries go, the registry forgets it.
    expect(await call(services, 'connections:remove', { connectionId: plaidConn.id })).toMatchObject({ providerRemoved: true });
    expect(plaidBank.items().map((i) => i.item_id)).not.toContain(exchanged.item_id);
    expect(await keychain.get(accessTokenKey(plaidConn.id))).toBeNull();

    expect(await call(services, 'connections:remove', { connectionId: mkConn.id })).toMatchObject({ providerRemoved: true });
    expect(moneykitBank.links().find((l) => l.link_id === link.link_id)?.state ?? 'deleted').toBe('deleted');

    expect(await call(services, 'connections:remove', { connectionId: stConn.id })).toMatchObject({ providerRemoved: true });
    expect(snaptradeBank.authorizations().map((a) => a.id)).not.toContain(authorizationId);

    expect(await call(services, 'connections:list')).toEqual([]);
    expect(changes.at(-1)).toEqual([]);
  });

  it('a provider that cannot be reached: the connection is still forgotten locally, and the user is told', async () => {
    const plaidApi = createPlaidApi({ basePath: plaidBank.plaidUrl, clientId: REAL.plaid.clientId, secret: REAL.plaid.secret, timeoutMs: 5000 });
    const { data: pub } = await plaidApi.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    const { data: exchanged } = await plaidApi.itemPublicTokenExchange({ public_token: pub.public_token });
    issued.push(exchanged.access_token);
    await call(services, 'settings:saveProvider', { ...saveInput('plaid', REAL.plaid.secret), baseUrl: 'http://127.0.0.1:1' });
    const c = services.connections.add({ provider: 'plaid', institutionName: 'First Platypus Bank', institutionId: null, demo: false, externalId: exchanged.item_id });
    await keychain.set(accessTokenKey(c.id), exchanged.access_token);
    // Its access token belongs to this address now: moving Plaid elsewhere waits until it is removed.
    await expect(call(services, 'settings:saveProvider', saveInput('plaid', REAL.plaid.secret)))
      .rejects.toThrow('invalid_input: Plaid has a connection made at its current address, and its access token is sent only there.');

    const result = await call(services, 'connections:remove', { connectionId: c.id });
    expect(result.providerRemoved).toBe(false);
    expect(result.message).toMatch(/^First Platypus Bank was removed from Ledgerline, but Plaid could not be told: /);
    expect(await keychain.get(accessTokenKey(c.id))).toBeNull();
    expect(services.connections.get(c.id)).toBeUndefined();
    expect(plaidBank.items().map((i) => i.item_id)).toContain(exchanged.item_id); // the bank was never told
    await call(services, 'settings:saveProvider', saveInput('plaid', REAL.plaid.secret));
  });

  it('no secret reached the data folder or the log', () => {
    const secrets = [REAL.plaid.secret, REAL.moneykit.secret, REAL.snaptrade.secret, ...issued, ...plaidBank.issuedSecrets(), ...moneykitBank.issuedSecrets(), ...snaptradeBank.issuedSecrets()]
      .filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(5);
    for (const { file, text } of filesUnder(dataDir)) {
      for (const s of secrets) expect(text.includes(s), `${path.basename(file)} contains a secret`).toBe(false);
    }
  });

  it('clearing a provider deletes its secret from the keychain', async () => {
    const view = await call(services, 'settings:clearProvider', { provider: 'moneykit' });
    expect(view.providers.moneykit).toMatchObject({ configured: false, clientId: null, secretMask: null });
    expect(await keychain.get('provider:moneykit:secret')).toBeNull();
    expect(await call(services, 'settings:testProvider', { provider: 'moneykit' })).toMatchObject({ ok: false });
  });
});

describe('without a keychain', () => {
  it('refuses to save credentials, writes them nowhere, and keeps demo mode working', async () => {
    const dataDir = tempDir('nokeychain');
    const store = memoryStore('No usable OS keychain (no Secret Service).');
    const { services } = await startServices(dataDir, store);
    try {
      const secret = `never-stored-${crypto.randomBytes(12).toString('hex')}`;
      const reply = await dispatch(services.handlers, 'settings:saveProvider', {
        provider: 'plaid', environment: 'production', clientId: 'some-client', secret, baseUrl: null,
      }, services.logger);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid_input');
        expect(reply.error.message).toMatch(/No OS keychain is available/);
        expect(reply.error.message).toMatch(/Ledgerline will not store secrets in a file/);
        expect(reply.error.message).not.toContain(secret);
      }
      const view = await call(services, 'settings:get');
      expect(view.keychain.available).toBe(false);
      expect(view.demoEnabled).toBe(true);
      expect(view.providers.plaid).toMatchObject({ configured: false, clientId: null });
      expect(await store.get('provider:plaid:secret')).toBeNull();
      expect(fs.existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
      for (const { file, text } of filesUnder(dataDir)) expect(text.includes(secret), file).toBe(false);
      // Demo mode still works.
      const list: ConnectionInfo[] = await call(services, 'connections:list');
      expect(list.filter((c) => c.demo)).toHaveLength(3);
      updateOf(await call(services, 'sync:pull', { connectionId: list[0]?.id ?? '', cursor: null, trigger: 'launch' }));
    } finally {
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
