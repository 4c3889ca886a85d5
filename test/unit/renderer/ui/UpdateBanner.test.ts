// "Restart to update" as the user sees it (server-rendered markup: the unit project has no DOM),
// and the preload's part: an update announced before the banner subscribed is not lost, and the
// button's call goes to `app:installUpdate`. Electron's ipcRenderer/contextBridge are fakes.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { API_EVENT_METHODS } from '../../../../shared/ipc/channels';
import type { BridgeApi } from '../../../../shared/ipc/contract';
import { UpdatePrompt, UpdateReadyView } from '../../../../renderer/src/ui/UpdateBanner';

const exposed = vi.hoisted(() => ({ api: null as unknown, on: new Map<string, (event: unknown, payload: unknown) => void>(), invoked: [] as string[] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_name: string, api: unknown) => void (exposed.api = api) },
  ipcRenderer: {
    on: (event: string, l: (event: unknown, payload: unknown) => void) => void exposed.on.set(event, l),
    removeListener: () => undefined,
    invoke: async (channel: string) => {
      exposed.invoked.push(channel);
      return { ok: true, value: { installing: true } };
    },
  },
}));

describe('the update banner', () => {
  it('shows the version and a "Restart to update" button', () => {
    const html = renderToStaticMarkup(createElement(UpdateReadyView, { version: '0.2.0', phase: 'ready', onRestart: () => undefined }));
    expect(html).toContain('Ledgerline 0.2.0 is ready');
    expect(html).toMatch(/<button[^>]*data-testid="restart-to-update"[^>]*>Restart to update<\/button>/);
    expect(html).toContain('role="status"');
  });

  it('disables the button while restarting, and says when it will install if main refused', () => {
    expect(renderToStaticMarkup(createElement(UpdateReadyView, { version: '0.2.0', phase: 'restarting', onRestart: () => undefined })))
      .toMatch(/<button[^>]*disabled=""[^>]*>Restarting…<\/button>/);
    const refused = renderToStaticMarkup(createElement(UpdateReadyView, { version: '0.2.0', phase: 'refused', onRestart: () => undefined }));
    expect(refused).toContain('installed when you quit');
    expect(refused).not.toContain('<button');
  });

  it('renders nothing until an update is announced (always, on the browser host)', () => {
    const api = { onUpdateReady: () => () => undefined, installUpdate: async () => ({ installing: false }) };
    expect(renderToStaticMarkup(createElement(UpdatePrompt, { api }))).toBe('');
  });
});

describe('the preload', () => {
  it('keeps an update announced before anyone listened, and tells every later listener', async () => {
    await import('../../../../electron/preload');
    const api = exposed.api as BridgeApi;
    for (const m of API_EVENT_METHODS) expect(typeof api[m], m).toBe('function');
    const announce = exposed.on.get('app:updateReady');
    expect(announce).toBeTypeOf('function');
    announce?.({}, { version: '0.2.0' });
    const seen: string[] = [];
    const off = api.onUpdateReady((u) => seen.push(u.version));
    expect(seen).toEqual(['0.2.0']);
    announce?.({}, { version: '0.2.1' });
    expect(seen).toEqual(['0.2.0', '0.2.1']);
    off();
    announce?.({}, { version: '0.2.2' });
    expect(seen).toEqual(['0.2.0', '0.2.1']);
  });

  it('sends the click to app:installUpdate', async () => {
    const api = exposed.api as BridgeApi;
    expect(await api.installUpdate()).toEqual({ ok: true, value: { installing: true } });
    expect(exposed.invoked).toEqual(['app:installUpdate']);
  });
});
