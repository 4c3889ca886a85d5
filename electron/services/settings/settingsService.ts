/**
 * The Settings screen's main-process side: provider credentials (secrets to the keychain only, the
 * rest to settings.json), "Test connection", and demo mode on/off. Changes run one at a time.
 */
import type { ChannelInput, SettingsView } from '../../../shared/ipc/contract';
import { PROVIDERS, providerName, secretName, type Provider } from '../../../shared/providers';
import type { DemoMode } from '../demoMode';
import type { Logger } from '../../core/logger';
import type { SecretStore } from '../../core/secretStore';
import { UserFacingError } from '../../core/userFacingError';
import { baseUrlProblem, endpointChanges } from './endpointPolicy';
import type { ProviderProfile, TestResult } from '../../providers/provider';
import { effectiveBaseUrl, maskSecret, providerSecretKey } from './settingsKeys';
import type { SettingsStore } from './settingsStore';

export interface SettingsServiceDeps {
  store: SettingsStore;
  secrets: SecretStore;
  logger: Logger;
  demo: DemoMode;
  /** Installs (profile) or drops (null) the live adapter of a provider. */
  setLive(provider: Provider, profile: ProviderProfile | null): void;
  test(profile: ProviderProfile): Promise<TestResult>;
  /** The connection list changed (demo connections came or went). */
  onConnectionsChanged(): void;
  /** How many real (not demo) connections the provider has: their tokens are bound to its address. */
  realConnections(provider: Provider): number;
  now?: () => Date;
}

export function createSettingsService(deps: SettingsServiceDeps) {
  const { store, secrets, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };

  const storedSecret = async (provider: Provider): Promise<string | null> => {
    if (!secrets.available) return null; // real secrets are never kept anywhere but a keychain
    const value = await secrets.get(providerSecretKey(provider));
    if (value) logger.addSecret(value);
    return value;
  };

  /** The provider's full profile when it is configured (client id and secret), else null. */
  async function profileOf(provider: Provider): Promise<ProviderProfile | null> {
    const entry = store.read().providers[provider];
    const secret = await storedSecret(provider);
    if (!entry?.clientId || !secret) return null;
    return { provider, environment: entry.environment, clientId: entry.clientId, secret, baseUrl: effectiveBaseUrl(provider, entry) };
  }

  async function view(): Promise<SettingsView> {
    const data = store.read();
    const providers = {} as SettingsView['providers'];
    for (const p of PROVIDERS) {
      const entry = data.providers[p];
      const secret = await storedSecret(p);
      providers[p] = {
        configured: Boolean(entry?.clientId && secret),
        environment: entry?.environment ?? 'sandbox',
        clientId: entry?.clientId ?? null,
        secretMask: secret ? maskSecret(secret) : null,
        baseUrl: entry?.baseUrl ?? null,
        lastTest: entry?.lastTest ?? null,
      };
    }
    return { demoEnabled: data.demoEnabled, keychain: { available: secrets.available, detail: secrets.detail }, providers };
  }

  async function setDemoLocked(enabled: boolean): Promise<void> {
    if (enabled) await deps.demo.start();
    else await deps.demo.stop();
    deps.onConnectionsChanged();
  }

  return {
    view,

    /** At launch: install the live adapters of configured providers, start or clean up demo mode. */
    async init(): Promise<void> {
      for (const p of PROVIDERS) deps.setLive(p, await profileOf(p));
      if (store.read().demoEnabled) await deps.demo.start();
      else await deps.demo.stop(); // leftovers of a run that stopped half-way
    },

    demoEnabled: () => store.read().demoEnabled,

    saveProvider: (input: ChannelInput<'settings:saveProvider'>): Promise<SettingsView> => serial(async () => {
      const { provider } = input;
      const name = providerName(provider);
      if (!secrets.available) {
        throw new UserFacingError(
          `No OS keychain is available, so ${name} cannot be set up: Ledgerline will not store secrets in a file. `
          + 'Demo mode keeps working; real accounts need a keychain (on Linux, a Secret Service such as GNOME Keyring or KWallet).',
        );
      }
      if (input.baseUrl !== null) {
        const problem = baseUrlProblem(input.baseUrl);
        if (problem) throw new UserFacingError(`${name} API base URL: ${problem} Nothing was saved.`);
      }
      // The stored secret goes only to the address and environment it was entered for: a renderer
      // that could repoint it would receive it (and every access token) at its own server.
      const moves = endpointChanges(store.read().providers[provider], input);
      if (moves && input.secret === undefined && (await storedSecret(provider)) !== null) {
        throw new UserFacingError(
          `Changing ${name}'s environment or API base URL needs the ${secretName(provider)} again: the stored one is sent only to the address it was entered for. Nothing was saved.`,
        );
      }
      // Even with a new secret: the access tokens of existing connections would follow the new address.
      const linked = moves ? deps.realConnections(provider) : 0;
      if (linked > 0) {
        throw new UserFacingError(
          `${name} has ${linked === 1 ? 'a connection' : `${linked} connections`} made at its current address, and ${linked === 1 ? 'its access token is' : 'their access tokens are'} sent only there. `
          + 'Remove them before changing the environment or API base URL. Nothing was saved.',
        );
      }
      if (input.secret !== undefined) {
        logger.addSecret(input.secret);
        try {
          await secrets.set(providerSecretKey(provider), input.secret);
        } catch (e) {
          logger.error(`the keychain refused the ${provider} secret: ${e instanceof Error ? e.name : 'non-error'}`);
          throw new UserFacingError(`The keychain refused to store the ${name} ${secretName(provider)}; nothing was saved.`);
        }
      }
      const saved = store.update((s) => ({
        ...s,
        // New keys or a new address: the last test says nothing about them any more.
        providers: { ...s.providers, [provider]: { environment: input.environment, clientId: input.clientId, baseUrl: input.baseUrl, lastTest: null } },
      }));
      const profile = await profileOf(provider);
      deps.setLive(provider, profile);
      logger.info(`saved ${provider} settings (${input.environment}${input.baseUrl ? ', custom base URL' : ''}; ${profile ? 'configured' : 'no secret yet'})`);
      if (profile && !saved.demoAutoOffDone) {
        // The first real provider: demo data would only be in the way now.
        const turnOff = saved.demoEnabled;
        store.update((s) => ({ ...s, demoAutoOffDone: true, demoEnabled: false }));
        if (turnOff) await setDemoLocked(false);
      }
      return view();
    }),

    clearProvider: (provider: Provider): Promise<SettingsView> => serial(async () => {
      if (secrets.available) await secrets.delete(providerSecretKey(provider));
      store.update((s) => {
        const providers = { ...s.providers };
        delete providers[provider];
        return { ...s, providers };
      });
      deps.setLive(provider, null);
      logger.info(`cleared ${provider} settings`);
      return view();
    }),

    testProvider: (provider: Provider): Promise<TestResult> => serial(async () => {
      const profile = await profileOf(provider);
      const name = providerName(provider);
      if (!profile) {
        return { ok: false, message: `${name} is not set up: enter its client id and ${secretName(provider)} and save first.` };
      }
      const result = await deps.test(profile);
      store.update((s) => {
        const entry = s.providers[provider];
        return entry ? { ...s, providers: { ...s.providers, [provider]: { ...entry, lastTest: { ...result, at: now().toISOString() } } } } : s;
      });
      logger.info(`tested ${provider}: ${result.ok ? 'ok' : 'refused or failed'}`);
      return result;
    }),

    /** The configured provider's profile (with its secret) for main's own use, e.g. linking; null when not set up. */
    profileOf,

    setDemo: (enabled: boolean): Promise<SettingsView> => serial(async () => {
      const was = store.read().demoEnabled;
      // The user decided: from now on demo mode changes only when they say so.
      store.update((s) => ({ ...s, demoEnabled: enabled, demoAutoOffDone: true }));
      if (was !== enabled || (enabled && !deps.demo.current())) await setDemoLocked(enabled);
      return view();
    }),
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
