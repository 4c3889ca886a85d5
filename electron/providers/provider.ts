/**
 * The one shape every provider has. A provider is one folder, `electron/providers/<id>/`, whose
 * `<id>Provider.ts` exports one `ProviderModule`; `registry.ts` lists them, and main reaches a
 * provider only through that table — never by switching on its id.
 *
 * Inside the folder, by convention: `<id>Client.ts` (the HTTP/SDK client), `<id>Schemas.ts` (zod
 * for every reply), `classify<Id>Error.ts` (a thrown error → restart, retry, wait or stop, in plain
 * words), `map<Id>.ts` (provider rows → shared `Transaction`s), `pull<Id>.ts` + `<id>Adapter.ts`
 * (the `ProviderAdapter`), `<id>Live.ts` (adapter and "Test connection" from the user's keys),
 * `<id>Link.ts` (the link driver) and `<id>Demo.ts` (the demo bank, the demo connection, the
 * "try a situation" meanings).
 *
 * Error classification is a member (`classifyError`, returning the shared `ProviderFailure`): every
 * provider's classifier answers in the same four words, and the module's is the very function its
 * pull, refresh, removal and link flows use (SnapTrade's pull also classifies non-2xx replies,
 * which its client returns rather than throws, with `classifyStatus`). Mapping is not a member:
 * its inputs are each provider's own wire rows (a Plaid transaction; a MoneyKit transaction and
 * its account's currency; a SnapTrade activity with its account and balances), so a shared
 * signature would be `unknown` in, and nothing outside the folder maps — the adapter's `pull`
 * already hands over mapped rows. It stays `map<Id>.ts` by convention.
 *
 * Nothing under providers/ imports services/: what a provider needs from main (the log, the
 * keychain, the connection registry) comes from `electron/core/` or is passed in (lint enforces it).
 */
import type { Provider, SyncError } from '../../shared/types';
import type { ConnectionStore } from '../core/connectionStore';
import type { Logger } from '../core/logger';
import type { SecretStore } from '../core/secretStore';
import type { ProviderAdapter } from './adapter';
import type { DemoSimulator } from './demoControls';
import type { LinkDriver } from './linkDriver';
import type { RetryPolicy } from './retry';

export type Environment = 'sandbox' | 'production';

/** Everything needed to talk to one provider with the user's keys. */
export interface ProviderProfile {
  provider: Provider;
  environment: Environment;
  clientId: string;
  /** Plaid's secret, MoneyKit's client secret, SnapTrade's consumer key. */
  secret: string;
  /** Effective base URL (the override or the provider's default). */
  baseUrl: string;
}

/** What main hands a provider built from the user's settings. */
export interface LiveDeps {
  secrets: SecretStore;
  logger: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
}

/** "Test connection"'s answer: a fixed sentence, never a secret, a URL's query or the provider's free text. */
export interface TestResult {
  ok: boolean;
  message: string;
}

/** What main hands a provider's demo wiring once its demo bank is up. */
export interface DemoDeps {
  /** The demo bank's API base URL (embedded or external). */
  baseUrl: string;
  clientId: string;
  /** The demo banks' one API secret (Plaid secret, MoneyKit client secret, SnapTrade consumer key). */
  secret: string;
  connections: ConnectionStore;
  secrets: SecretStore;
  logger: Logger;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** An embedded demo bank, started on 127.0.0.1. */
export interface RunningDemoBank {
  url: string;
  simulate: DemoSimulator;
  close(): Promise<void>;
}

/** How demo mode runs a provider: its embedded bank, the controls for an external one, and the demo connection. */
export interface ProviderDemo {
  /** What the log calls the bank ("demo bank: …"). */
  bankLabel: string;
  /** The file in the data folder the embedded bank keeps its state in (only with a keychain). */
  stateFile: string;
  startBank(opts: { seed: number; clientId: string; secret: string; logger: (line: string) => void; stateFile?: string }): Promise<RunningDemoBank>;
  /** "Try a situation" against an external demo bank (`npm run demo-banks`) at `url`. */
  externalSimulator(url: string): DemoSimulator;
  /** Makes sure the demo connection exists at the bank, and returns the adapter that syncs it. */
  connect(deps: DemoDeps): Promise<ProviderAdapter>;
}

/**
 * What a provider's thrown error means, the same words for every provider: what a pull, a refresh,
 * a removal or a link flow should do next. Each provider's classifier returns the kinds it can
 * produce (Plaid never says `waiting`; only Plaid says `restart`).
 */
export type ProviderFailure =
  /** Transient (network, timeout, 5xx, rate limit): retry with backoff, not before `retryAfterMs` when the provider said. */
  | { kind: 'retry'; error: SyncError; retryAfterMs: number | null }
  /** Stop: `error.code` says what the connection needs (sign in again, keys, gone, …). */
  | { kind: 'fatal'; error: SyncError }
  /** The provider's data changed while it was being paged: start the page loop over from its first cursor. */
  | { kind: 'restart' }
  /** The provider is still preparing the data: nothing to store yet, try later. */
  | { kind: 'waiting'; message: string };

/** One provider; `P` ties the registry's key to the module's `id`. */
export interface ProviderModule<P extends Provider = Provider> {
  id: P;
  /**
   * What a thrown error from this provider's client means — the provider's own classifier
   * (`classify<Id>Error.ts`), the one its pull, refresh, removal, credential test and link driver
   * use. Never keeps the thrown object (SDK errors carry secrets); the messages are fixed sentences.
   */
  classifyError(thrown: unknown): ProviderFailure;
  /** The provider's own API base URL for an environment (used when the user gives no override). */
  defaultBaseUrl(environment: Environment): string;
  /** The adapter (pull, refresh, remove) for real connections, from the user's keys. */
  liveAdapter(profile: ProviderProfile, deps: LiveDeps): ProviderAdapter;
  /** One cheap authenticated call that proves the keys work, touching no user data. */
  testCredentials(profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>): Promise<TestResult>;
  /** How the user links an account (and repairs a broken link). */
  linkDriver(profile: ProviderProfile, deps: LiveDeps): LinkDriver;
  /** A direct test-item driver with no sign-in page, where the provider's sandbox environment has one. */
  sandboxLinkDriver?(profile: ProviderProfile, deps: LiveDeps): LinkDriver;
  demo: ProviderDemo;
}
