/**
 * Secrets (provider API secrets, access tokens) live in the OS keychain through keytar and nowhere
 * else: not in files, not in IndexedDB, never sent to the renderer.
 */

/** The keychain entry of one connection's own secret (Plaid's access token). */
export const accessTokenKey = (connectionId: string) => `connection:${connectionId}:access-token`;

export interface SecretStore {
  readonly available: boolean;
  /** One line for the UI: which keychain, or why there is none. */
  readonly detail: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function keytarStore(keytar: KeytarLike, service: string): SecretStore {
  return {
    available: true,
    detail: `OS keychain (service "${service}")`,
    get: (key) => keytar.getPassword(service, key),
    set: (key, value) => keytar.setPassword(service, key, value),
    delete: (key) => keytar.deletePassword(service, key),
  };
}

/**
 * Opens the OS keychain, proving it works with one read. Returns null (with the reason) where there
 * is none — e.g. Linux without a Secret Service — so the caller can refuse to keep real secrets.
 */
export async function openKeychain(service: string): Promise<{ store: SecretStore } | { store: null; reason: string }> {
  try {
    const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
    const keytar = mod.default ?? mod;
    // Prove it can write too: a locked collection reads fine but refuses new items.
    await keytar.setPassword(service, '__probe__', 'ok');
    await keytar.deletePassword(service, '__probe__');
    return { store: keytarStore(keytar, service) };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { store: null, reason: `No usable OS keychain (${why}).` };
  }
}

/**
 * Session-only secrets for the demo bank when there is no keychain: held in memory, gone at exit.
 * Never used for real provider credentials.
 */
export function memoryStore(detail: string): SecretStore {
  const values = new Map<string, string>();
  return {
    available: false,
    detail,
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => values.delete(key),
  };
}
