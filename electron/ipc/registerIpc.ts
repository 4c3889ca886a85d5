/**
 * The single Electron IPC registrar: every channel of the contract, each message checked for its
 * sender (our own window, our own app:// page, the top frame) before its input is validated.
 */
import { ipcMain, type WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Services } from '../services/createServices';
import { dispatch, type IpcEnvelope } from './dispatch';
import { isTrustedSender } from './appUrl';

export function registerIpc(services: Services, trusted: () => WebContents | null): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event, trusted)) {
        services.logger.warn(`refused ${channel} from an untrusted sender`);
        return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted sender.' } };
      }
      return dispatch(services.handlers, channel, payload, services.logger);
    });
  }
  services.events.on('connections:changed', (list) => trusted()?.send('connections:changed', list));
}
