import type { FromWorker, ToWorker } from '../../renderer/src/index/protocol';

/**
 * The ledger index worker module itself, run in this thread for unit tests: `self` is a stand-in
 * whose postMessage pushes each answer onto `answers`; IndexedDB is whatever the test installed
 * (fake-indexeddb); notifyIndex and the worker meet on Node's BroadcastChannel. Sends `init` for
 * `dbName` and returns the function that sends the worker a message; waiting for `ready` is the
 * caller's. One per test file (the module keeps its state).
 */
export async function startIndexWorkerInThread(dbName: string, answers: FromWorker[]): Promise<(message: ToWorker) => void> {
  const fake = {
    onmessage: null as ((event: MessageEvent<ToWorker>) => void) | null,
    postMessage: (m: FromWorker) => void answers.push(m),
  };
  (globalThis as unknown as { self: typeof fake }).self = fake;
  await import('../../renderer/src/index/ledgerIndex.worker');
  const send = (message: ToWorker) => fake.onmessage?.({ data: message } as MessageEvent<ToWorker>);
  send({ type: 'init', dbName });
  return send;
}
