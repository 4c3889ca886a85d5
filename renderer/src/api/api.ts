/** The one LedgerlineApi the renderer talks to: Electron's preload object, or the browser host's socket. */
import { API_CHANNELS, type ApiMethod } from '../../../shared/ipc/channels';
import { IpcCallError, type BridgeApi, type IpcEnvelope, type LedgerlineApi } from '../../../shared/ipc/contract';
import { createWsClient } from './wsClient';

declare global {
  interface Window {
    /** Electron's preload API (envelopes; see BridgeApi). Absent in the browser host. */
    ledgerline?: BridgeApi;
  }
}

let api: LedgerlineApi | null = null;

/**
 * The preload's methods as the rest of the renderer calls them: a failed envelope becomes an
 * `IpcCallError` here, in the page, so its code survives the bridge. Event methods pass through.
 */
export function fromBridge(bridge: BridgeApi): LedgerlineApi {
  const unwrapped: Record<string, unknown> = { ...bridge };
  for (const name of Object.keys(API_CHANNELS) as ApiMethod[]) {
    const method = bridge[name] as (input?: unknown) => Promise<IpcEnvelope<unknown>>;
    unwrapped[name] = async (input?: unknown) => {
      const reply = await method(input);
      if (reply.ok) return reply.value;
      throw new IpcCallError(reply.error.code, reply.error.message);
    };
  }
  return unwrapped as unknown as LedgerlineApi;
}

export function getApi(): LedgerlineApi {
  api ??= window.ledgerline ? fromBridge(window.ledgerline) : createWsClient();
  return api;
}
