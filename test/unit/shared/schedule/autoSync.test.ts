import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AUTO_SYNC_INTERVALS_MS, DEFAULT_AUTO_SYNC_INTERVAL_MS, PROVIDER_MIN_INTERVAL_MS, RECENT_MS, decideAutoSync, sleptBetween,
  type AutoSyncConnection, type AutoSyncReason,
} from '../../../../shared/schedule/autoSync';
import { PROVIDERS, type ConnectionState, type Provider } from '../../../../shared/types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const ago = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const inFuture = (msAhead: number) => new Date(NOW + msAhead).toISOString();

function conn(over: Partial<AutoSyncConnection> & { id?: string; provider?: Provider } = {}, status: Partial<NonNullable<AutoSyncConnection['status']>> = {}): AutoSyncConnection {
  return {
    id: over.id ?? 'c1',
    provider: over.provider ?? 'plaid',
    status: over.status === null ? null : {
      state: 'ok', lastSuccessAt: ago(5 * HOUR), lastAttemptAt: ago(5 * HOUR), retryAt: null, ...status,
    },
    ...(over.lastLocalSyncAt !== undefined ? { lastLocalSyncAt: over.lastLocalSyncAt } : {}),
    ...(over.removed !== undefined ? { removed: over.removed } : {}),
  };
}

const decide = (connections: AutoSyncConnection[], reason: AutoSyncReason = 'timer', intervalMs: number | null = DEFAULT_AUTO_SYNC_INTERVAL_MS, running?: Set<string>) =>
  decideAutoSync({ connections, intervalMs, now: NOW, reason, ...(running ? { running } : {}) });
const why = (d: ReturnType<typeof decide>, id = 'c1') => d.skipped.find((s) => s.id === id)?.why;

describe('decideAutoSync: the periodic check', () => {
  it('defaults to every 4 hours and offers 1 h, 4 h, 12 h and 24 h', () => {
    expect(DEFAULT_AUTO_SYNC_INTERVAL_MS).toBe(4 * HOUR);
    expect(AUTO_SYNC_INTERVALS_MS).toEqual([HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR]);
  });

  it('syncs a connection whose last sync is older than the interval, and not one inside it', () => {
    expect(decide([conn({}, { lastSuccessAt: ago(4 * HOUR), lastAttemptAt: ago(4 * HOUR) })]).due).toEqual(['c1']);
    const d = decide([conn({}, { lastSuccessAt: ago(4 * HOUR - 1), lastAttemptAt: ago(4 * HOUR - 1) })]);
    expect(d.due).toEqual([]);
    expect(why(d)).toBe('recent');
    expect(d.nextCheckAt).toBe(NOW + 1);
  });

  it("follows the user's interval", () => {
    const c = conn({}, { lastSuccessAt: ago(2 * HOUR), lastAttemptAt: ago(2 * HOUR) });
    expect(decide([c], 'timer', HOUR).due).toEqual(['c1']);
    expect(decide([c], 'timer', 4 * HOUR).due).toEqual([]);
    expect(decide([c], 'timer', 12 * HOUR).nextCheckAt).toBe(NOW + 10 * HOUR);
  });

  it('does nothing when automatic syncing is off, for every reason', () => {
    for (const reason of ['timer', 'resume', 'online'] as const) {
      const d = decide([conn({}, { lastSuccessAt: ago(48 * HOUR) })], reason, null);
      expect(d).toEqual({ due: [], skipped: [{ id: 'c1', why: 'off' }], nextCheckAt: null });
    }
  });

  it('keeps SnapTrade to once a day even with a 1-hour interval', () => {
    const s = conn({ provider: 'snaptrade' }, { lastSuccessAt: ago(23 * HOUR), lastAttemptAt: ago(23 * HOUR) });
    const d = decide([s], 'timer', HOUR);
    expect(d.due).toEqual([]);
    expect(why(d)).toBe('provider_minimum');
    expect(d.nextCheckAt).toBe(NOW + HOUR);
    expect(decide([conn({ provider: 'snaptrade' }, { lastSuccessAt: ago(24 * HOUR) })], 'timer', HOUR).due).toEqual(['c1']);
  });

  it('has a 15-minute floor for Plaid, an hourly one for MoneyKit, a daily one for SnapTrade', () => {
    expect(PROVIDER_MIN_INTERVAL_MS).toEqual({ plaid: 15 * MIN, moneykit: HOUR, snaptrade: 24 * HOUR });
  });

  it('a connection that never synced is due at once', () => {
    const d = decide([conn({}, { state: 'never_synced', lastSuccessAt: null, lastAttemptAt: null })]);
    expect(d.due).toEqual(['c1']);
  });

  it('counts a sync this window applied locally even before main reports it', () => {
    const c = conn({ lastLocalSyncAt: ago(MIN) }, { lastSuccessAt: ago(10 * HOUR) });
    expect(why(decide([c], 'online'))).toBe('recent');
    expect(why(decide([c], 'timer'))).toBe('recent');
  });

  it('ignores an unreadable timestamp instead of treating it as long ago or now', () => {
    const d = decide([conn({ lastLocalSyncAt: 'not a date' }, { lastSuccessAt: ago(30 * MIN) })]);
    expect(why(d)).toBe('recent');
    expect(decide([conn({ lastLocalSyncAt: 'not a date' }, { lastSuccessAt: ago(5 * HOUR) })]).due).toEqual(['c1']);
  });
});

describe('decideAutoSync: resume from sleep and network back', () => {
  for (const reason of ['resume', 'online'] as const) {
    it(`${reason}: syncs connections not synced in the last 15 minutes, skips the recent ones`, () => {
      const d = decide([
        conn({ id: 'fresh' }, { lastSuccessAt: ago(MIN), lastAttemptAt: ago(MIN) }),
        conn({ id: 'edge', provider: 'moneykit' }, { lastSuccessAt: ago(RECENT_MS - 1), lastAttemptAt: ago(RECENT_MS - 1) }),
        conn({ id: 'stale' }, { lastSuccessAt: ago(2 * HOUR), lastAttemptAt: ago(2 * HOUR) }),
      ], reason);
      expect(d.due).toEqual(['stale']);
      expect(why(d, 'fresh')).toBe('recent');
      expect(why(d, 'edge')).toBe('recent');
    });
  }

  it('resume: past the recent window but not the interval — a wake syncs it, the timer does not', () => {
    const c = conn({}, { lastSuccessAt: ago(20 * MIN), lastAttemptAt: ago(20 * MIN) });
    expect(decide([c], 'resume').due).toEqual(['c1']);
    expect(decide([c], 'online').due).toEqual(['c1']);
    expect(decide([c], 'timer').due).toEqual([]);
  });

  it('resume: MoneyKit past the recent window still waits for its hourly floor', () => {
    const d = decide([conn({ provider: 'moneykit' }, { lastSuccessAt: ago(30 * MIN), lastAttemptAt: ago(30 * MIN) })], 'resume');
    expect(why(d)).toBe('provider_minimum');
    expect(decide([conn({ provider: 'moneykit' }, { lastSuccessAt: ago(HOUR) })], 'resume').due).toEqual(['c1']);
  });

  it('resume still keeps SnapTrade to once a day', () => {
    const d = decide([conn({ provider: 'snaptrade' }, { lastSuccessAt: ago(3 * HOUR) })], 'resume');
    expect(why(d)).toBe('provider_minimum');
  });
});

describe('decideAutoSync: connections left alone', () => {
  it.each<ConnectionState>(['needs_reauth', 'disconnected'])('%s needs the user: never synced in the background', (state) => {
    const d = decide([conn({}, { state, lastSuccessAt: ago(48 * HOUR) })], 'resume');
    expect(d.due).toEqual([]);
    expect(why(d)).toBe('needs_user');
    expect(d.nextCheckAt).toBeNull();
  });

  it('respects a retry time the provider named (rate limit), then syncs after it', () => {
    const limited = conn({}, { state: 'rate_limited', lastSuccessAt: ago(10 * HOUR), lastAttemptAt: ago(MIN), retryAt: inFuture(5 * MIN) });
    const d = decide([limited], 'timer');
    expect(why(d)).toBe('retry_later');
    expect(d.nextCheckAt).toBe(NOW + 5 * MIN);
    const passed = conn({}, { state: 'rate_limited', lastSuccessAt: ago(10 * HOUR), lastAttemptAt: ago(2 * HOUR), retryAt: ago(MIN) });
    expect(decide([passed], 'timer').due).toEqual(['c1']);
  });

  it('skips removed connections and ones main does not list (demo mode off)', () => {
    const d = decide([conn({ id: 'r', removed: true }), conn({ id: 'u', status: null })], 'online');
    expect(d.due).toEqual([]);
    expect(why(d, 'r')).toBe('removed');
    expect(why(d, 'u')).toBe('unknown');
    expect(d.nextCheckAt).toBeNull();
  });

  it('skips a connection that is syncing (in main, or in this window)', () => {
    expect(why(decide([conn({}, { state: 'syncing' })]))).toBe('running');
    expect(why(decide([conn()], 'timer', 4 * HOUR, new Set(['c1'])))).toBe('running');
  });

  it('after a failed attempt, the timer waits an hour before trying again; wake events only two minutes', () => {
    const failed = (attemptAgo: number) => conn({}, { state: 'error', lastSuccessAt: ago(10 * HOUR), lastAttemptAt: ago(attemptAgo) });
    expect(why(decide([failed(30 * MIN)], 'timer'))).toBe('failed_recently');
    expect(decide([failed(30 * MIN)], 'timer').nextCheckAt).toBe(NOW + 30 * MIN);
    expect(decide([failed(HOUR)], 'timer').due).toEqual(['c1']);
    expect(decide([failed(MIN)], 'online').due).toEqual([]);
    expect(decide([failed(3 * MIN)], 'online').due).toEqual(['c1']);
    // Never synced and failing: the same spacing, not every tick.
    const never = conn({}, { state: 'error', lastSuccessAt: null, lastAttemptAt: ago(10 * MIN) });
    expect(why(decide([never], 'timer'))).toBe('failed_recently');
  });

  it('a 1-hour interval never retries a failure more often than the interval', () => {
    const failed = conn({}, { state: 'error', lastSuccessAt: ago(10 * HOUR), lastAttemptAt: ago(59 * MIN) });
    expect(why(decide([failed], 'timer', HOUR))).toBe('failed_recently');
  });
});

describe('decideAutoSync: properties', () => {
  const arbConn = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    provider: fc.constantFrom(...PROVIDERS),
    state: fc.constantFrom<ConnectionState>('ok', 'syncing', 'waiting', 'rate_limited', 'needs_reauth', 'disconnected', 'error', 'never_synced'),
    success: fc.option(fc.integer({ min: 0, max: 72 * HOUR })),
    attempt: fc.option(fc.integer({ min: 0, max: 72 * HOUR })),
    retry: fc.option(fc.integer({ min: -HOUR, max: HOUR })),
    removed: fc.boolean(),
  }).map((r): AutoSyncConnection => ({
    id: r.id, provider: r.provider, removed: r.removed,
    status: {
      state: r.state,
      lastSuccessAt: r.success === null ? null : ago(r.success),
      lastAttemptAt: r.attempt === null ? null : ago(r.attempt),
      retryAt: r.retry === null ? null : inFuture(r.retry),
    },
  }));

  it('every connection is either due or skipped, and a due one is never inside its provider minimum or needing the user', () => {
    fc.assert(fc.property(
      fc.array(arbConn, { maxLength: 8 }),
      fc.constantFrom<AutoSyncReason>('timer', 'resume', 'online'),
      fc.constantFrom(...AUTO_SYNC_INTERVALS_MS),
      (connections, reason, interval) => {
        const d = decideAutoSync({ connections, intervalMs: interval, now: NOW, reason });
        expect(d.due.length + d.skipped.length).toBe(connections.length);
        const dueSet = new Set(d.due);
        for (const c of connections) {
          if (!dueSet.has(c.id) || !c.status) continue;
          const wasDue = connections.filter((x) => x.id === c.id).some((x) => {
            const s = x.status;
            if (!s || x.removed || s.state === 'needs_reauth' || s.state === 'disconnected' || s.state === 'syncing') return false;
            if (s.retryAt && Date.parse(s.retryAt) > NOW) return false;
            return !s.lastSuccessAt || NOW - Date.parse(s.lastSuccessAt) >= PROVIDER_MIN_INTERVAL_MS[x.provider];
          });
          expect(wasDue).toBe(true);
        }
        if (d.nextCheckAt !== null) expect(d.nextCheckAt).toBeGreaterThan(NOW - 1);
      },
    ));
  });

  it('a timer check never syncs something a wake check would skip as recent', () => {
    fc.assert(fc.property(fc.array(arbConn, { maxLength: 6 }), (connections) => {
      const timer = new Set(decideAutoSync({ connections, intervalMs: HOUR, now: NOW, reason: 'timer' }).due);
      const wake = new Set(decideAutoSync({ connections, intervalMs: HOUR, now: NOW, reason: 'resume' }).due);
      for (const id of timer) expect(wake.has(id)).toBe(true);
    }));
  });
});

describe('sleptBetween', () => {
  it('a minute tick that arrives more than 3 minutes late means the machine slept', () => {
    expect(sleptBetween(NOW, NOW + MIN)).toBe(false);
    expect(sleptBetween(NOW, NOW + 3 * MIN)).toBe(false);
    expect(sleptBetween(NOW, NOW + 3 * MIN + 1)).toBe(true);
    expect(sleptBetween(NOW, NOW + 8 * HOUR)).toBe(true);
  });
});
