/**
 * The composition root of the main process: plain Node services, no Electron. `electron/main.ts`
 * and the browser host both start the app through this one function.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionInfo, Provider } from '../../shared/types';
import { providerName } from '../../shared/providers';
import type { ProviderAdapter } from '../providers/adapter';
import { buildLinkDriver, buildSandboxDriver, PROVIDER_MODULES } from '../providers/registry';
import { DEFAULT_RETRY } from '../providers/retry';
import type { AppConfig } from './config';
import { createConnectionRemoval } from './connectionRemoval';
import { openConnectionStore, toConnectionInfo, type ConnectionRecord, type ConnectionStore } from '../core/connectionStore';
import { setupDemo } from './demo';
import { createDemoMode } from './demoMode';
import { createExportFiles, type ChooseSavePath } from './exportFiles';
import { createBackupFiles, openAutoBackupStore, type ChooseBackupFolder, type ChooseBackupPath } from './backupFiles';
import { createHandlers, noDesktop, type Desktop, type Handlers } from './handlers';
import { createLogger, type Logger } from '../core/logger';
import { memoryStore, openKeychain, accessTokenKey, type SecretStore } from '../core/secretStore';
import { createSettingsService } from './settings/settingsService';
import { createLinkFlows } from './link/linkFlows';
import { openSettingsStore } from './settings/settingsStore';
import { UserFacingError } from '../core/userFacingError';
import { createSyncService } from './syncService';

export interface Services {
  handlers: Handlers;
  logger: Logger;
  /** 'connections:changed' with the new list, whenever a status changes or connections come or go. */
  events: EventEmitter<{ 'connections:changed': [ConnectionInfo[]] }>;
  /** The registry; the link flows add real connections here (and tests do directly). */
  connections: ConnectionStore;
  close(): Promise<void>;
}

export async function createServices(opts: {
  config: AppConfig;
  host: AppInfo['host'];
  version: string;
  /** Mirror log lines somewhere (the browser host uses stderr). */
  echo?: (line: string) => void;
  /** Opens a URL in the system browser (Electron's shell); the browser host has none. */
  openExternal?: (url: string) => Promise<boolean>;
  /** The system save dialog for exports (Electron); the browser host has none and saves nothing. */
  chooseSavePath?: ChooseSavePath;
  /** The save and folder dialogs for backups (Electron); the browser host has neither. */
  chooseBackupPath?: ChooseBackupPath;
  chooseBackupFolder?: ChooseBackupFolder;
  /** Tests inject a store; the app always opens the OS keychain. */
  secrets?: SecretStore;
  /** Notifications and the badge (Electron injects them; the browser host has none). */
  desktop?: Desktop;
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
  // Real connections' tokens are redacted from the log before anything can print them.
  for (const c of connections.list().filter((r) => !r.demo)) {
    const token = await secrets.get(accessTokenKey(c.id));
    if (token) logger.addSecret(token);
  }

  const retry = { ...DEFAULT_RETRY, baseMs: config.retryBaseMs };
  const events: Services['events'] = new EventEmitter();
  const emitChanged = () => events.emit('connections:changed', connections.list().map(toConnectionInfo));

  const live: Partial<Record<Provider, ProviderAdapter>> = {};
  const liveDeps = { secrets, logger, retry, timeoutMs: config.requestTimeoutMs };

  // Demo connections go to the running demo's adapters, real ones to the adapter built from Settings.
  const adapterFor = (c: ConnectionRecord): ProviderAdapter => {
    if (!c.demo) {
      const adapter = live[c.provider];
      if (!adapter) throw new UserFacingError(`${c.institutionName} cannot sync: ${providerName(c.provider)} is not set up. Add its keys in Settings.`);
      return adapter;
    }
    const demo = demoMode.current();
    if (!demo) throw new UserFacingError(`${c.institutionName} is a demo connection, and demo mode is off.`);
    const provider = demo.providers[c.provider];
    if (!provider) {
      const why = demo.failures[c.provider];
      throw new UserFacingError(`${c.institutionName} cannot sync: ${c.provider} did not start${why ? ` (${why})` : ''}.`);
    }
    return provider.adapter;
  };

  const removal = createConnectionRemoval({ connections, secrets, logger, adapterFor, onChange: emitChanged });
  const demoSecrets = secrets;
  const demoMode = createDemoMode({
    setup: () => setupDemo({ config, secrets: demoSecrets, connections, logger, retry }),
    connections,
    removal,
    logger,
  });
  const settings = createSettingsService({
    store: openSettingsStore(config.dataDir),
    secrets,
    logger,
    demo: demoMode,
    setLive: (provider, profile) => {
      if (profile) live[provider] = PROVIDER_MODULES[provider].liveAdapter(profile, liveDeps);
      else delete live[provider];
    },
    test: (profile) => PROVIDER_MODULES[profile.provider].testCredentials(profile, liveDeps),
    onConnectionsChanged: emitChanged,
    realConnections: (provider) => connections.list().filter((c) => c.provider === provider && !c.demo).length,
  });
  await settings.init();

  const sync = createSyncService({ connections, secrets, logger, adapterFor, onChange: emitChanged });
  const links = createLinkFlows({
    driverFor: async (provider, { sandbox }) => {
      const profile = await settings.profileOf(provider);
      if (!profile) throw new UserFacingError(`${providerName(provider)} is not set up: add its keys in Settings first.`);
      return sandbox ? buildSandboxDriver(profile, liveDeps) : buildLinkDriver(profile, liveDeps);
    },
    connections,
    secrets,
    logger,
    onChange: emitChanged,
    ...(opts.openExternal ? { openExternal: opts.openExternal } : {}),
  });
  const keychain = { available: secrets.available, detail: secrets.detail };
  const handlers = createHandlers({
    connections,
    sync,
    settings,
    removal,
    links,
    exportFiles: createExportFiles({ logger, ...(opts.chooseSavePath ? { chooseSavePath: opts.chooseSavePath } : {}) }),
    backups: createBackupFiles({
      logger,
      store: openAutoBackupStore(config.dataDir),
      ...(opts.chooseBackupPath ? { chooseSavePath: opts.chooseBackupPath } : {}),
      ...(opts.chooseBackupFolder ? { chooseFolder: opts.chooseBackupFolder } : {}),
    }),
    simulate: (c, action) => {
      const provider = demoMode.current()?.providers[c.provider];
      if (!c.demo || !provider) throw new UserFacingError('Only demo connections can be simulated.');
      return provider.simulate(c.externalId, action);
    },
    appInfo: () => ({ version: opts.version, host: opts.host, demo: settings.demoEnabled(), keychain }),
    desktop: opts.desktop ?? noDesktop,
  });
  logger.info(`services started (${opts.host}, data in ${config.dataDir}, keychain: ${keychain.available ? 'yes' : 'no'}, demo: ${settings.demoEnabled() ? 'on' : 'off'})`);
  return { handlers, logger, events, connections, close: async () => void (await Promise.all([demoMode.close(), links.close()])) };
}
