/**
 * Exposes `window.ledgerline`: the named methods of the shared contract and nothing else — no
 * ipcRenderer, no generic invoke, no Node API. Replies arrive as `{ ok, value | error }` envelopes.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, ChannelInput, ChannelOutput, IpcErrorReply, LedgerlineApi } from '../shared/ipc/contract';
import type { ConnectionInfo } from '../shared/types';

async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const reply = (await ipcRenderer.invoke(channel, input)) as { ok: true; value: ChannelOutput<C> } | { ok: false; error: IpcErrorReply };
  if (reply.ok) return reply.value;
  throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
}

const api = {
  appInfo: () => call('app:info', undefined),
  listConnections: () => call('connections:list', undefined),
  requestRefresh: (input) => call('sync:refresh', input),
  pull: (input) => call('sync:pull', input),
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
  onConnectionsChanged(listener) {
    const wrapped = (_event: IpcRendererEvent, list: ConnectionInfo[]) => listener(list);
    ipcRenderer.on('connections:changed', wrapped);
    return () => void ipcRenderer.removeListener('connections:changed', wrapped);
  },
} satisfies LedgerlineApi;

contextBridge.exposeInMainWorld('ledgerline', api);
