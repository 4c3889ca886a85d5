/**
 * The browser host's IPC WebSocket as the page opens it (same Origin, the per-launch key offered as
 * a subprotocol), from Node, for tests that speak the wire protocol directly.
 */
import WebSocket from 'ws';
import { IPC_PATH, IPC_PROTOCOL, KEY_PROTOCOL_PREFIX } from '../../../shared/ipc/wsProtocol';

export interface Reply {
  id: number | null;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

export interface IpcSocket {
  readonly ws: WebSocket;
  /** Sends one raw text frame and resolves with the next reply (events are skipped). */
  send(text: string, timeoutMs?: number): Promise<Reply>;
  /** Sends a frame the host must refuse by closing the socket; resolves with the close code. */
  sendExpectingClose(text: string, timeoutMs?: number): Promise<number>;
  isOpen(): boolean;
  close(): void;
}

/** Origin and key from the URL the host printed (`http://127.0.0.1:<port>/#key=<secret>`). */
export function hostAccess(hostUrl: string): { origin: string; key: string } {
  const url = new URL(hostUrl);
  return { origin: url.origin, key: new URLSearchParams(url.hash.slice(1)).get('key') ?? '' };
}

export function openIpcSocket(hostUrl: string): Promise<IpcSocket> {
  const { origin, key } = hostAccess(hostUrl);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${IPC_PATH}`, [IPC_PROTOCOL, KEY_PROTOCOL_PREFIX + key], { origin });
    const waiting: ((r: Reply) => void)[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Reply | { event: string };
      if ('event' in msg) return;
      waiting.shift()?.(msg);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => undefined); // a refused frame closes the socket; 'close' reports it
      resolve({
        ws,
        send: (text, timeoutMs = 15_000) =>
          new Promise<Reply>((res, rej) => {
            if (ws.readyState !== WebSocket.OPEN) return rej(new Error('socket is not open'));
            const timer = setTimeout(() => rej(new Error(`no reply within ${timeoutMs} ms to ${text.slice(0, 200)}`)), timeoutMs);
            const onClose = (code: number) => {
              clearTimeout(timer);
              rej(new Error(`socket closed (${code}) instead of replying to ${text.slice(0, 200)}`));
            };
            ws.once('close', onClose);
            waiting.push((r) => {
              clearTimeout(timer);
              ws.off('close', onClose);
              res(r);
            });
            ws.send(text);
          }),
        sendExpectingClose: (text, timeoutMs = 15_000) =>
          new Promise<number>((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`socket still open ${timeoutMs} ms after an oversized frame`)), timeoutMs);
            waiting.push((r) => {
              clearTimeout(timer);
              rej(new Error(`the host answered an oversized frame: ${JSON.stringify(r).slice(0, 200)}`));
            });
            ws.once('close', (code) => {
              clearTimeout(timer);
              res(code);
            });
            ws.send(text);
          }),
        isOpen: () => ws.readyState === WebSocket.OPEN,
        close: () => ws.close(),
      });
    });
  });
}
