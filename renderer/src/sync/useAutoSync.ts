/**
 * Keeping in sync on its own, mounted once (App): besides the launch sync,
 * - a periodic check (every minute, cheap) syncs connections whose last sync is older than the
 *   user's interval (default 4 h), within each provider's minimum (`shared/schedule/autoSync.ts`);
 * - waking from sleep (a minute tick arriving > 3 min late, or Electron's powerMonitor via
 *   `power:resume`) and the network coming back (`online`) sync what was not synced recently;
 * - after a background sync with new activity, one desktop notification (if the user asked);
 * - the unread-changes count goes to the dock/tray badge (Electron) or the tab title (browser);
 * - Ctrl/Cmd+R is Refresh now, not a page reload (and Electron's menu sends the same).
 * Every sync goes through the one SyncActivity (single flight per connection); the status line
 * already shows it, so nothing else is said.
 */
import { useEffect, useRef } from 'react';
import type { SyncTrigger } from '../../../shared/types';
import { decideAutoSync, type AutoSyncReason } from '../../../shared/schedule/autoSync';
import { startAutoSyncClock } from './autoSyncClock';
import { backgroundSyncNotification, type InstitutionNews } from '../../../shared/schedule/notifySummary';
import { runsChanges } from '../db/changeLog';
import type { LedgerlineDb, SyncRunRow } from '../db/schema';
import { loadBackgroundSettings, NOTIFIED_UP_TO_KEY } from '../hooks/useBackgroundSettings';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { useRefreshAll } from './useRefreshAll';
import { useUnreadChanges } from '../hooks/useUnreadChanges';

/** Runs from these triggers are "background": the user did not ask for them. */
const BACKGROUND_TRIGGERS: ReadonlySet<SyncTrigger> = new Set(['launch', 'timer', 'resume']);
/** How many recent runs to read for "when did this window last sync it". */
const RECENT_RUNS = 50;

/** The newest run this window applied per connection (from the latest few runs). */
export async function lastLocalSyncs(db: LedgerlineDb): Promise<Map<string, string>> {
  const runs = await db.syncRuns.orderBy('finishedAt').reverse().limit(RECENT_RUNS).toArray();
  const out = new Map<string, string>();
  // An undo (db/revertRun.ts) or a file import (db/importFile.ts) is recorded as a run but pulled nothing: it is not a sync.
  for (const r of runs) if (r.kind === undefined && !out.has(r.connectionId)) out.set(r.connectionId, r.finishedAt);
  return out;
}

/**
 * The notification for background runs not yet announced, or null; moves the marker past every
 * run it looked at, in one transaction, so two windows never announce the same runs.
 */
export async function takeBackgroundNews(db: LedgerlineDb): Promise<ReturnType<typeof backgroundSyncNotification>> {
  const found = await db.transaction('rw', [db.meta, db.syncRuns, db.changeSets, db.transactions, db.connections], async () => {
    const since = (await db.meta.get(NOTIFIED_UP_TO_KEY))?.value;
    if (!since) return null;
    const runs = await db.syncRuns.where('finishedAt').above(since).toArray();
    if (runs.length === 0) return null;
    const upTo = runs.reduce((m, r) => (r.finishedAt > m ? r.finishedAt : m), since);
    await db.meta.put({ key: NOTIFIED_UP_TO_KEY, value: upTo });
    // A connection's first sync is an import, not news; manual and retry runs answered the user.
    const news: SyncRunRow[] = runs.filter((r) => BACKGROUND_TRIGGERS.has(r.trigger) && r.fromCursor !== null && r.added + r.posted > 0);
    if (news.length === 0) return null;
    const names = new Map((await db.connections.bulkGet([...new Set(news.map((r) => r.connectionId))]))
      .flatMap((c) => (c ? [[c.id, c.institutionName] as const] : [])));
    const perInstitution: InstitutionNews[] = news.map((r) => ({
      institutionName: names.get(r.connectionId) ?? 'A connection',
      added: r.added,
      posted: r.posted,
    }));
    const addedIds = (await runsChanges(db, news.map((r) => r.id)))
      .filter((c) => c.kind === 'added')
      .map((c) => c.txId);
    let largest: { amountMinor: number; currency: string } | null = null;
    for (const t of await db.transactions.bulkGet(addedIds)) {
      if (t && (!largest || Math.abs(t.amountMinor) > Math.abs(largest.amountMinor))) largest = { amountMinor: t.amountMinor, currency: t.currency };
    }
    return { perInstitution, largest };
  });
  return found ? backgroundSyncNotification(found.perInstitution, found.largest) : null;
}

export function useAutoSync(connections: readonly ConnectionView[]): void {
  const { api, db, activity } = useLedgerline();
  const latest = useRef(connections);
  useEffect(() => {
    latest.current = connections;
  }, [connections]);

  // The checks: a minute tick (timer, and sleep by wall-clock drift), the network, main's wake event.
  useEffect(() => {
    let disposed = false;
    const check = async (reason: AutoSyncReason) => {
      const settings = await loadBackgroundSettings(db);
      const local = await lastLocalSyncs(db);
      if (disposed) return;
      const list = latest.current;
      const decision = decideAutoSync({
        connections: list.map((c) => ({
          id: c.id,
          provider: c.provider,
          status: c.presence === 'listed' ? c.status : null,
          lastLocalSyncAt: local.get(c.id) ?? null,
          removed: c.removedAt !== null || c.presence === 'gone',
        })),
        intervalMs: settings.intervalMs,
        now: Date.now(),
        reason,
        running: activity.getState().running,
      });
      const due = new Set(decision.due);
      const targets = list.filter((c) => due.has(c.id)).map((c) => ({ id: c.id, institutionName: c.institutionName }));
      if (targets.length > 0) await activity.sync(targets, reason === 'timer' ? 'timer' : 'resume');
    };
    const run = (reason: AutoSyncReason) => void check(reason).catch(() => undefined); // failures show in the status line
    const stop = startAutoSyncClock({
      check: run,
      onPowerResume: (listener) => api.onPowerResume(listener),
      onOnline: (listener) => {
        window.addEventListener('online', listener);
        return () => window.removeEventListener('online', listener);
      },
    });
    return () => {
      disposed = true;
      stop();
    };
  }, [api, db, activity]);

  // One notification after a background sync with new activity: when every sync has finished.
  useEffect(() => {
    let wasRunning = activity.getState().running.size > 0;
    const announce = async () => {
      if (!(await loadBackgroundSettings(db)).notify) return;
      const text = await takeBackgroundNews(db);
      if (text) await api.notify(text);
    };
    return activity.subscribe(() => {
      const running = activity.getState().running.size > 0;
      if (wasRunning && !running) void announce().catch(() => undefined);
      wasRunning = running;
    });
  }, [api, db, activity]);

  useBadge();
  useRefreshShortcut();
}

/** The unread-changes count on the dock / tray (Electron) or in the tab title (browser host). */
export function useBadge(): void {
  const { api } = useLedgerline();
  const unread = useUnreadChanges();
  useEffect(() => {
    void api.setBadge({ count: Math.min(99_999, unread) }).catch(() => undefined);
  }, [api, unread]);
}

/** Ctrl/Cmd+R: Refresh now instead of reloading the page; Electron's menu accelerator sends the same. */
export function useRefreshShortcut(): void {
  const { api } = useLedgerline();
  const refreshAll = useRefreshAll();
  const refresh = useRef(refreshAll);
  useEffect(() => {
    refresh.current = refreshAll;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'r') return;
      e.preventDefault();
      if (!e.repeat) void refresh.current();
    };
    window.addEventListener('keydown', onKey);
    const offMenu = api.onRefreshRequested(() => void refresh.current());
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
    };
  }, [api]);
}
