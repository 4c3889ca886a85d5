import { describe, expect, it } from 'vitest';
import { API_CHANNELS, API_EVENT_METHODS } from '../../../../shared/ipc/channels';
import { IpcCallError, type BridgeApi } from '../../../../shared/ipc/contract';
import { fromBridge } from '../../../../renderer/src/api/api';

// The preload answers with envelopes (Electron's contextBridge would strip a thrown error's code);
// the renderer turns them back into values and coded errors on its own side of the bridge.
describe('fromBridge', () => {
  const calls: string[] = [];
  const bridge = Object.fromEntries([
    ...Object.keys(API_CHANNELS).map((name) => [name, async (input?: unknown) => {
      calls.push(name);
      if (name === 'pull') return { ok: false, error: { code: 'invalid_input', message: 'connectionId: too long' } };
      return { ok: true, value: { name, input } };
    }]),
    ...API_EVENT_METHODS.map((name) => [name, () => () => undefined]),
  ]) as unknown as BridgeApi;
  const api = fromBridge(bridge);

  it('resolves a successful envelope to its value, passing the input through', async () => {
    await expect(api.appInfo()).resolves.toEqual({ name: 'appInfo', input: undefined });
    await expect(api.setDemo({ enabled: true } as never)).resolves.toEqual({ name: 'setDemo', input: { enabled: true } });
  });

  it('rejects a failed envelope with an error that keeps its code', async () => {
    const error = await api.pull({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcCallError);
    expect(error).toMatchObject({ code: 'invalid_input', message: 'connectionId: too long' });
  });

  it('has every method of the contract, and passes event subscriptions through untouched', () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_CHANNELS), ...API_EVENT_METHODS].sort());
    for (const name of API_EVENT_METHODS) expect(api[name]).toBe(bridge[name]);
  });
});
