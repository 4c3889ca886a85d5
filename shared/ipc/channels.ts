/**
 * The API's names, written once: which IPC channel each method of `window.ledgerline` speaks on,
 * and which main → renderer event each subscription method listens to. `LedgerlineApi`
 * (contract.ts), the Electron preload and the browser host's WebSocket client are all derived from
 * these two tables by mapping, so adding a method is one row here plus its schemas in contract.ts.
 *
 * Zod-free and import-free on purpose: the sandboxed preload bundles this module (and only this
 * one from shared/) into its single CommonJS file; the schemas stay in main and the renderer.
 */

/** Method → channel: every call the page can make (each resolves to the channel's reply). */
export const API_CHANNELS = {
  appInfo: 'app:info',
  listConnections: 'connections:list',
  requestRefresh: 'sync:refresh',
  pull: 'sync:pull',
  /** A connection's investment positions (SnapTrade), read from the provider now; never stored. */
  listHoldings: 'holdings:list',
  pullStream: 'sync:pullStream',
  pullNext: 'sync:pullNext',
  reportSync: 'sync:report',
  simulateDemo: 'demo:simulate',
  getSettings: 'settings:get',
  saveProviderSettings: 'settings:saveProvider',
  clearProviderSettings: 'settings:clearProvider',
  testProvider: 'settings:testProvider',
  setDemo: 'settings:setDemo',
  removeConnection: 'connections:remove',
  startLink: 'connections:startLink',
  linkStatus: 'connections:linkStatus',
  cancelLink: 'connections:cancelLink',
  notify: 'app:notify',
  setBadge: 'app:setBadge',
  /** Electron: the system save dialog, then main writes the file. Browser host: a download, in the page. */
  saveExport: 'export:save',
  /** Only on the user's click of "Restart to update"; never called by the app on its own. */
  installUpdate: 'app:installUpdate',
  /** A backup file the renderer built. Electron: the save dialog, then main writes it. Browser host: a download, in the page. */
  saveBackup: 'backup:save',
  /** Automatic backups: the folder, retention and the last result, as main keeps them; whether one is due now. */
  autoBackupStatus: 'backup:autoStatus',
  /** Electron: the folder dialog; main keeps the path. */
  chooseBackupFolder: 'backup:chooseFolder',
  setAutoBackup: 'backup:setAuto',
  /** An automatic backup the renderer built because main said one is due: main writes it and applies retention. */
  writeAutoBackup: 'backup:writeAuto',
} as const;

/** Subscription method → main's event: each takes a listener and returns its unsubscribe. */
export const API_EVENTS = {
  onConnectionsChanged: 'connections:changed',
  /** Main's `power:resume` (the browser host never sends it; the renderer also detects sleep itself). */
  onPowerResume: 'power:resume',
  /** Main's `app:refreshRequested` (Electron's menu accelerator; the browser host has none). */
  onRefreshRequested: 'app:refreshRequested',
  /**
   * Main's `app:updateReady`, also for an update announced before the listener was added (the
   * preload keeps the last one). The browser host never reports an update.
   */
  onUpdateReady: 'app:updateReady',
} as const;

export type ApiMethod = keyof typeof API_CHANNELS;
export type ApiChannel = (typeof API_CHANNELS)[ApiMethod];
export type ApiEventMethod = keyof typeof API_EVENTS;
export type ApiEvent = (typeof API_EVENTS)[ApiEventMethod];

/** The subscription methods' names (every other method speaks on a channel). */
export const API_EVENT_METHODS = Object.keys(API_EVENTS) as ApiEventMethod[];
/** Every name `window.ledgerline` has: the calls, then the subscriptions. */
export const API_METHOD_NAMES: readonly (ApiMethod | ApiEventMethod)[] = [...(Object.keys(API_CHANNELS) as ApiMethod[]), ...API_EVENT_METHODS];

/** One value per call method, made from its channel (the preload's and the socket's `call`). */
export function mapChannels<T>(make: (channel: ApiChannel, method: ApiMethod) => T): Record<ApiMethod, T> {
  return Object.fromEntries(Object.entries(API_CHANNELS).map(([method, channel]) => [method, make(channel, method as ApiMethod)])) as Record<ApiMethod, T>;
}

/** One value per subscription method, made from its event. */
export function mapEvents<T>(make: (event: ApiEvent, method: ApiEventMethod) => T): Record<ApiEventMethod, T> {
  return Object.fromEntries(Object.entries(API_EVENTS).map(([method, event]) => [method, make(event, method as ApiEventMethod)])) as Record<ApiEventMethod, T>;
}
