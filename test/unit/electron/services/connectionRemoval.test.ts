import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemovalOutcome } from '../../../../electron/providers/adapter';
import { createConnectionRemoval } from '../../../../electron/services/connectionRemoval';
import { openConnectionStore, type ConnectionStore } from '../../../../electron/core/connectionStore';
import { createLogger } from '../../../../electron/core/logger';
import { accessTokenKey } from '../../../../electron/core/secretStore';
import { UserFacingError } from '../../../../electron/core/userFacingError';
import { fakeAdapter, fakeKeychain } from '../../../support/services/fakes';

let dir: string;
let connections: ConnectionStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'removal-unit-'));
  connections = openConnectionStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup(outcome: () => RemovalOutcome | Promise<RemovalOutcome>, opts: { noAdapter?: boolean } = {}) {
  const keychain = fakeKeychain();
  const calls: string[] = [];
  const adapter = fakeAdapter(outcome, calls);
  let changed = 0;
  const lines: string[] = [];
  const removal = createConnectionRemoval({
    connections,
    secrets: keychain,
    logger: createLogger({ echo: (l) => lines.push(l) }),
    adapterFor: () => {
      if (opts.noAdapter) throw new UserFacingError('Plaid is not set up. Add its keys in Settings.');
      return adapter;
    },
    onChange: () => changed++,
  });
  const c = connections.add({ provider: 'plaid', institutionName: 'Tartan Bank', institutionId: null, demo: false, externalId: 'item-1' });
  await keychain.set(accessTokenKey(c.id), 'access-production-secret-token');
  await keychain.set('provider:plaid:secret', 'keep-me');
  return { removal, c, keychain, calls, changes: () => changed, lines };
}

describe('connection removal', () => {
  it('tells the provider with the access token, deletes the keychain entries and the record, and notifies', async () => {
    const { removal, c, keychain, calls, changes, lines } = await setup(() => ({ kind: 'removed', alreadyGone: false }));
    const result = await removal.remove(c.id);
    expect(result).toEqual({ providerRemoved: true, message: 'Tartan Bank was removed from Ledgerline and from Plaid.' });
    expect(calls).toEqual(['item-1:access-production-secret-token']);
    expect(keychain.values.has(accessTokenKey(c.id))).toBe(false);
    expect(keychain.values.get('provider:plaid:secret')).toBe('keep-me'); // only the connection's own entries
    expect(connections.get(c.id)).toBeUndefined();
    expect(changes()).toBe(1);
    expect(lines.join('\n')).not.toContain('access-production-secret-token');
  });

  it('says when the provider had already forgotten it', async () => {
    const { removal, c } = await setup(() => ({ kind: 'removed', alreadyGone: true }));
    expect(await removal.remove(c.id)).toEqual({ providerRemoved: true, message: 'Tartan Bank was removed from Ledgerline; Plaid had already forgotten it.' });
  });

  it('forgets the connection locally when the provider cannot be told, and says so', async () => {
    const { removal, c, keychain } = await setup(() => ({ kind: 'failed', reason: 'Plaid could not be reached.' }));
    const result = await removal.remove(c.id);
    expect(result.providerRemoved).toBe(false);
    expect(result.message).toMatch(/removed from Ledgerline, but Plaid could not be told: Plaid could not be reached\. .*remove it there/);
    expect(keychain.values.has(accessTokenKey(c.id))).toBe(false);
    expect(connections.get(c.id)).toBeUndefined();
  });

  it('forgets it when no adapter can serve it (provider not set up)', async () => {
    const { removal, c, calls } = await setup(() => ({ kind: 'removed', alreadyGone: false }), { noAdapter: true });
    const result = await removal.remove(c.id);
    expect(result).toMatchObject({ providerRemoved: false, message: expect.stringContaining('Plaid is not set up') });
    expect(calls).toEqual([]);
    expect(connections.list()).toEqual([]);
  });

  it('does not leak what an adapter throws', async () => {
    const { removal, c, lines } = await setup(() => {
      throw Object.assign(new Error('Request failed'), { name: 'AxiosError', config: { headers: { 'PLAID-SECRET': 'leaky-secret-123456' } } });
    });
    const result = await removal.remove(c.id);
    expect(result.providerRemoved).toBe(false);
    expect(JSON.stringify(result) + lines.join('\n')).not.toContain('leaky-secret');
    expect(connections.list()).toEqual([]);
  });

  it('refuses an unknown connection plainly', async () => {
    const { removal } = await setup(() => ({ kind: 'removed', alreadyGone: false }));
    await expect(removal.remove('c_nope')).rejects.toBeInstanceOf(UserFacingError);
  });
});
