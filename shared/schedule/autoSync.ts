/**
 * Keeping in sync on its own: which connections a background check should sync now, and when the
 * next periodic check is due. Pure — the renderer's `useAutoSync` supplies the clock, the
 * connections (main's list with their status) and why it is asking.
 *
 * Reasons:
 * - `timer`: the periodic check while the app runs — a connection is due once its last sync is
 *   older than the user's interval (default 4 h);
 * - `resume`: the machine woke from sleep — due unless synced in the last 15 minutes;
 * - `online`: the network came back — same as resume.
 * Whatever the reason, a provider's minimum interval holds (shared/providers.ts: SnapTrade at most daily), a time the
 * provider named for the next attempt (`retryAt`, e.g. a rate limit) is respected, and a
 * connection that needs the user (sign in again, reconnect) or is removed is left alone.
 */
import { PROVIDER_INFO, PROVIDERS, type Provider } from '../providers';
import type { ConnectionState, ConnectionStatus } from '../types';

export type AutoSyncReason = 'timer' | 'resume' | 'online';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The user's choices in Settings; `null` is "off" (only the launch sync and Refresh now). */
export const AUTO_SYNC_INTERVALS_MS = [1 * HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR] as const;
export const DEFAULT_AUTO_SYNC_INTERVAL_MS = 4 * HOUR;

/** Resume / network back: a connection synced this recently is skipped. */
export const RECENT_MS = 15 * MINUTE;

/**
 * The least time between two background syncs of one connection, whatever the user chose: each
 * provider's `minSyncIntervalMs` in the provider table (shared/providers.ts says why each is what it is).
 */
export const PROVIDER_MIN_INTERVAL_MS: Readonly<Record<Provider, number>> = Object.fromEntries(
  PROVIDERS.map((p) => [p, PROVIDER_INFO[p].minSyncIntervalMs]),
) as Record<Provider, number>;

/**
 * After a failed attempt (no success since), how long before a background check tries again: the
 * timer waits up to an hour (never longer than the interval); resume/online only guard against
 * the two firing together on wake.
 */
const FAILED_TIMER_SPACING_MS = 1 * HOUR;
const FAILED_WAKE_SPACING_MS = 2 * MINUTE;

/** States where syncing cannot help until the user acts (sign in again, reconnect). */
const NEEDS_USER: ReadonlySet<ConnectionState> = new Set(['needs_reauth', 'action_at_bank', 'disconnected']);

export interface AutoSyncConnection {
  id: string;
  provider: Provider;
  /** Main's status; null while unknown (main's list has not arrived, or no longer lists it). */
  status: Pick<ConnectionStatus, 'state' | 'lastSuccessAt' | 'lastAttemptAt' | 'retryAt'> | null;
  /** When this window last applied a sync of it (the newest local run), if known. */
  lastLocalSyncAt?: string | null;
  /** Removed by the user (kept as history), or not listed by main any more (e.g. demo mode off). */
  removed?: boolean;
}

export interface AutoSyncInput {
  connections: readonly AutoSyncConnection[];
  /** The user's interval; null = automatic syncing is off. */
  intervalMs: number | null;
  now: number;
  reason: AutoSyncReason;
  /** Connections this window is syncing right now. */
  running?: ReadonlySet<string>;
}

export type SkipWhy =
  | 'off' | 'removed' | 'unknown' | 'needs_user' | 'running' | 'retry_later'
  | 'provider_minimum' | 'recent' | 'failed_recently';

export interface AutoSyncDecision {
  /** Connection ids to sync now. */
  due: string[];
  skipped: { id: string; why: SkipWhy }[];
  /**
   * When the periodic check should look again (epoch ms): the soonest a skipped connection
   * becomes due on the timer; null when none will (all need the user, or syncing is off).
   */
  nextCheckAt: number | null;
}

/**
 * A stamp more than this far ahead of now was written by a clock that has since moved back (an
 * NTP correction, a wrong clock set right): it is ignored, with everything written at the same
 * time (an attempt's `retryAt`), so a connection is never skipped for the length of the jump.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 2 * MINUTE;

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

const latest = (...ts: (number | null)[]): number | null =>
  ts.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);

export function decideAutoSync(input: AutoSyncInput): AutoSyncDecision {
  const { now, reason, intervalMs } = input;
  const due: string[] = [];
  const skipped: AutoSyncDecision['skipped'] = [];
  if (intervalMs === null || !(intervalMs > 0)) {
    return { due, skipped: input.connections.map((c) => ({ id: c.id, why: 'off' as const })), nextCheckAt: null };
  }
  const wake = reason !== 'timer';
  let nextCheckAt: number | null = null;
  const later = (t: number) => {
    nextCheckAt = nextCheckAt === null ? t : Math.min(nextCheckAt, t);
  };

  for (const c of input.connections) {
    const skip = (why: SkipWhy) => skipped.push({ id: c.id, why });
    if (c.removed) { skip('removed'); continue; }
    const s = c.status;
    if (!s) { skip('unknown'); continue; }
    if (NEEDS_USER.has(s.state)) { skip('needs_user'); continue; }

    const minimum = PROVIDER_MIN_INTERVAL_MS[c.provider];
    // Only stamps the clock could have written by now: after the clock moved back, a sync "in the
    // future" must not hold the next one off for as long as the jump.
    const past = (t: number | null): number | null => (t !== null && t <= now + CLOCK_SKEW_TOLERANCE_MS ? t : null);
    const success = latest(past(ms(s.lastSuccessAt)), past(ms(c.lastLocalSyncAt ?? null)));
    const attemptStamp = ms(s.lastAttemptAt);
    const attempt = past(attemptStamp);
    // The periodic check's next due time for this connection, whatever the reason now.
    const timerDueAt = success === null ? now : success + Math.max(intervalMs, minimum);

    if (s.state === 'syncing' || input.running?.has(c.id)) { skip('running'); later(now + MINUTE); continue; }
    // A retryAt is as trustworthy as the attempt it was set at.
    const retryAt = attemptStamp !== null && attempt === null ? null : ms(s.retryAt);
    if (retryAt !== null && retryAt > now) { skip('retry_later'); later(Math.max(retryAt, timerDueAt)); continue; }

    if (success !== null) {
      const spacing = wake ? RECENT_MS : intervalMs;
      if (now < success + spacing) { skip('recent'); later(timerDueAt); continue; }
      if (now < success + minimum) { skip('provider_minimum'); later(timerDueAt); continue; }
    }
    const failedSince = attempt !== null && (success === null || attempt > success);
    if (failedSince) {
      const spacing = wake ? FAILED_WAKE_SPACING_MS : Math.min(intervalMs, FAILED_TIMER_SPACING_MS);
      if (now < attempt + spacing) {
        skip('failed_recently');
        later(Math.max(timerDueAt, attempt + Math.min(intervalMs, FAILED_TIMER_SPACING_MS)));
        continue;
      }
    }
    due.push(c.id);
  }
  return { due, skipped, nextCheckAt };
}

/**
 * Sleep detection without an OS event: a periodic tick that fires much later than it was meant to
 * means the machine was asleep (or suspended) in between.
 */
export const SLEEP_GAP_MS = 3 * MINUTE;
export function sleptBetween(previousTick: number, now: number): boolean {
  return now - previousTick > SLEEP_GAP_MS;
}
