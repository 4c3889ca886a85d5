/**
 * The main window's size, position and maximized flag, kept across launches in `window-state.json`
 * in userData. Read back only when valid, and placed on a display that exists now: a monitor that
 * was unplugged, or a resolution that shrank, must never leave the window off screen. Written
 * atomically (write, then rename), debounced while the user drags, and at once on close.
 * Hand-written rather than adding electron-window-state (this change adds no dependency): ~100
 * lines over Electron's own `screen` and window events, with Electron injected so all of it is tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Size {
  width: number;
  height: number;
}

const Int = z.number().int().min(-100_000).max(100_000);
export const WindowStateSchema = z.strictObject({
  x: Int,
  y: Int,
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';

/** Where to open the window: no x/y means "let the OS centre it" (first launch, or nothing valid saved). */
export interface Placement {
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Size;
  maximized: boolean;
}

/** The saved state, or null when there is none or it is not valid (never throws). */
export function readWindowState(dir: string): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Write-then-rename: a crash mid-write leaves the previous state, never half a file. */
export function writeWindowState(dir: string, state: WindowState): void {
  const file = path.join(dir, WINDOW_STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(temp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where the window opens: the saved bounds moved and shrunk into the work area (the display minus
 * taskbars and menu bars) of the display they overlap most, never below `min`; with no saved state,
 * or saved bounds that overlap no current display, the default size centred by the OS.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[], defaults: Size, min: Size): Placement {
  const target = saved && workAreas.length > 0
    ? workAreas.reduce<{ area: Rect; score: number } | null>((best, area) => {
        const score = overlap(saved, area);
        return score > 0 && (!best || score > best.score) ? { area, score } : best;
      }, null)
    : null;
  if (!saved || !target) return { bounds: { ...defaults }, maximized: saved?.maximized ?? false };
  const { area } = target;
  const width = Math.max(min.width, Math.min(saved.width, area.width));
  const height = Math.max(min.height, Math.min(saved.height, area.height));
  const x = Math.max(area.x, Math.min(saved.x, area.x + area.width - width));
  const y = Math.max(area.y, Math.min(saved.y, area.y + area.height - height));
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** The part of a BrowserWindow that tracking needs. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  /** The bounds of the normal state, whatever the current one (maximized, minimized, full screen). */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const SAVE_DEBOUNCE_MS = 500;

/** Saves the window's state `debounceMs` after the last resize/move/(un)maximize, and at once on close. */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  opts: { debounceMs?: number; timers?: Timers; onError?: (err: unknown) => void } = {},
): void {
  const timers = opts.timers ?? realTimers;
  let pending: unknown = null;
  const flush = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    const b = win.getNormalBounds();
    const state = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
    const valid = WindowStateSchema.safeParse(state);
    if (!valid.success) return;
    try {
      save(valid.data);
    } catch (err) {
      opts.onError?.(err); // a read-only profile must not break closing the window
    }
  };
  const later = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = timers.setTimeout(flush, opts.debounceMs ?? SAVE_DEBOUNCE_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, later);
  win.on('close', flush);
}
