/**
 * What the user should see about syncing right now, for every trigger (launch, Refresh now, Retry,
 * scheduled retries): which connections are running, the last refresh's summary, and problems that
 * need attention. Lives outside React so the launch sync can start before the first render.
 *
 * The one door every sync goes through: each starter in this folder (launch, after a sign-in,
 * Refresh now, Retry, scheduled retries, background syncs) calls `sync(targets, trigger)`, and only
 * this module runs `syncConnection` (a lint rule in eslint.config.js).
 */
import type { LedgerlineApi } from '../../../shared/ipc/contract';
import type { ConnectionInfo, SyncTrigger } from '../../../shared/types';
import { HostConnectionError } from '../api/wsClient';
import type { LedgerlineDb } from '../db/schema';
import { syncConnection } from './runSync';
import { describeSyncError, describeThrown } from '../ui/describeError';

export type SyncTarget = Pick<ConnectionInfo, 'id' | 'institutionName'>;

export interface SyncProblem {
  /** A connection id, or a fixed key for app-wide problems. */
  key: string;
  title: string;
  detail: string;
}

export interface SyncSummary {
  seq: number;
  text: string;
  tone: 'ok' | 'warn';
}

export interface SyncActivityState {
  running: ReadonlySet<string>;
  /** Per connection: when its provider allows the next on-demand refresh, after refusing one. */
  refreshLimits: Readonly<Record<string, string>>;
  summary: SyncSummary | null;
  problems: readonly SyncProblem[];
}

export interface SyncActivity {
  subscribe(listener: () => void): () => void;
  getState(): SyncActivityState;
  sync(targets: readonly SyncTarget[], trigger: SyncTrigger): Promise<void>;
  reportProblem(problem: SyncProblem): void;
  dismissProblem(key: string): void;
}

const SUMMARY_VISIBLE_MS = 10_000;
/** Summaries answer a user's action; the launch sync speaks through the list and the sidebar instead. */
const SUMMARIZED: ReadonlySet<SyncTrigger> = new Set(['manual', 'retry']);

/** The transport to main failed: one app-wide problem rather than one per connection. */
const HOST_PROBLEM = 'host';

interface Tally {
  applied: number;
  added: number;
  posted: number;
  modified: number;
  removed: number;
  /** Possible pending → posted pairs waiting for the user in the Changes view. */
  suggested: number;
  failed: string[];
  waiting: string[];
  /** Connections whose sync was held for review (nothing applied; Apply or Discard in Changes). */
  held: string[];
}

export function summaryText(t: Tally): { text: string; tone: SyncSummary['tone'] } {
  const counts = [
    t.suggested && `${t.suggested} to review`, // first: the one that asks something of the user
    t.added && `${t.added} new`,
    t.posted && `${t.posted} posted`,
    t.modified && `${t.modified} updated`,
    t.removed && `${t.removed} removed`,
  ].filter((p): p is string => typeof p === 'string');
  const segments: string[] = [];
  if (t.held.length > 0) segments.push(`Sync held for review: ${t.held.join(', ')}`);
  if (counts.length > 0) segments.push(counts.join(', '));
  else if (t.applied > 0) segments.push('Up to date');
  if (t.waiting.length > 0) segments.push(`${t.waiting.join(', ')} still preparing data`);
  if (t.failed.length > 0) segments.push(`${t.failed.join(', ')} couldn't sync`);
  return { text: segments.join(' · ') || 'Nothing to sync', tone: t.failed.length > 0 || t.held.length > 0 ? 'warn' : 'ok' };
}

export function createSyncActivity(api: LedgerlineApi, db: LedgerlineDb): SyncActivity {
  let state: SyncActivityState = { running: new Set(), refreshLimits: {}, summary: null, problems: [] };
  const listeners = new Set<() => void>();
  // Counts, not a set: a Retry can join a launch sync of the same connection and finish with it.
  const inFlight = new Map<string, number>();
  let summarySeq = 0;

  const set = (patch: Partial<SyncActivityState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const setRunning = (ids: readonly string[], delta: 1 | -1) => {
    for (const id of ids) {
      const n = (inFlight.get(id) ?? 0) + delta;
      if (n > 0) inFlight.set(id, n);
      else inFlight.delete(id);
    }
    set({ running: new Set(inFlight.keys()) });
  };
  const withProblems = (drop: ReadonlySet<string>, add: readonly SyncProblem[]) => [
    ...state.problems.filter((p) => !drop.has(p.key) && !add.some((a) => a.key === p.key)),
    ...add,
  ];

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getState: () => state,

    async sync(targets, trigger) {
      if (targets.length === 0) {
        if (SUMMARIZED.has(trigger)) set({ summary: { seq: ++summarySeq, text: 'No connections to sync', tone: 'warn' } });
        return;
      }
      const ids = targets.map((t) => t.id);
      setRunning(ids, 1);
      const settled = await Promise.allSettled(targets.map((t) => syncConnection(api, db, t.id, trigger)));
      setRunning(ids, -1);

      const tally: Tally = { applied: 0, added: 0, posted: 0, modified: 0, removed: 0, suggested: 0, failed: [], waiting: [], held: [] };
      const resolved = new Set<string>();
      const problems: SyncProblem[] = [];
      settled.forEach((s, i) => {
        const target = targets[i];
        if (!target) return;
        if (s.status === 'rejected') {
          tally.failed.push(target.institutionName);
          problems.push(
            s.reason instanceof HostConnectionError
              ? { key: HOST_PROBLEM, title: "Can't reach Ledgerline's background service", detail: describeThrown(s.reason) }
              : { key: target.id, title: `${target.institutionName} couldn't sync`, detail: describeThrown(s.reason) },
          );
          return;
        }
        resolved.add(HOST_PROBLEM);
        const outcome = s.value;
        if (outcome.kind === 'applied') {
          resolved.add(target.id);
          tally.applied++;
          // A suggested pair is one thing to review, not also a new row and a removed one.
          tally.added += outcome.result.added - outcome.result.suggested;
          tally.posted += outcome.result.posted;
          tally.modified += outcome.result.modified;
          tally.removed += outcome.result.removed - outcome.result.suggested;
          tally.suggested += outcome.result.suggested;
        } else if (outcome.kind === 'held') {
          // Not a failure either: the provider answered, and the answer waits for the user in Changes.
          resolved.add(target.id);
          tally.held.push(target.institutionName);
        } else if (outcome.pull.kind === 'waiting') {
          // Not a failure: the bank is still preparing data, and the sidebar says when we look again.
          resolved.add(target.id);
          tally.waiting.push(target.institutionName);
        } else {
          tally.failed.push(target.institutionName);
          problems.push({
            key: target.id,
            title: `${target.institutionName} couldn't sync`,
            detail: describeSyncError(target.institutionName, outcome.pull.error),
          });
        }
      });
      const refreshLimits = { ...state.refreshLimits };
      settled.forEach((s, i) => {
        const id = targets[i]?.id;
        if (!id || s.status !== 'fulfilled' || trigger !== 'manual') return;
        const availableAt = s.value.refresh?.availableAt;
        if (availableAt) refreshLimits[id] = availableAt;
        else delete refreshLimits[id];
      });
      set({ problems: withProblems(resolved, problems), refreshLimits });

      if (SUMMARIZED.has(trigger)) {
        const seq = ++summarySeq;
        set({ summary: { seq, ...summaryText(tally) } });
        setTimeout(() => {
          if (state.summary?.seq === seq) set({ summary: null });
        }, SUMMARY_VISIBLE_MS);
      }
    },

    reportProblem(problem) {
      set({ problems: withProblems(new Set(), [problem]) });
    },
    dismissProblem(key) {
      set({ problems: state.problems.filter((p) => p.key !== key) });
    },
  };
}
