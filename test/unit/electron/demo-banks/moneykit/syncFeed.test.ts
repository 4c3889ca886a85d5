import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerSim, type SimTransaction } from '../../../../../electron/demo-banks/ledger/ledgerSim';
import { MoneykitApiError } from '../../../../../electron/demo-banks/moneykit/errors';
import { SyncFeed, decodeCursor, encodeCursor, type FeedEntry } from '../../../../../electron/demo-banks/moneykit/syncFeed';

// The demo bank's MoneyKit feed on its own: what a drain carries, for any page size and any
// interleaving of bank steps — including steps in the middle of a drain.
const CREATED = new Date('2026-03-01T15:00:00Z');
const HOUR = 3_600_000;
const PROFILE = { historyDays: 15, txPerDay: 5 };

function ledger(seed: number): LedgerSim {
  return new LedgerSim({ seed, ordinal: 0, createdAt: CREATED, profile: PROFILE });
}

/** One complete drain; `during(pageIndex)` runs after each page that has more (the bank moving). */
function drain(feed: SyncFeed, cursor: string | undefined, size: number, during: (page: number) => void = () => undefined) {
  const entries: FeedEntry[] = [];
  let next = cursor;
  for (let page = 0; ; page++) {
    const got = feed.page(next, size);
    expect(got.entries.length).toBeLessThanOrEqual(size);
    entries.push(...got.entries);
    next = got.next;
    if (!got.hasMore) return { entries, cursor: next, pages: page + 1 };
    during(page);
  }
}

/**
 * A client that applies posted changes as a feed and replaces its pendings with the drain's when
 * the drain carried any (every demo-bank refresh leaves at least one pending), keeping them otherwise.
 */
function applyDrain(state: Map<string, SimTransaction>, entries: readonly FeedEntry[]): void {
  if (entries.some((e) => e.txn.pending)) for (const [id, t] of state) if (t.pending) state.delete(id);
  for (const e of entries) {
    if (e.kind === 'removed') state.delete(e.txn.id);
    else state.set(e.txn.id, e.txn);
  }
}
const live = (l: LedgerSim) => new Map(l.liveTransactions().map((t) => [t.id, t]));

describe('the MoneyKit sync feed', () => {
  it('serves the whole history, then only changes since the last drain: nothing at all (no pendings) when the bank did not refresh', () => {
    const l = ledger(7);
    const feed = new SyncFeed('mk_x', l);
    const state = new Map<string, SimTransaction>();
    const first = drain(feed, undefined, 13);
    applyDrain(state, first.entries);
    expect(state).toEqual(live(l));
    const pendings = [...state.values()].filter((t) => t.pending).map((t) => t.id).sort();
    expect(pendings.length).toBeGreaterThan(0);

    // MoneyKit: "include that value to receive only changes that have occurred since the previous call".
    const again = drain(feed, first.cursor, 13);
    expect(again.entries).toEqual([]);
    expect(again.cursor).toBe(first.cursor);
    applyDrain(state, again.entries);
    expect(state).toEqual(live(l));

    // A refresh replaces the pendings wholesale: the next drain carries the refreshed set in `created`.
    l.step(new Date(CREATED.getTime() + 6 * HOUR));
    const refreshed = drain(feed, first.cursor, 13);
    const nowPending = l.liveTransactions().filter((t) => t.pending).map((t) => t.id).sort();
    expect(refreshed.entries.filter((e) => e.txn.pending).map((e) => e.txn.id).sort()).toEqual(nowPending);
    applyDrain(state, refreshed.entries);
    expect(state).toEqual(live(l));
  });

  it('never reports a pending in updated or removed, and posted rows only as a net change', () => {
    const l = ledger(11);
    const feed = new SyncFeed('mk_x', l);
    let { cursor } = drain(feed, undefined, 50);
    for (let i = 0; i < 12; i++) {
      l.step(new Date(CREATED.getTime() + (i + 1) * 6 * HOUR));
      const d = drain(feed, cursor, 7);
      cursor = d.cursor;
      for (const e of d.entries) if (e.kind !== 'created') expect(e.txn.pending).toBe(false);
      const ids = d.entries.filter((e) => !e.txn.pending).map((e) => e.txn.id);
      expect(new Set(ids).size).toBe(ids.length); // one entry per posted id per drain
    }
  });

  it('keeps paging its window when the log grows mid-drain, and the next drain catches up', () => {
    const l = ledger(3);
    const feed = new SyncFeed('mk_x', l);
    const state = new Map<string, SimTransaction>();
    let { cursor } = drain(feed, undefined, 500);
    applyDrain(state, drain(feed, undefined, 500).entries);
    const before = live(l);
    l.step(new Date(CREATED.getTime() + 5 * HOUR));
    const atWindowEnd = live(l);
    let grew = 0;
    const d = drain(feed, cursor, 2, () => {
      l.step(new Date(CREATED.getTime() + (10 + grew++) * HOUR));
    });
    expect(grew).toBeGreaterThan(0);
    expect(before).not.toEqual(atWindowEnd);
    const mid = new Map(state);
    applyDrain(mid, d.entries);
    expect(mid).toEqual(atWindowEnd); // the drain describes the ledger as of its window's end
    const caughtUp = drain(feed, d.cursor, 3);
    applyDrain(mid, caughtUp.entries);
    expect(mid).toEqual(live(l));
    cursor = caughtUp.cursor;
    expect(decodeCursor(cursor)).toMatchObject({ link: 'mk_x', offset: 0 });
  });

  it('refuses cursors it did not issue for this link, or from a future it has not reached', () => {
    const l = ledger(5);
    const feed = new SyncFeed('mk_x', l);
    const bad = (cursor: string) => {
      try {
        feed.page(cursor, 10);
      } catch (e) {
        return e instanceof MoneykitApiError ? `${e.status} ${e.code}` : 'other';
      }
      return 'accepted';
    };
    expect(bad('not-a-cursor')).toBe('422 api_error.request.validation_failed');
    expect(bad(encodeCursor({ link: 'mk_other', start: 0, end: 0, offset: 0 }))).toBe('422 api_error.request.validation_failed');
    expect(bad(encodeCursor({ link: 'mk_x', start: 0, end: l.logLength + 1, offset: 0 }))).toBe('422 api_error.request.validation_failed');
    expect(bad(encodeCursor({ link: 'mk_x', start: 0, end: l.logLength, offset: 1_000_000 }))).toBe('422 api_error.request.validation_failed');
    expect(bad(encodeCursor({ link: 'mk_x', start: 0, end: l.logLength, offset: 0 }))).toBe('accepted');
  });

  it('property: a replacing client equals the ledger after every drain, whatever the page sizes and steps', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('step' as const), hours: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('drain' as const), size: fc.integer({ min: 1, max: 60 }), grow: fc.nat({ max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(action, { maxLength: 12 }), (seed, actions) => {
        const l = ledger(seed);
        const feed = new SyncFeed('mk_p', l);
        const state = new Map<string, SimTransaction>();
        let cursor: string | undefined;
        let clock = CREATED.getTime();
        for (const a of [...actions, { kind: 'drain' as const, size: 50, grow: 0 }]) {
          if (a.kind === 'step') {
            clock += a.hours * HOUR;
            l.step(new Date(clock));
            continue;
          }
          let grows = a.grow;
          const d = drain(feed, cursor, a.size, () => {
            if (grows-- > 0) l.step(new Date((clock += HOUR)));
          });
          applyDrain(state, d.entries);
          cursor = d.cursor;
          if (a.grow === 0 || grows === a.grow) expect(state).toEqual(live(l));
        }
        // The final clean drain always reaches the ledger exactly.
        expect(state).toEqual(live(l));
      }),
      { numRuns: 60 },
    );
  });
});
