/** Small fakes for the settings/removal unit tests: an available in-memory keychain, a fake demo. */
import type { ProviderAdapter, RemovalOutcome } from '../../../electron/providers/adapter';
import type { ConnectionStore } from '../../../electron/core/connectionStore';
import type { Demo } from '../../../electron/services/demo';
import { accessTokenKey, type SecretStore } from '../../../electron/core/secretStore';

/** Like the OS keychain (available), but a Map the test can inspect. */
export function fakeKeychain(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    available: true,
    detail: 'fake keychain',
    get: async (k) => values.get(k) ?? null,
    set: async (k, v) => void values.set(k, v),
    delete: async (k) => values.delete(k),
  };
}

export function fakeAdapter(outcome: () => RemovalOutcome | Promise<RemovalOutcome>, removed: string[] = []): ProviderAdapter {
  return {
    perConnectionToken: true,
    pull: async () => ({ kind: 'waiting', message: 'x', retryAt: new Date(0).toISOString() }),
    refresh: async () => ({ requested: true, message: null, availableAt: null }),
    remove: async (ref) => {
      removed.push(`${ref.externalId}:${ref.accessToken ?? ''}`);
      return outcome();
    },
  };
}

/** A fake setupDemo: adds one demo Plaid connection (with its token) per start, like the real one. */
export function fakeDemoSetup(connections: ConnectionStore, secrets: SecretStore, log: string[]) {
  let n = 0;
  return async (): Promise<Demo> => {
    n += 1;
    log.push(`start ${n}`);
    if (!connections.list().some((c) => c.demo)) {
      const c = connections.add({ provider: 'plaid', institutionName: 'First Platypus Bank', institutionId: 'ins_1', demo: true, externalId: `item-${n}` });
      await secrets.set(accessTokenKey(c.id), `access-demo-token-${n}`);
    }
    const adapter = fakeAdapter(() => ({ kind: 'removed', alreadyGone: false }), log);
    return {
      providers: { plaid: { adapter, simulate: async () => 'ok' } },
      failures: {},
      close: async () => void log.push(`close ${n}`),
    };
  };
}
