/** The browser host's WebSocket framing of the IPC contract (Electron does not use this). */
export const IPC_PROTOCOL = 'ledgerline-ipc-v1';
/** The per-launch secret travels as a second offered subprotocol, `key.<secret>`. */
export const KEY_PROTOCOL_PREFIX = 'key.';
export const IPC_PATH = '/ipc';

export interface WsRequest { id: number; channel: string; payload: unknown }
export type WsReply =
  | { id: number | null; ok: true; value: unknown }
  | { id: number | null; ok: false; error: { code: string; message: string } };
export interface WsEvent { event: string; payload: unknown }
