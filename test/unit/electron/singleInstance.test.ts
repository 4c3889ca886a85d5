// A second launch: the new process quits before starting anything, and the first comes to the front.
// Electron's app and window are structural fakes (the binary cannot run here).
import { describe, expect, it } from 'vitest';
import { bringToFront, runAsSingleInstance, type FrontableWindow, type LockingApp } from '../../../electron/singleInstance';

function fakeApp(gotLock: boolean) {
  const calls: string[] = [];
  const listeners: (() => void)[] = [];
  const app: LockingApp = {
    requestSingleInstanceLock: () => (calls.push('lock'), gotLock),
    quit: () => void calls.push('quit'),
    on: (event, listener) => {
      calls.push(`on:${event}`);
      listeners.push(listener);
    },
  };
  return { app, calls, fireSecond: () => listeners.forEach((l) => l()) };
}

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const win: FrontableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { win, calls };
}

describe('single instance', () => {
  it('a second launch quits without starting anything', () => {
    const { app, calls } = fakeApp(false);
    let started = false;
    expect(runAsSingleInstance(app, () => (started = true), () => undefined)).toBe(false);
    expect(started).toBe(false);
    expect(calls).toEqual(['lock', 'quit']);
  });

  it('the first launch starts and answers later launches', () => {
    const { app, calls, fireSecond } = fakeApp(true);
    let started = 0;
    let seconds = 0;
    expect(runAsSingleInstance(app, () => void started++, () => void seconds++)).toBe(true);
    expect(started).toBe(1);
    expect(calls).toEqual(['lock', 'on:second-instance']);
    fireSecond();
    fireSecond();
    expect(seconds).toBe(2);
  });

  it('restores a minimized window, shows and focuses it', () => {
    const { win, calls } = fakeWindow({ minimized: true });
    let created = 0;
    bringToFront(win, () => void created++);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(created).toBe(0);
  });

  it('shows and focuses a hidden or background window without restoring it', () => {
    const { win, calls } = fakeWindow();
    bringToFront(win, null);
    expect(calls).toEqual(['show', 'focus']);
  });

  it('creates a window when none is left (or it was destroyed), once the app can', () => {
    let created = 0;
    bringToFront(null, () => void created++);
    const { win, calls } = fakeWindow({ destroyed: true });
    bringToFront(win, () => void created++);
    expect(created).toBe(2);
    expect(calls).toEqual([]);
    expect(() => bringToFront(null, null)).not.toThrow(); // not ready yet: the first window is on its way
  });
});
