/**
 * Exposes `window.ledgerline`: the named methods of the shared contract and nothing else — no
 * ipcRenderer, no generic invoke, no Node API. The methods are made from the name tables in
 * shared/ipc/channels.ts (each call method invokes its one channel, each subscription listens to its
 * one event), so the page gets exactly the names `LedgerlineApi` has. Replies are passed on as
 * `{ ok, value | error }` envelopes, never thrown: contextBridge would strip a thrown error's code
 * (see `BridgeApi`).
 *
 * Bundled alone into one sandbox-compatible CommonJS file: it imports only `electron` and the
 * zod-free channels module at run time (types come from the contract).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { mapChannels, mapEvents, type ApiEvent } from '../shared/ipc/channels';
import type { BridgeApi, EventPayload } from '../shared/ipc/contract';

type Listener = (payload?: unknown) => void;

/** A main → renderer event: the listener gets its payload (nothing for a bare signal), never the IPC event object. */
function on(event: ApiEvent, listener: Listener): () => void {
  const wrapped = (_event: IpcRendererEvent, payload?: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => void ipcRenderer.removeListener(event, wrapped);
}

/**
 * "Restart to update": main announces a downloaded update once, possibly before React has mounted
 * the banner, so the last announcement is kept here and handed to every later listener.
 */
type UpdateReady = EventPayload<'app:updateReady'>;
let updateReady: UpdateReady | null = null;
const updateListeners = new Set<Listener>();
ipcRenderer.on('app:updateReady', (_event: IpcRendererEvent, update: UpdateReady) => {
  updateReady = { version: String(update?.version ?? '').slice(0, 64) };
  for (const l of updateListeners) l(updateReady);
});
function onUpdateReady(listener: Listener): () => void {
  updateListeners.add(listener);
  if (updateReady) listener(updateReady);
  return () => void updateListeners.delete(listener);
}

const api = {
  ...mapChannels((channel) => (input?: unknown) => ipcRenderer.invoke(channel, input)),
  ...mapEvents((event) => (listener: Listener) => (event === 'app:updateReady' ? onUpdateReady(listener) : on(event, listener))),
} as unknown as BridgeApi;

contextBridge.exposeInMainWorld('ledgerline', api);
