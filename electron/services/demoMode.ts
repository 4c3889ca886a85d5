/**
 * Demo mode on and off at run time. On: the embedded demo banks start and the demo connections are
 * made (setupDemo, which reuses or remakes them). Off: each demo connection is removed — at its demo
 * bank, from the keychain, from the registry — and the banks stop. The renderer purges the local
 * data of demo connections main no longer lists.
 */
import type { ConnectionStore } from '../core/connectionStore';
import type { ConnectionRemoval } from './connectionRemoval';
import type { Demo } from './demo';
import type { Logger } from '../core/logger';

export interface DemoMode {
  /** The running demo (banks and adapters), or null while demo mode is off. */
  current(): Demo | null;
  /** Starts the banks and makes the demo connections; does nothing if already running. */
  start(): Promise<void>;
  /** Removes every demo connection and stops the banks; also cleans leftovers when not running. */
  stop(): Promise<void>;
  /** App exit: stops the banks, keeps the connections. */
  close(): Promise<void>;
}

export function createDemoMode(deps: {
  setup(): Promise<Demo>;
  connections: ConnectionStore;
  removal: ConnectionRemoval;
  logger: Logger;
}): DemoMode {
  let demo: Demo | null = null;
  const demoConnections = () => deps.connections.list().filter((c) => c.demo);
  return {
    current: () => demo,
    async start() {
      if (demo) return;
      demo = await deps.setup();
      deps.logger.info('demo mode on');
    },
    async stop() {
      const running = demo;
      for (const c of demoConnections()) {
        // While the banks run, tell them (so their state does not keep dead items); else just forget.
        if (running) await deps.removal.remove(c.id, { notify: false });
        else await deps.removal.forgetLocally(c);
      }
      demo = null;
      if (running) {
        await running.close();
        deps.logger.info('demo mode off');
      }
    },
    async close() {
      const running = demo;
      demo = null;
      await running?.close();
    },
  };
}
