/**
 * The composition root of the main process: plain Node services, no Electron. `electron/main.ts`
 * and the browser host both start the app through this one function.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionInfo } from '../../shared/types';
import { DEFAULT_RETRY } from '../providers/retry';
import type { AppConfig } from './config';
import { openConnectionStore, toConnectionInfo } from './connectionStore';
import { setupDemo } from './demo';
import { createHandlers, type Handlers } from './handlers';
import { createLogger, type Logger } from './logger';
import { memoryStore, openKeychain, type SecretStore } from './secretStore';
import { createSyncService, UserFacingError } from './syncService';

export interface Services {
  handlers: Handlers;
  logger: Logger;
  /** 'connections:changed' with the new list, whenever a status changes. */
  events: EventEmitter<{ 'connections:changed': [ConnectionInfo[]] }>;
  close(): Promise<void>;
}

export async function createServices(opts: {
  config: AppConfig;
  host: AppInfo['host'];
  version: string;
  /** Mirror log lines somewhere (the browser host uses stderr). */
  echo?: (line: string) => void;
  /** Tests inject a store; the app always opens the OS keychain. */
  secrets?: SecretStore;
}): Promise<Services> {
  const { config } = opts;
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ file: path.join(config.dataDir, 'ledgerline.log'), ...(opts.echo ? { echo: opts.echo } : {}) });

  let secrets = opts.secrets;
  if (!secrets) {
    const opened = await openKeychain(config.keychainService);
    secrets = opened.store ?? memoryStore(`${opened.reason} Demo data is kept for this session only; real accounts cannot be connected until a keychain is available.`);
  }
  if (!secrets.available) logger.warn(secrets.detail);

  const connections = openConnectionStore(config.dataDir);
  // A sync that was running when the app last stopped did not commit anything: say so, don't pretend it runs.
  for (const c of connections.list().filter((r) => r.status.state === 'syncing')) {
    connections.setStatus(c.id, { state: c.status.lastSuccessAt ? 'ok' : 'never_synced', message: 'The last sync was interrupted; it will run again.' });
  }

  const retry = { ...DEFAULT_RETRY, baseMs: config.retryBaseMs };
  const demo = await setupDemo({ config, secrets, connections, logger, retry });

  const events: Services['events'] = new EventEmitter();
  const sync = createSyncService({
    connections,
    secrets,
    logger,
    adapterFor: (c) => {
      const provider = demo.providers[c.provider];
      if (!provider) {
        const why = demo.failures[c.provider];
        throw new UserFacingError(`${c.institutionName} cannot sync: ${c.provider} did not start${why ? ` (${why})` : ''}.`);
      }
      return provider.adapter;
    },
    onChange: () => events.emit('connections:changed', connections.list().map(toConnectionInfo)),
  });
  const keychain = { available: secrets.available, detail: secrets.detail };
  const handlers = createHandlers({
    connections,
    sync,
    simulate: (c, action) => {
      const provider = demo.providers[c.provider];
      if (!c.demo || !provider) throw new UserFacingError('Only demo connections can be simulated.');
      return provider.simulate(c.externalId, action);
    },
    appInfo: () => ({ version: opts.version, host: opts.host, demo: true, keychain }),
  });
  logger.info(`services started (${opts.host}, data in ${config.dataDir}, keychain: ${keychain.available ? 'yes' : 'no'})`);
  return { handlers, logger, events, close: () => demo.close() };
}
