// The window's size and position across launches: what is saved, what is read back, and where the
// window lands when the displays changed. BrowserWindow and timers are structural fakes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  placeWindow, readWindowState, trackWindowState, writeWindowState, WINDOW_STATE_FILE,
  type Rect, type Timers, type TrackedWindow, type WindowState,
} from '../../../electron/windowState';

const DEFAULTS = { width: 1280, height: 820 };
const MIN = { width: 880, height: 560 };
/** A 1920×1080 laptop with a 25 px menu bar, and a 2560×1440 monitor to its right. */
const LAPTOP: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const MONITOR: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-winstate-'));

describe('reading and writing window-state.json', () => {
  it('round-trips a valid state', () => {
    const dir = tmp();
    const state: WindowState = { x: 100, y: 80, width: 1400, height: 900, maximized: true };
    writeWindowState(dir, state);
    expect(readWindowState(dir)).toEqual(state);
    expect(fs.readdirSync(dir)).toEqual([WINDOW_STATE_FILE]); // no temp file left behind
  });

  it('reads nothing from a missing, truncated or tampered file, without throwing', () => {
    const dir = tmp();
    expect(readWindowState(dir)).toBeNull();
    const file = path.join(dir, WINDOW_STATE_FILE);
    for (const text of ['{"x":1,"y":2,"wid', '[]', '{"x":1,"y":2,"width":0,"height":600,"maximized":false}',
      '{"x":"1","y":2,"width":900,"height":600,"maximized":false}', '{"x":1e9,"y":2,"width":900,"height":600,"maximized":false}',
      '{"x":1,"y":2,"width":900,"height":600,"maximized":false,"extra":1}']) {
      fs.writeFileSync(file, text);
      expect(readWindowState(dir), text).toBeNull();
    }
  });
});

describe('placing the window on the displays there are now', () => {
  it('first launch: the default size, centred by the OS', () => {
    expect(placeWindow(null, [LAPTOP], DEFAULTS, MIN)).toEqual({ bounds: DEFAULTS, maximized: false });
  });

  it('keeps a position that is fully visible', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(placeWindow(saved, [LAPTOP, MONITOR], DEFAULTS, MIN).bounds).toEqual({ x: 2000, y: 100, width: 1600, height: 1000 });
  });

  it('brings back a window whose monitor was unplugged', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: true };
    // Only the laptop now: nothing of the saved bounds overlaps it.
    expect(placeWindow(saved, [LAPTOP], DEFAULTS, MIN)).toEqual({ bounds: DEFAULTS, maximized: true });
  });

  it('moves a window hanging off an edge (or under the menu bar) inside the work area', () => {
    const saved = { x: 1500, y: 0, width: 1000, height: 700, maximized: false };
    // Overlaps the laptop by 420 px and the monitor by 580 px: it goes to the monitor, fully inside.
    expect(placeWindow(saved, [LAPTOP, MONITOR], DEFAULTS, MIN).bounds).toEqual({ x: 1920, y: 0, width: 1000, height: 700 });
    // Laptop only: pushed left, and down below the menu bar.
    expect(placeWindow(saved, [LAPTOP], DEFAULTS, MIN).bounds).toEqual({ x: 920, y: 25, width: 1000, height: 700 });
  });

  it('shrinks a window larger than the display (a lower resolution now), never below the minimum', () => {
    const saved = { x: 0, y: 25, width: 2500, height: 1400, maximized: false };
    expect(placeWindow(saved, [LAPTOP], DEFAULTS, MIN).bounds).toEqual({ x: 0, y: 25, width: 1920, height: 1055 });
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 500 };
    expect(placeWindow({ ...saved, x: 0, y: 0 }, [tiny], DEFAULTS, MIN).bounds).toEqual({ x: 0, y: 0, width: 880, height: 560 });
  });

  it('handles displays left of and above the primary one (negative coordinates)', () => {
    const left: Rect = { x: -1440, y: -200, width: 1440, height: 900 };
    const saved = { x: -1500, y: -300, width: 1000, height: 700, maximized: false };
    expect(placeWindow(saved, [LAPTOP, left], DEFAULTS, MIN).bounds).toEqual({ x: -1440, y: -200, width: 1000, height: 700 });
  });
});

function fakeWindow(bounds: Rect) {
  const listeners = new Map<string, (() => void)[]>();
  let maximized = false;
  let current = bounds;
  const win: TrackedWindow = {
    on: (event, l) => void listeners.set(event, [...(listeners.get(event) ?? []), l]),
    getNormalBounds: () => current,
    isMaximized: () => maximized,
  };
  const emit = (event: string) => listeners.get(event)?.forEach((l) => l());
  return {
    win, emit,
    set: (b: Rect, max = false) => {
      current = b;
      maximized = max;
    },
  };
}

function fakeTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => (due.set(++seq, { at: now + ms, fn }), seq),
    clearTimeout: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...due]) if (t.at <= now) {
      due.delete(id);
      t.fn();
    }
  };
  return { timers, advance, pending: () => due.size };
}

describe('saving while the user moves the window', () => {
  it('saves once, after the dragging stops, the normal bounds and the maximized flag', () => {
    const { win, emit, set } = fakeWindow({ x: 10, y: 20, width: 1000, height: 700 });
    const { timers, advance } = fakeTimers();
    const saved: WindowState[] = [];
    trackWindowState(win, (s) => saved.push(s), { debounceMs: 500, timers });
    for (let i = 0; i < 20; i++) {
      set({ x: 10 + i, y: 20, width: 1000, height: 700 });
      emit('move');
      advance(100);
    }
    expect(saved).toEqual([]);
    advance(400);
    expect(saved).toEqual([{ x: 29, y: 20, width: 1000, height: 700, maximized: false }]);
    set({ x: 29, y: 20, width: 1000, height: 700 }, true);
    emit('maximize');
    advance(500);
    // Maximized: the bounds to restore to are kept, with the flag.
    expect(saved[1]).toEqual({ x: 29, y: 20, width: 1000, height: 700, maximized: true });
  });

  it('saves at once on close (a pending save is not lost, nor made twice)', () => {
    const { win, emit, set } = fakeWindow({ x: 0, y: 0, width: 1000, height: 700 });
    const { timers, advance, pending } = fakeTimers();
    const saved: WindowState[] = [];
    trackWindowState(win, (s) => saved.push(s), { debounceMs: 500, timers });
    set({ x: 0, y: 0, width: 1200.4, height: 800.6 });
    emit('resize');
    emit('close');
    expect(saved).toEqual([{ x: 0, y: 0, width: 1200, height: 801, maximized: false }]);
    expect(pending()).toBe(0);
    advance(1000);
    expect(saved).toHaveLength(1);
  });

  it('a failing write (read-only profile) is reported, not thrown into the close', () => {
    const { win, emit } = fakeWindow({ x: 0, y: 0, width: 1000, height: 700 });
    const errors: unknown[] = [];
    trackWindowState(win, () => { throw new Error('EROFS'); }, { timers: fakeTimers().timers, onError: (e) => errors.push(e) });
    expect(() => emit('close')).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
