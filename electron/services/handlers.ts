/**
 * The implementation of the IPC contract: one function per channel. Its type is derived from the
 * contract, so a missing or mistyped handler is a compile error.
 */
import type { z } from 'zod';
import type { AppInfo, ChannelInput, ChannelOutput, Channel, Contract, DemoAction } from '../../shared/ipc/contract';
import type { ConnectionRemoval } from './connectionRemoval';
import type { ExportFiles } from './exportFiles';
import type { BackupFiles } from './backupFiles';
import { toConnectionInfo, type ConnectionRecord, type ConnectionStore } from '../core/connectionStore';
import type { SettingsService } from './settings/settingsService';
import type { LinkFlows } from './link/linkFlows';
import { UserFacingError } from '../core/userFacingError';
import type { SyncService } from './syncService';

/** What main can do on the desktop; `noDesktop` where there is none (the browser host). */
export interface Desktop {
  notify(input: ChannelInput<'app:notify'>): Promise<ChannelOutput<'app:notify'>>;
  setBadge(count: number): void;
  /** "Restart to update" (Electron's updater); absent where there is no updater. */
  installUpdate?(): Promise<ChannelOutput<'app:installUpdate'>>;
}
export const noDesktop: Desktop = { notify: async () => ({ shown: false }), setBadge: () => undefined };

export type Handlers = {
  [C in Channel]: (input: z.output<Contract[C]['input']>) => Promise<ChannelOutput<C>>;
};

export function createHandlers(deps: {
  appInfo: () => AppInfo;
  connections: ConnectionStore;
  sync: SyncService;
  settings: SettingsService;
  removal: ConnectionRemoval;
  links: LinkFlows;
  /** `export:save`: the save dialog and the write (Electron); a refusal on the browser host. */
  exportFiles: ExportFiles;
  /** Backups: the manual file and the automatic ones (backupFiles.ts). */
  backups: BackupFiles;
  /** Demo mode's "try a situation" for one connection; returns what to tell the user. */
  simulate(connection: ConnectionRecord, action: DemoAction): Promise<string>;
  /** Desktop notification and badge (Electron); the browser host's client does these itself. */
  desktop: Desktop;
}): Handlers {
  return {
    'app:info': async () => deps.appInfo(),
    'connections:list': async () => deps.connections.list().map(toConnectionInfo),
    'connections:remove': ({ connectionId }) => deps.removal.remove(connectionId),
    'connections:startLink': ({ provider, reauthConnectionId, sandbox }) => deps.links.start(provider, reauthConnectionId, sandbox ?? false),
    'connections:linkStatus': ({ flowId }) => deps.links.status(flowId),
    'connections:cancelLink': ({ flowId }) => deps.links.cancel(flowId),
    'sync:refresh': (input) => deps.sync.refresh(input.connectionId),
    'holdings:list': async ({ connectionId }) => ({ accounts: await deps.sync.holdings(connectionId) }),
    'sync:pull': (input) => deps.sync.pull(input),
    'sync:pullStream': (input) => deps.sync.pullStream(input),
    'sync:pullNext': (input) => deps.sync.pullNext(input),
    'demo:simulate': async ({ connectionId, action }) => {
      const c = deps.connections.get(connectionId);
      if (!c?.demo) throw new UserFacingError('Only demo connections can be simulated.');
      return { message: await deps.simulate(c, action) };
    },
    'sync:report': async (input) => {
      deps.sync.report(input);
      return undefined;
    },
    'settings:get': () => deps.settings.view(),
    'settings:saveProvider': (input) => deps.settings.saveProvider(input),
    'settings:clearProvider': ({ provider }) => deps.settings.clearProvider(provider),
    'settings:testProvider': ({ provider }) => deps.settings.testProvider(provider),
    'settings:setDemo': ({ enabled }) => deps.settings.setDemo(enabled),
    'app:notify': (input) => deps.desktop.notify(input),
    'app:setBadge': async ({ count }) => {
      deps.desktop.setBadge(count);
      return undefined;
    },
    'export:save': (input) => deps.exportFiles.save(input),
    'app:installUpdate': async () => (await deps.desktop.installUpdate?.()) ?? { installing: false },
    'backup:save': (input) => deps.backups.save(input),
    'backup:autoStatus': async () => deps.backups.status(),
    'backup:chooseFolder': () => deps.backups.chooseFolder(),
    'backup:setAuto': async (input) => deps.backups.setAuto(input),
    'backup:writeAuto': (input) => deps.backups.writeAuto(input),
  };
}
