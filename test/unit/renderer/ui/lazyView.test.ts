import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

// What is tested here is the wrapper: whether a view whose code has loaded (the idle-time preload)
// renders at once on its first open, or suspends — React then holds its content back for up to
// 300 ms after showing the fallback, and a first open took 335–466 ms in the bench. (renderToString
// shows a suspended boundary as its fallback, never the view.)
const fresh = async () => {
  vi.resetModules();
  return import('../../../../renderer/src/ui/lazyView');
};
const Greeting = ({ name }: { name: string }) => createElement('p', null, `hello ${name}`);

describe('views loaded on first use (lazyView)', () => {
  it('render at once, with their props, on their first open once their code was preloaded', async () => {
    const { lazyView, loadViews } = await fresh();
    const importView = vi.fn(() => Promise.resolve(Greeting));
    const { View } = lazyView(importView, 'Greeting');
    await loadViews();
    expect(renderToString(createElement(View, { name: 'Ada' }))).toBe('<p>hello Ada</p>');
    await loadViews();
    expect(importView).toHaveBeenCalledTimes(1);
  });

  it('suspend while their code is not there yet', async () => {
    const { lazyView } = await fresh();
    const never = () => new Promise<typeof Greeting>(() => undefined);
    expect(renderToString(createElement(lazyView(never, 'Greeting').View, { name: 'Ada' }))).not.toContain('hello');
  });

  it('try a failed load again on the next open', async () => {
    const { lazyView } = await fresh();
    const importView = vi.fn<() => Promise<typeof Greeting>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(Greeting);
    const { View, load } = lazyView(importView, 'Greeting');
    await expect(load()).rejects.toThrow('offline');
    await load();
    expect(renderToString(createElement(View, { name: 'Ada' }))).toBe('<p>hello Ada</p>');
  });

  it('load every view the app loads on first use, each one a component', async () => {
    vi.resetModules();
    const { loadViews } = await import('../../../../renderer/src/ui/lazyView');
    const views = await import('../../../../renderer/src/ui/LazyViews');
    const loaded = (await loadViews()) as unknown[];
    expect(loaded).toHaveLength(Object.keys(views).length);
    for (const view of loaded) expect(typeof view).toBe('function');
  });
});
