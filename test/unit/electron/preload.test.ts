// The preload's `window.ledgerline`: exactly the named methods of the contract (no ipcRenderer, no
// generic invoke), each call method invoking its one channel, each subscription listening to its one
// event and handing the listener the payload only. Electron's ipcRenderer/contextBridge are fakes.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNELS, API_EVENTS, API_METHOD_NAMES, type ApiEventMethod, type ApiMethod } from '../../../shared/ipc/channels';
import type { BridgeApi } from '../../../shared/ipc/contract';

const fake = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void fake.exposed.push([name, api]) },
  ipcRenderer: {
    on(event: string, l: (event: unknown, ...args: unknown[]) => void) {
      const set = fake.listeners.get(event) ?? new Set();
      fake.listeners.set(event, set.add(l));
    },
    removeListener: (event: string, l: (event: unknown, ...args: unknown[]) => void) => void fake.listeners.get(event)?.delete(l),
    invoke: async (channel: string, ...args: unknown[]) => {
      fake.invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
  },
}));

/** What main's webContents.send does: every listener gets an IPC event object, then the arguments. */
const send = (event: string, ...args: unknown[]) => {
  for (const l of fake.listeners.get(event) ?? []) l({ sender: 'ipc event object' }, ...args);
};

let api: BridgeApi;
beforeAll(async () => {
  await import('../../../electron/preload');
  expect(fake.exposed.map(([name]) => name)).toEqual(['ledgerline']);
  api = fake.exposed[0]?.[1] as BridgeApi;
});

describe('the preload', () => {
  it('exposes exactly the contract\'s named methods, all functions', () => {
    expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES].sort());
    for (const name of API_METHOD_NAMES) expect(typeof api[name], name).toBe('function');
    expect(API_METHOD_NAMES).not.toContain('invoke');
  });

  it('sends each call on its own channel with the input as the one argument, and passes the envelope back', async () => {
    for (const [method, channel] of Object.entries(API_CHANNELS) as [ApiMethod, string][]) {
      fake.invoked.length = 0;
      const input = { probe: method };
      const reply = await (api[method] as (input: unknown) => Promise<unknown>)(input);
      expect(fake.invoked, method).toEqual([{ channel, args: [input] }]);
      expect(reply).toEqual({ ok: true, value: channel });
    }
    fake.invoked.length = 0;
    await api.appInfo();
    expect(fake.invoked).toEqual([{ channel: 'app:info', args: [undefined] }]);
  });

  it('subscribes each event method to its event: the listener gets the payload, never the IPC event, until unsubscribed', () => {
    for (const [method, event] of Object.entries(API_EVENTS) as [ApiEventMethod, string][]) {
      const seen: unknown[][] = [];
      const off = (api[method] as (l: (...args: unknown[]) => void) => () => void)((...args) => seen.push(args));
      const payload = event === 'app:updateReady' ? { version: `1.0.${method.length}` } : event === 'connections:changed' ? [] : undefined;
      send(event, ...(payload === undefined ? [] : [payload]));
      expect(seen, method).toEqual([[payload]]);
      off();
      send(event, ...(payload === undefined ? [] : [payload]));
      expect(seen, `${method} after unsubscribing`).toHaveLength(1);
    }
  });
});
