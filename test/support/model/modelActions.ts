/**
 * The actions every sync model (Plaid, MoneyKit, SnapTrade) plays, their arbitraries and how the
 * trace names them. Each model adds its own faults and provider-only actions on top.
 */
import fc from 'fast-check';
import type { SyncTrigger } from '../../../shared/types';

/**
 * afterPull: the renderer dies with main's reply in flight (nothing applied).
 * closedDuringPull: the window closes its database while main is pulling; the apply hits a closed db.
 * midApply: the apply transaction aborts at its last write, after the rows were written inside it.
 */
export type CrashMode = 'afterPull' | 'closedDuringPull' | 'midApply';
export const CRASH_MODES: readonly CrashMode[] = ['afterPull', 'closedDuringPull', 'midApply'];

/**
 * Fixed, or `belowUpdate: k`: k less than the number of changes the next pull carries, resolved
 * when the sync runs. The first page then ends just before the window's tail, where the newest
 * pendings are, so a change during pagination settles pendings the client was already sent.
 */
export type PageSize = number | { belowUpdate: number };

/** A fault as the trace shows it: its kind, and how many times it fires when it is counted. */
export interface FaultLike {
  kind: string;
  count?: number;
}

/** The actions of every model; `P` is the page size the provider's model draws. */
export type CommonAction<F extends FaultLike, P extends PageSize = PageSize> =
  | { kind: 'advance'; steps: number; hoursApart: number }
  | { kind: 'sync'; trigger: SyncTrigger; pageSize: P; fault: F | null }
  | { kind: 'crash'; mode: CrashMode; pageSize: P }
  /** A new app: a new Dexie instance on the same database, a new SDK client. */
  | { kind: 'restart' }
  /** Re-apply an update that was already committed: `pick` 0 is the latest (the same update twice). */
  | { kind: 'replayStale'; pick: number }
  /** A sync whose update is held (whatever it holds), then applied or discarded by the user. */
  | { kind: 'hold'; resolve: 'apply' | 'discard' };

// Small pages most of the time, so updates span many pages and pending/posted pairs straddle them.
export const pageSizeArb: fc.Arbitrary<PageSize> = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 3 },
  { arbitrary: fc.integer({ min: 9, max: 500 }), weight: 2 },
  { arbitrary: fc.record({ belowUpdate: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
);

/** A sync with any trigger, without a fault two times in five. */
export const syncActionArb = <F extends FaultLike, P extends PageSize>(pageSize: fc.Arbitrary<P>, fault: fc.Arbitrary<F>) =>
  fc.record({
    kind: fc.constant('sync' as const),
    trigger: fc.constantFrom<SyncTrigger>('launch', 'manual', 'timer', 'resume', 'retry'),
    pageSize,
    fault: fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fault, weight: 3 }),
  });

export const advanceActionArb = fc.record({ kind: fc.constant('advance' as const), steps: fc.integer({ min: 1, max: 3 }), hoursApart: fc.integer({ min: 1, max: 30 }) });

export const crashActionArb = <P extends PageSize>(pageSize: fc.Arbitrary<P>) =>
  fc.record({ kind: fc.constant('crash' as const), mode: fc.constantFrom(...CRASH_MODES), pageSize });

export const restartActionArb = fc.constant({ kind: 'restart' as const });

export const replayStaleActionArb = fc.record({ kind: fc.constant('replayStale' as const), pick: fc.nat({ max: 3 }) });

export const holdActionArb = fc.record({ kind: fc.constant('hold' as const), resolve: fc.constantFrom('apply' as const, 'discard' as const) });

export const describePageSize = (size: PageSize): string => (typeof size === 'number' ? `page ${size}` : `page update−${size.belowUpdate}`);

/** `rateLimit×3`; `detail` adds what only one provider's fault has. */
export function describeFault<F extends FaultLike>(fault: F, detail: (fault: F) => string = () => ''): string {
  return `${fault.kind}${fault.count === undefined ? '' : `×${fault.count}`}${detail(fault)}`;
}

export function describeCommonAction<F extends FaultLike>(a: CommonAction<F>, faultDetail?: (fault: F) => string): string {
  switch (a.kind) {
    case 'advance': return `advance ${a.steps} step(s), ${a.hoursApart} h apart`;
    case 'sync': return `sync (${a.trigger}, ${describePageSize(a.pageSize)}${a.fault ? `, ${describeFault(a.fault, faultDetail)}` : ''})`;
    case 'crash': return `crash ${a.mode} (${describePageSize(a.pageSize)})`;
    case 'restart': return 'restart the app';
    case 'replayStale': return `replay stale update #${a.pick}`;
    case 'hold': return `sync held, then ${a.resolve === 'apply' ? 'applied' : 'discarded'}`;
  }
}
