/**
 * The user's background-sync choices — how often to sync while the app runs, and whether to be
 * notified about new transactions — kept in the renderer's Dexie `meta` table (key/value, no
 * schema change) so every window shares them and they survive restarts.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import { AUTO_SYNC_INTERVALS_MS, DEFAULT_AUTO_SYNC_INTERVAL_MS } from '../../../shared/schedule/autoSync';
import type { LedgerlineDb } from '../db/schema';
import { useLedgerline } from './useLedgerline';

export const BACKGROUND_SETTINGS_KEY = 'backgroundSync';
/** Notifications cover background runs that finished after this (ISO); set when they are turned on. */
export const NOTIFIED_UP_TO_KEY = 'notifiedUpTo';

export interface BackgroundSettings {
  /** One of AUTO_SYNC_INTERVALS_MS, or null: off. */
  intervalMs: number | null;
  /** Off by default. */
  notify: boolean;
}

export const DEFAULT_BACKGROUND_SETTINGS: BackgroundSettings = { intervalMs: DEFAULT_AUTO_SYNC_INTERVAL_MS, notify: false };

const StoredSchema = z.object({
  intervalMs: z.number().refine((n) => (AUTO_SYNC_INTERVALS_MS as readonly number[]).includes(n)).nullable(),
  notify: z.boolean(),
});

/** What is stored, or the defaults when nothing (or something unreadable) is. */
export function parseBackgroundSettings(value: string | undefined): BackgroundSettings {
  if (value === undefined) return DEFAULT_BACKGROUND_SETTINGS;
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : DEFAULT_BACKGROUND_SETTINGS;
  } catch {
    return DEFAULT_BACKGROUND_SETTINGS;
  }
}

export async function loadBackgroundSettings(db: LedgerlineDb): Promise<BackgroundSettings> {
  return parseBackgroundSettings((await db.meta.get(BACKGROUND_SETTINGS_KEY))?.value);
}

/**
 * Saves a change. Turning notifications on starts them from now: runs that finished earlier are
 * never announced late.
 */
export async function saveBackgroundSettings(db: LedgerlineDb, patch: Partial<BackgroundSettings>, now = new Date()): Promise<BackgroundSettings> {
  return db.transaction('rw', db.meta, async () => {
    const current = await loadBackgroundSettings(db);
    const next = { ...current, ...patch };
    await db.meta.put({ key: BACKGROUND_SETTINGS_KEY, value: JSON.stringify(next) });
    if (next.notify && !current.notify) await db.meta.put({ key: NOTIFIED_UP_TO_KEY, value: now.toISOString() });
    return next;
  });
}

/** The settings (defaults until the database answers). */
export function useBackgroundSettings(): { settings: BackgroundSettings; loaded: boolean } {
  const { db } = useLedgerline();
  const value = useLiveQuery(async () => (await db.meta.get(BACKGROUND_SETTINGS_KEY))?.value ?? null, [db]);
  return { settings: parseBackgroundSettings(value ?? undefined), loaded: value !== undefined };
}

/**
 * Before turning notifications on. Electron: main shows them (nothing to ask here). Browser host:
 * the web Notification permission, asked now, while the user is clicking the toggle.
 */
export async function ensureNotificationPermission(): Promise<'granted' | 'denied' | 'unsupported'> {
  if (window.ledgerline) return 'granted';
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'granted') return 'granted';
  if (Notification.permission === 'denied') return 'denied';
  return (await Notification.requestPermission()) === 'granted' ? 'granted' : 'denied';
}
