/**
 * The implementation of the IPC contract: one function per channel. Its type is derived from the
 * contract, so a missing or mistyped handler is a compile error.
 */
import type { z } from 'zod';
import type { AppInfo, ChannelOutput, Channel, Contract } from '../../shared/ipc/contract';
import { toConnectionInfo, type ConnectionStore } from './connectionStore';
import type { SyncService } from './syncService';

export type Handlers = {
  [C in Channel]: (input: z.output<Contract[C]['input']>) => Promise<ChannelOutput<C>>;
};

export function createHandlers(deps: {
  appInfo: () => AppInfo;
  connections: ConnectionStore;
  sync: SyncService;
}): Handlers {
  return {
    'app:info': async () => deps.appInfo(),
    'connections:list': async () => deps.connections.list().map(toConnectionInfo),
    'sync:refresh': (input) => deps.sync.refresh(input.connectionId),
    'sync:pull': (input) => deps.sync.pull(input),
    'sync:report': async (input) => {
      deps.sync.report(input);
      return undefined;
    },
  };
}
