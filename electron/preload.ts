/**
 * Exposes `window.ledgerline`: the named methods of the shared contract and nothing else — no
 * ipcRenderer, no generic invoke, no Node API. Replies are passed on as `{ ok, value | error }`
 * envelopes, never thrown: contextBridge would strip a thrown error's code (see `BridgeApi`).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeApi, Channel, ChannelInput, ChannelOutput, EventPayload, IpcEnvelope } from '../shared/ipc/contract';
import type { ConnectionInfo } from '../shared/types';

function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcEnvelope<ChannelOutput<C>>> {
  return ipcRenderer.invoke(channel, input) as Promise<IpcEnvelope<ChannelOutput<C>>>;
}

/** A main → renderer event without data: the listener gets nothing from the IPC event object. */
function onSignal(event: 'power:resume' | 'app:refreshRequested', listener: () => void): () => void {
  const wrapped = () => listener();
  ipcRenderer.on(event, wrapped);
  return () => void ipcRenderer.removeListener(event, wrapped);
}

/**
 * "Restart to update": main announces a downloaded update once, possibly before React has mounted
 * the banner, so the last announcement is kept here and handed to every later listener.
 */
type UpdateReady = EventPayload<'app:updateReady'>;
let updateReady: UpdateReady | null = null;
const updateListeners = new Set<(update: UpdateReady) => void>();
ipcRenderer.on('app:updateReady', (_event: IpcRendererEvent, update: UpdateReady) => {
  updateReady = { version: String(update?.version ?? '').slice(0, 64) };
  for (const l of updateListeners) l(updateReady);
});

const api = {
  appInfo: () => call('app:info', undefined),
  listConnections: () => call('connections:list', undefined),
  requestRefresh: (input) => call('sync:refresh', input),
  pull: (input) => call('sync:pull', input),
  pullStream: (input) => call('sync:pullStream', input),
  pullNext: (input) => call('sync:pullNext', input),
  reportSync: (input) => call('sync:report', input),
  simulateDemo: (input) => call('demo:simulate', input),
  getSettings: () => call('settings:get', undefined),
  saveProviderSettings: (input) => call('settings:saveProvider', input),
  clearProviderSettings: (input) => call('settings:clearProvider', input),
  testProvider: (input) => call('settings:testProvider', input),
  setDemo: (input) => call('settings:setDemo', input),
  removeConnection: (input) => call('connections:remove', input),
  startLink: (input) => call('connections:startLink', input),
  linkStatus: (input) => call('connections:linkStatus', input),
  cancelLink: (input) => call('connections:cancelLink', input),
  saveExport: (input) => call('export:save', input),
  onConnectionsChanged(listener) {
    const wrapped = (_event: IpcRendererEvent, list: ConnectionInfo[]) => listener(list);
    ipcRenderer.on('connections:changed', wrapped);
    return () => void ipcRenderer.removeListener('connections:changed', wrapped);
  },
  notify: (input) => call('app:notify', input),
  setBadge: (input) => call('app:setBadge', input),
  onPowerResume: (listener) => onSignal('power:resume', listener),
  onRefreshRequested: (listener) => onSignal('app:refreshRequested', listener),
  installUpdate: () => call('app:installUpdate', undefined),
  onUpdateReady(listener) {
    updateListeners.add(listener);
    if (updateReady) listener(updateReady);
    return () => void updateListeners.delete(listener);
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('ledgerline', api);
