/**
 * The browser host's transport: the same LedgerlineApi as Electron's preload, carried over a
 * WebSocket to 127.0.0.1. The per-launch key arrives in the URL fragment (never sent in an HTTP
 * request) and is kept for this tab only. Every call method of the contract goes over the socket
 * (made from shared/ipc/channels.ts) except the few that stay in the page, listed at the end.
 */
import { mapChannels, mapEvents, type ApiChannel, type ApiEvent } from '../../../shared/ipc/channels';
import { IpcCallError, type LedgerlineApi } from '../../../shared/ipc/contract';
import { IPC_PATH, IPC_PROTOCOL, KEY_PROTOCOL_PREFIX, type WsEvent, type WsReply } from '../../../shared/ipc/wsProtocol';
import { downloadInPage } from '../export/download';
import { downloadBackupInPage, noAutoBackupInPage } from '../backup/downloadBackup';

export class HostConnectionError extends Error {}

function takeKey(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem('ledgerline.hostKey', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  const kept = sessionStorage.getItem('ledgerline.hostKey');
  if (!kept) throw new HostConnectionError('This page needs the address printed by `npm run web` (it carries a one-time key).');
  return kept;
}

export function createWsClient(): LedgerlineApi {
  const key = takeKey();
  // A restarted host prints a new address that differs only in its fragment; pasting it into this
  // tab is a same-document navigation, so start over with the new key.
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.slice(1)).get('key')) location.reload();
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedError: Error | null = null;

  const ws = new WebSocket(`ws://${location.host}${IPC_PATH}`, [IPC_PROTOCOL, KEY_PROTOCOL_PREFIX + key]);
  const open = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new HostConnectionError('Could not reach the Ledgerline host. Is `npm run web` still running?')), { once: true });
  });
  ws.addEventListener('close', () => {
    closedError = new HostConnectionError('Lost the connection to the Ledgerline host. Restart `npm run web` and open its new address.');
    for (const p of pending.values()) p.reject(closedError);
    pending.clear();
  });
  ws.addEventListener('message', (ev: MessageEvent<string>) => {
    const msg = JSON.parse(ev.data) as WsReply | WsEvent;
    if ('event' in msg) {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = msg.id === null ? undefined : pending.get(msg.id);
    if (!p || msg.id === null) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new IpcCallError(msg.error.code, msg.error.message));
  });

  async function call(channel: ApiChannel, payload: unknown): Promise<unknown> {
    await open;
    if (closedError) throw closedError;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, channel, payload }));
    });
  }

  /** Main's events the host forwards (only `connections:changed`: the others are Electron's). */
  function on(event: ApiEvent, listener: (payload: unknown) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set.add(listener));
    return () => void set.delete(listener);
  }

  const overSocket = {
    ...mapChannels((channel) => (input?: unknown) => call(channel, input)),
    ...mapEvents((event) => (listener: (payload: unknown) => void) => on(event, listener)),
  } as unknown as LedgerlineApi;

  return {
    ...overSocket,
    // A download in the page, never over the socket: the host writes no file because a page asked.
    saveExport: (input) => downloadInPage(input),
    // A backup too (and it is larger than the socket's 1 MB message limit). Automatic backups need
    // a folder main writes to: the host has none, and says so in backup:autoStatus.
    saveBackup: (input) => downloadBackupInPage(input),
    writeAutoBackup: async () => noAutoBackupInPage(await overSocket.autoBackupStatus()),
    // Notifications and the badge stay in the page (web Notification API, the tab title): the host
    // process has no desktop to show them on.
    notify: async ({ title, body }) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return { shown: false };
      new Notification(title.slice(0, 120), { body: body.slice(0, 400) });
      return { shown: true };
    },
    setBadge: async ({ count }) => {
      document.title = count > 0 ? `(${count}) Ledgerline` : 'Ledgerline';
    },
    // Electron-only events: the page detects sleep itself, and Ctrl/Cmd+R reaches its keydown handler.
    onPowerResume: () => () => undefined,
    onRefreshRequested: () => () => undefined,
    // Updates are the installed app's: the browser host never reports one, and has nothing to install.
    installUpdate: async () => ({ installing: false }),
    onUpdateReady: () => () => undefined,
  };
}
