import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openKeychain } from '../../../../electron/core/secretStore';

// Against the real OS keychain: on Linux a Secret Service (gnome-keyring under dbus-run-session,
// which `npm test` and CI start). Without a session bus there is nothing real to test against.
const hasBus = process.platform !== 'linux' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.skipIf(!hasBus)('keychain (keytar, real Secret Service)', () => {
  it('stores, reads, overwrites and deletes a secret', async () => {
    const service = `ledgerline-test-${crypto.randomUUID()}`;
    const opened = await openKeychain(service);
    if (!opened.store) throw new Error(`keychain did not open: ${opened.reason}`);
    const store = opened.store;
    expect(store.available).toBe(true);
    const key = 'connection:c_test:access-token';
    expect(await store.get(key)).toBeNull();
    await store.set(key, 'access-sandbox-11111111');
    expect(await store.get(key)).toBe('access-sandbox-11111111');
    await store.set(key, 'access-sandbox-22222222');
    expect(await store.get(key)).toBe('access-sandbox-22222222');
    // a different service name is a different namespace
    const other = await openKeychain(`${service}-other`);
    expect(await other.store?.get(key)).toBeNull();
    expect(await store.delete(key)).toBe(true);
    expect(await store.get(key)).toBeNull();
    expect(await store.delete(key)).toBe(false);
  });
});

describe.skipIf(hasBus)('keychain without a session bus', () => {
  it('reports that no keychain is available instead of storing secrets elsewhere', async () => {
    const opened = await openKeychain('ledgerline-test-nobus');
    expect(opened.store).toBeNull();
  });
});
