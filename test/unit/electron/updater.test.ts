// The updater's rules, with electron-updater's autoUpdater as a fake EventEmitter: off in
// development and by setting, checks at start and every 4 hours, one at a time, a downloaded update
// announced once, and a restart only when the user asks.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  createUpdateController, updatePolicy, UPDATE_CHECK_INTERVAL_MS, type IntervalTimers, type UpdaterLike,
} from '../../../electron/updater';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  private pendingCheck: { resolve(): void; reject(e: Error): void } | null = null;
  checkForUpdates(): Promise<unknown> {
    this.checks++;
    return new Promise<void>((resolve, reject) => (this.pendingCheck = { resolve, reject }));
  }
  finishCheck(error?: Error): Promise<void> {
    const p = this.pendingCheck;
    this.pendingCheck = null;
    if (error) {
      this.emit('error', error); // electron-updater emits, then rejects
      p?.reject(error);
    } else p?.resolve();
    return new Promise((r) => setImmediate(r));
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function fakeTimers() {
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: IntervalTimers = {
    setInterval: (fn, ms) => intervals.push({ fn, ms, cleared: false }) - 1,
    clearInterval: (h) => void (intervals[h as number]!.cleared = true),
  };
  return { timers, intervals, tick: () => intervals.filter((i) => !i.cleared).forEach((i) => i.fn()) };
}

function setup(policy = { enabled: true, reason: 'on' }) {
  const updater = new FakeUpdater();
  const { timers, intervals, tick } = fakeTimers();
  const announced: string[] = [];
  const logs: string[] = [];
  const controller = createUpdateController({
    updater, policy, timers,
    onReady: (v) => void announced.push(v),
    log: { info: (m) => void logs.push(`info ${m}`), warn: (m) => void logs.push(`warn ${m}`) },
  });
  return { updater, controller, intervals, tick, announced, logs };
}

describe('update policy', () => {
  it('is off in development, whatever the environment says', () => {
    expect(updatePolicy({ isPackaged: false, env: {} }).enabled).toBe(false);
    expect(updatePolicy({ isPackaged: false, env: { LEDGERLINE_UPDATES: 'on' } }).enabled).toBe(false);
  });
  it('is on in the installed app unless LEDGERLINE_UPDATES turns it off', () => {
    expect(updatePolicy({ isPackaged: true, env: {} }).enabled).toBe(true);
    for (const v of ['off', 'OFF', '0', 'false', ' off ']) expect(updatePolicy({ isPackaged: true, env: { LEDGERLINE_UPDATES: v } }).enabled, v).toBe(false);
  });
});

describe('update controller', () => {
  it('when off, never checks, never touches the updater, and says why', () => {
    const { updater, controller, intervals, logs } = setup({ enabled: false, reason: 'updates are off in development' });
    controller.start();
    expect(updater.checks).toBe(0);
    expect(updater.listenerCount('update-downloaded')).toBe(0);
    expect(intervals).toEqual([]);
    expect(logs).toEqual(['info updates are off in development']);
    expect(controller.install()).toEqual({ installing: false });
    expect(updater.installs).toEqual([]);
  });

  it('checks at start and every 4 hours, downloading in the background', async () => {
    const { updater, controller, intervals, tick } = setup();
    controller.start();
    expect(updater.checks).toBe(1);
    expect(updater.autoDownload).toBe(true);
    expect(intervals.map((i) => i.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);
    tick(); // the first check has not answered yet: no second one on top of it
    expect(updater.checks).toBe(1);
    await updater.finishCheck();
    tick();
    expect(updater.checks).toBe(2);
    controller.start(); // a second start changes nothing
    expect(intervals).toHaveLength(1);
  });

  it('a failed check is logged once and the next one still happens (no unhandled rejection or error event)', async () => {
    const { updater, controller, tick, logs } = setup();
    controller.start();
    await updater.finishCheck(new Error('net::ERR_INTERNET_DISCONNECTED'));
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual(['warn update failed: net::ERR_INTERNET_DISCONNECTED']);
    tick();
    expect(updater.checks).toBe(2);
  });

  it('announces a downloaded update, then restarts only on the user\'s click', async () => {
    const { updater, controller, tick, announced } = setup();
    controller.start();
    await updater.finishCheck();
    expect(controller.readyVersion()).toBeNull();
    expect(controller.install()).toEqual({ installing: false }); // nothing downloaded: no quit
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(announced).toEqual(['0.2.0']);
    expect(controller.readyVersion()).toBe('0.2.0');
    tick();
    tick();
    // No restart without the click, however much time passes; no more checks either.
    expect(updater.installs).toEqual([]);
    expect(updater.checks).toBe(1);
    expect(controller.install()).toEqual({ installing: true });
    expect(controller.install()).toEqual({ installing: true }); // a double click quits once
    expect(updater.installs).toEqual([[true, true]]);
  });

  it('keeps electron-updater\'s install-on-quit on: a downloaded update is installed when the user quits (documented)', () => {
    const { updater, controller } = setup();
    controller.start();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('stop() ends the periodic checks', async () => {
    const { updater, controller, tick } = setup();
    controller.start();
    await updater.finishCheck();
    controller.stop();
    tick();
    expect(updater.checks).toBe(1);
  });
});
