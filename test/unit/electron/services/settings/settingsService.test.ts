import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectionRemoval } from '../../../../../electron/services/connectionRemoval';
import { openConnectionStore, type ConnectionRecord, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { createDemoMode } from '../../../../../electron/services/demoMode';
import { createLogger } from '../../../../../electron/core/logger';
import { memoryStore, accessTokenKey, type SecretStore } from '../../../../../electron/core/secretStore';
import type { ProviderProfile } from '../../../../../electron/providers/provider';
import { createSettingsService } from '../../../../../electron/services/settings/settingsService';
import { openSettingsStore } from '../../../../../electron/services/settings/settingsStore';
import { UserFacingError } from '../../../../../electron/core/userFacingError';
import { fakeDemoSetup, fakeKeychain } from '../../../../support/services/fakes';

const SECRET = 'plaid-secret-0123456789abcdef';

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-unit-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(secrets: SecretStore = fakeKeychain()) {
  const connections: ConnectionStore = openConnectionStore(dir);
  const logger = createLogger();
  const log: string[] = [];
  const live: Partial<Record<string, ProviderProfile | null>> = {};
  const adapterFor = (c: ConnectionRecord) => {
    const d = demo.current()?.providers[c.provider];
    if (!d) throw new UserFacingError('demo off');
    return d.adapter;
  };
  let changed = 0;
  const removal = createConnectionRemoval({ connections, secrets, logger, adapterFor, onChange: () => changed++ });
  const demo = createDemoMode({ setup: fakeDemoSetup(connections, secrets, log), connections, removal, logger });
  const tested: ProviderProfile[] = [];
  const settings = createSettingsService({
    store: openSettingsStore(dir),
    secrets,
    logger,
    demo,
    setLive: (p, profile) => void (live[p] = profile),
    test: async (profile) => (tested.push(profile), { ok: profile.secret === SECRET, message: profile.secret === SECRET ? 'Plaid accepted the keys (sandbox).' : 'Plaid refused the client id or secret.' }),
    onConnectionsChanged: () => changed++,
    realConnections: (p) => connections.list().filter((c) => c.provider === p && !c.demo).length,
    now: () => new Date('2026-03-01T10:00:00Z'),
  });
  return { connections, settings, demo, live, log, tested, secrets, changes: () => changed };
}

const save = (extra: Partial<{ secret: string; baseUrl: string | null; clientId: string }> = {}) => ({
  provider: 'plaid' as const, environment: 'sandbox' as const, clientId: 'client-abc', baseUrl: null, secret: SECRET, ...extra,
});

describe('settings store and views', () => {
  it('keeps the secret in the keychain only, shows it masked, and writes the file atomically', async () => {
    const keychain = fakeKeychain();
    const { settings } = setup(keychain);
    await settings.init();
    const view = await settings.saveProvider(save());
    expect(view.providers.plaid).toMatchObject({ configured: true, clientId: 'client-abc', secretMask: '••••cdef', environment: 'sandbox', baseUrl: null, lastTest: null });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(keychain.values.get('provider:plaid:secret')).toBe(SECRET);
    const file = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(file).toContain('client-abc');
    expect(file).not.toContain(SECRET);
    expect(file).not.toContain('cdef'); // not even the masked tail
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(fs.statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    // A new store reads it back (the file, not memory).
    expect(openSettingsStore(dir).read().providers.plaid).toMatchObject({ clientId: 'client-abc', environment: 'sandbox' });
  });

  it('keeps the stored secret when saved without one, and is configured only with both halves', async () => {
    const keychain = fakeKeychain();
    const { settings, live } = setup(keychain);
    await settings.init();
    let view = await settings.saveProvider({ ...save(), secret: undefined });
    expect(view.providers.plaid).toMatchObject({ configured: false, clientId: 'client-abc', secretMask: null });
    expect(live.plaid).toBeNull();
    await settings.saveProvider(save({ baseUrl: 'http://127.0.0.1:9' }));
    view = await settings.saveProvider({ ...save({ clientId: 'client-new', baseUrl: 'http://127.0.0.1:9' }), secret: undefined });
    expect(view.providers.plaid).toMatchObject({ configured: true, clientId: 'client-new', secretMask: '••••cdef', baseUrl: 'http://127.0.0.1:9' });
    expect(live.plaid).toMatchObject({ clientId: 'client-new', secret: SECRET, baseUrl: 'http://127.0.0.1:9' });
    view = await settings.clearProvider('plaid');
    expect(view.providers.plaid).toMatchObject({ configured: false, clientId: null, secretMask: null });
    expect(keychain.values.has('provider:plaid:secret')).toBe(false);
    expect(live.plaid).toBeNull();
  });

  it('sends the stored secret only where it was entered for: a new environment or base URL needs it again', async () => {
    const keychain = fakeKeychain();
    const { settings, live } = setup(keychain);
    await settings.init();
    await settings.saveProvider(save());
    const file = () => fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    const before = file();
    for (const change of [{ baseUrl: 'https://collector.example' }, { environment: 'production' as const }, { baseUrl: 'http://127.0.0.1:9' }]) {
      const attempt = settings.saveProvider({ ...save(), ...change, secret: undefined });
      await expect(attempt).rejects.toBeInstanceOf(UserFacingError);
      await expect(settings.saveProvider({ ...save(), ...change, secret: undefined }))
        .rejects.toThrow("Changing Plaid's environment or API base URL needs the secret again: the stored one is sent only to the address it was entered for. Nothing was saved.");
    }
    // Nothing moved: not the file, not the secret, not the live adapter's address.
    expect(file()).toBe(before);
    expect(keychain.values.get('provider:plaid:secret')).toBe(SECRET);
    expect(live.plaid).toMatchObject({ secret: SECRET, baseUrl: 'https://sandbox.plaid.com', environment: 'sandbox' });
    // The same address with a new client id keeps the stored secret.
    await settings.saveProvider({ ...save({ clientId: 'client-2' }), secret: undefined });
    expect(live.plaid).toMatchObject({ clientId: 'client-2', secret: SECRET });
    // With the secret typed again, the move is made, and only the new secret goes there.
    const view = await settings.saveProvider({ ...save({ baseUrl: 'https://proxy.example/plaid', secret: 'new-secret-for-the-proxy' }), environment: 'production' });
    expect(view.providers.plaid).toMatchObject({ configured: true, environment: 'production', baseUrl: 'https://proxy.example/plaid' });
    expect(live.plaid).toMatchObject({ secret: 'new-secret-for-the-proxy', baseUrl: 'https://proxy.example/plaid' });
    expect(keychain.values.get('provider:plaid:secret')).toBe('new-secret-for-the-proxy');
  });

  it('does not attach a keychain secret whose address was lost (no settings entry) to a new one', async () => {
    const keychain = fakeKeychain();
    keychain.values.set('provider:plaid:secret', SECRET);
    const { settings, live } = setup(keychain);
    await settings.init();
    await expect(settings.saveProvider({ ...save({ baseUrl: 'https://collector.example' }), secret: undefined })).rejects.toThrow(/needs the secret again/);
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
    expect(live.plaid).toBeNull();
  });

  it('allows plain http only to this computer, and no credentials in the address', async () => {
    const { settings } = setup();
    await settings.init();
    const refused = [
      'http://example.com', 'http://192.168.1.10:8080', 'http://10.0.0.1', 'http://0.0.0.0:9', 'http://[::2]:9', 'http://[::ffff:7f00:1]/',
      'http://127.0.0.1.evil.example', 'http://localhost.evil.example:9', 'http://evil.example#@127.0.0.1', 'http://127.0.0.1@evil.example',
      'https://user:pw@sandbox.plaid.com',
    ];
    for (const baseUrl of refused) {
      await expect(settings.saveProvider(save({ baseUrl })), baseUrl).rejects.toThrow(/^Plaid API base URL: .* Nothing was saved\.$/);
    }
    await expect(settings.saveProvider(save({ baseUrl: 'http://example.com' }))).rejects.toThrow(
      'Plaid API base URL: plain http:// is allowed only to this computer (localhost, 127.0.0.1 or [::1]); use https://. Nothing was saved.',
    );
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
    for (const baseUrl of ['https://proxy.example:8443/plaid', 'http://127.0.0.1:9', 'http://127.8.9.10', 'http://localhost:9/api', 'http://[::1]:9', 'http://0x7f.1:9']) {
      expect((await settings.saveProvider(save({ baseUrl }))).providers.plaid.baseUrl, baseUrl).toBe(baseUrl);
    }
  });

  it('keeps the address of a provider with real connections: their access tokens go only there', async () => {
    const { settings, connections, live } = setup();
    await settings.init();
    await settings.saveProvider(save());
    connections.add({ provider: 'plaid', institutionName: 'Real Bank', institutionId: null, demo: false, externalId: 'item-real' });
    connections.add({ provider: 'moneykit', institutionName: 'Other', institutionId: null, demo: false, externalId: 'mk-real' });
    await expect(settings.saveProvider(save({ baseUrl: 'https://collector.example', secret: 'attacker-chosen-secret' }))).rejects.toThrow(
      'Plaid has a connection made at its current address, and its access token is sent only there. Remove them before changing the environment or API base URL. Nothing was saved.',
    );
    await expect(settings.saveProvider({ ...save(), environment: 'production' })).rejects.toBeInstanceOf(UserFacingError);
    expect(live.plaid).toMatchObject({ secret: SECRET, baseUrl: 'https://sandbox.plaid.com' });
    // Same address: new keys are fine.
    await settings.saveProvider(save({ clientId: 'client-rotated', secret: 'rotated-secret-0000' }));
    expect(live.plaid).toMatchObject({ clientId: 'client-rotated', secret: 'rotated-secret-0000', baseUrl: 'https://sandbox.plaid.com' });
  });

  it('masks short secrets completely', async () => {
    const { settings } = setup();
    await settings.init();
    const view = await settings.saveProvider(save({ secret: 'short1' }));
    expect(view.providers.plaid.secretMask).toBe('••••');
  });

  it('stores the test result without the secret and resets it when the keys change', async () => {
    const { settings, tested } = setup();
    await settings.init();
    expect(await settings.testProvider('plaid')).toMatchObject({ ok: false, message: expect.stringMatching(/not set up/) });
    expect(tested).toEqual([]);
    await settings.saveProvider(save({ secret: 'wrong-secret-999999' }));
    expect(await settings.testProvider('plaid')).toEqual({ ok: false, message: 'Plaid refused the client id or secret.' });
    await settings.saveProvider(save());
    expect((await settings.view()).providers.plaid.lastTest).toBeNull();
    await settings.testProvider('plaid');
    expect((await settings.view()).providers.plaid.lastTest).toEqual({ ok: true, message: 'Plaid accepted the keys (sandbox).', at: '2026-03-01T10:00:00.000Z' });
    expect(tested.at(-1)?.baseUrl).toBe('https://sandbox.plaid.com');
  });

  it('without a keychain refuses to save, writes nothing, and keeps demo mode', async () => {
    const secrets = memoryStore('No usable OS keychain (no session bus).');
    const { settings, connections } = setup(secrets);
    await settings.init();
    expect(connections.list().filter((c) => c.demo)).toHaveLength(1);
    const before = fs.readdirSync(dir).sort();
    await expect(settings.saveProvider(save())).rejects.toThrow(/No OS keychain is available.*will not store secrets in a file/);
    await expect(settings.saveProvider(save())).rejects.toBeInstanceOf(UserFacingError);
    expect(await secrets.get('provider:plaid:secret')).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8')).not.toContain(SECRET);
    const view = await settings.view();
    expect(view.keychain.available).toBe(false);
    expect(view.demoEnabled).toBe(true);
    expect(connections.list().filter((c) => c.demo)).toHaveLength(1);
  });

  it('moves an unreadable settings file aside and starts from defaults', () => {
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"version":1, "demoEnabled": "yes"');
    expect(openSettingsStore(dir).read()).toEqual({ demoEnabled: true, demoAutoOffDone: false, providers: {} });
    expect(fs.readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});

describe('demo mode toggle', () => {
  it('turns off the first time a provider is configured, removing demo connections and their keychain entries', async () => {
    const keychain = fakeKeychain();
    const { settings, connections, log, changes } = setup(keychain);
    await settings.init();
    const [demoConn] = connections.list();
    expect(demoConn?.demo).toBe(true);
    expect(keychain.values.get(accessTokenKey(demoConn?.id ?? ''))).toBe('access-demo-token-1');

    // Saving without a secret does not configure the provider: demo stays.
    await settings.saveProvider({ ...save(), secret: undefined });
    expect((await settings.view()).demoEnabled).toBe(true);
    expect(connections.list()).toHaveLength(1);

    const before = changes();
    const view = await settings.saveProvider(save());
    expect(view.demoEnabled).toBe(false);
    expect(connections.list()).toEqual([]);
    expect(keychain.values.has(accessTokenKey(demoConn?.id ?? ''))).toBe(false);
    expect(log).toEqual(['start 1', 'item-1:access-demo-token-1', 'close 1']); // told the demo bank, then stopped it
    expect(changes()).toBeGreaterThan(before);

    // Back on by hand: the banks start and a demo connection is made again.
    const on = await settings.setDemo(true);
    expect(on.demoEnabled).toBe(true);
    expect(connections.list().filter((c) => c.demo)).toHaveLength(1);
    expect(log.at(-1)).toBe('start 2');

    // Only the first time: configuring another provider later leaves the user's choice alone.
    await settings.saveProvider({ ...save(), provider: 'moneykit' });
    expect((await settings.view()).demoEnabled).toBe(true);
    expect(connections.list().filter((c) => c.demo)).toHaveLength(1);

    // Off by hand, and the choice persists for the next launch.
    await settings.setDemo(false);
    expect(connections.list()).toEqual([]);
    expect(openSettingsStore(dir).read()).toMatchObject({ demoEnabled: false, demoAutoOffDone: true });
  });

  it('does not start demo mode at launch when it is off, and forgets demo leftovers', async () => {
    const first = setup();
    await first.settings.init();
    await first.settings.setDemo(false);
    // A demo record left behind (e.g. a crash between steps).
    first.connections.add({ provider: 'plaid', institutionName: 'Left over', institutionId: null, demo: true, externalId: 'item-x' });
    const again = setup(first.secrets);
    await again.settings.init();
    expect(again.log).toEqual([]); // never started
    expect(again.demo.current()).toBeNull();
    expect(again.connections.list()).toEqual([]);
  });

  it('keeps real connections when demo mode goes off', async () => {
    const { settings, connections } = setup();
    await settings.init();
    const real = connections.add({ provider: 'plaid', institutionName: 'Real Bank', institutionId: null, demo: false, externalId: 'item-real' });
    await settings.setDemo(false);
    expect(connections.list().map((c) => c.id)).toEqual([real.id]);
  });
});
