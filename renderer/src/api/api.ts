/** The one LedgerlineApi the renderer talks to: Electron's preload object, or the browser host's socket. */
import type { LedgerlineApi } from '../../../shared/ipc/contract';
import { createWsClient } from './wsClient';

declare global {
  interface Window {
    ledgerline?: LedgerlineApi;
  }
}

let api: LedgerlineApi | null = null;

export function getApi(): LedgerlineApi {
  api ??= window.ledgerline ?? createWsClient();
  return api;
}
