/**
 * Removing a connection: tell the provider to forget it (through the connection's adapter, demo or
 * live), delete every keychain entry it had, drop it from the registry. The local part always
 * happens: if the provider cannot be told, the user hears so and the connection is forgotten anyway.
 */
import type { ChannelOutput } from '../../shared/ipc/contract';
import type { ProviderAdapter, RemovalOutcome } from '../providers/adapter';
import type { ConnectionRecord, ConnectionStore } from '../core/connectionStore';
import type { Logger } from '../core/logger';
import { accessTokenKey, type SecretStore } from '../core/secretStore';
import { connectionSecretKeys } from './settings/settingsKeys';
import { providerName } from '../../shared/providers';
import { UserFacingError } from '../core/userFacingError';

export type RemovalResult = ChannelOutput<'connections:remove'>;

export interface RemovalDeps {
  connections: ConnectionStore;
  secrets: SecretStore;
  logger: Logger;
  /** The adapter that serves the connection; throws a UserFacingError when none can (demo off, provider not set up). */
  adapterFor(connection: ConnectionRecord): ProviderAdapter;
  onChange(): void;
}

export function createConnectionRemoval(deps: RemovalDeps) {
  async function tellProvider(c: ConnectionRecord): Promise<RemovalOutcome> {
    try {
      const adapter = deps.adapterFor(c);
      const accessToken = adapter.perConnectionToken ? await deps.secrets.get(accessTokenKey(c.id)) : null;
      if (accessToken) deps.logger.addSecret(accessToken);
      if (adapter.perConnectionToken && !accessToken) return { kind: 'failed', reason: 'Its access token was not in the keychain.' };
      return await adapter.remove({ connectionId: c.id, externalId: c.externalId, accessToken });
    } catch (e) {
      if (e instanceof UserFacingError) return { kind: 'failed', reason: e.message };
      // Not the error itself: an SDK's error can carry a secret.
      deps.logger.error(`removing ${c.id} at ${c.provider} threw ${e instanceof Error ? e.name : 'a non-error'}`);
      return { kind: 'failed', reason: 'Something went wrong inside Ledgerline; see the log.' };
    }
  }

  /** Deletes the connection's keychain entries and its registry record; no provider call. */
  async function forgetLocally(c: ConnectionRecord): Promise<void> {
    for (const key of connectionSecretKeys(c.id)) {
      try {
        await deps.secrets.delete(key);
      } catch (e) {
        deps.logger.warn(`could not delete the keychain entry ${key}: ${e instanceof Error ? e.name : 'non-error'}`);
      }
    }
    if (deps.connections.get(c.id)) deps.connections.remove(c.id);
  }

  async function remove(connectionId: string, opts: { notify?: boolean } = {}): Promise<RemovalResult> {
    const c = deps.connections.get(connectionId);
    if (!c) throw new UserFacingError('That connection is not in Ledgerline (it may have been removed already).');
    const outcome = await tellProvider(c);
    await forgetLocally(c);
    if (opts.notify !== false) deps.onChange();
    const provider = providerName(c.provider);
    const name = c.institutionName;
    if (outcome.kind === 'removed') {
      deps.logger.info(`removed connection ${c.id} (${c.provider}${outcome.alreadyGone ? ', already gone there' : ''})`);
      return {
        providerRemoved: true,
        message: outcome.alreadyGone
          ? `${name} was removed from Ledgerline; ${provider} had already forgotten it.`
          : `${name} was removed from Ledgerline and from ${provider}.`,
      };
    }
    deps.logger.warn(`removed connection ${c.id} locally; ${c.provider} was not told: ${outcome.reason}`);
    return {
      providerRemoved: false,
      message: `${name} was removed from Ledgerline, but ${provider} could not be told: ${outcome.reason} ${provider} may still list it until you remove it there.`,
    };
  }

  return { remove, forgetLocally };
}
export type ConnectionRemoval = ReturnType<typeof createConnectionRemoval>;
