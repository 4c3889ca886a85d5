import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcilePending, type PendingMatch, type ReconcileRow } from '../../../../shared/reconcile/reconcilePending';
import { cpuMs } from '../../../support/cpuTime';

const row = (id: string, over: Partial<ReconcileRow> = {}): ReconcileRow => ({
  id, accountId: 'a1', currency: 'USD', amountMinor: -1000, date: '2026-11-10', description: `Row ${id}`, merchant: null,
  category: null, pending: false, pendingId: null, ...over,
});
const pending = (id: string, over: Partial<ReconcileRow> = {}) => row(id, { pending: true, ...over });
const pairs = (matches: PendingMatch[]) => matches.map((m) => `${m.pendingId}→${m.postedId}`).sort();
const only = (matches: PendingMatch[]): PendingMatch => {
  expect(matches).toHaveLength(1);
  return matches[0] as PendingMatch;
};

describe('reconcilePending: the provider link', () => {
  it('pairs a posted row with the pending it names, at full confidence, merged', () => {
    const m = only(reconcilePending({
      leaving: [pending('p1', { date: '2026-11-08', amountMinor: -2000 })],
      arriving: [row('t1', { pendingId: 'p1', amountMinor: -2400 })],
    }));
    expect(m).toMatchObject({ pendingId: 'p1', postedId: 't1', method: 'link', confidence: 1, merge: true, daysToPost: 2 });
  });

  it('does not depend on the order the halves arrived in (split across pages)', () => {
    const leaving = [pending('p1', { amountMinor: -500 }), pending('p2', { amountMinor: -900 }), pending('p3', { amountMinor: -300 })];
    const arriving = [row('t3', { pendingId: 'p3' }), row('t9', { amountMinor: -7777, description: 'Amazon' }), row('t1', { pendingId: 'p1' })];
    const forward = reconcilePending({ leaving, arriving });
    const backward = reconcilePending({ leaving: [...leaving].reverse(), arriving: [...arriving].reverse() });
    expect(pairs(forward)).toEqual(['p1→t1', 'p3→t3']);
    expect(pairs(backward)).toEqual(pairs(forward));
    expect(forward.every((m) => m.method === 'link')).toBe(true);
  });

  it('a link wins over an exact-amount look-alike, which then stays free for its own posted row', () => {
    const matches = reconcilePending({
      leaving: [pending('p1', { amountMinor: -450 }), pending('p2', { amountMinor: -450 })],
      arriving: [row('t2', { amountMinor: -450 }), row('t1', { amountMinor: -450, pendingId: 'p1' })],
    });
    expect(pairs(matches)).toEqual(['p1→t1', 'p2→t2']);
    expect(matches.find((m) => m.postedId === 't1')?.method).toBe('link');
  });
});

describe('reconcilePending: same id turning posted', () => {
  it('records a pending → posted flip in place as a posting of the row itself', () => {
    const before = pending('m1', { amountMinor: -1000, date: '2026-11-08' });
    const after = row('m1', { amountMinor: -1150, date: '2026-11-10' });
    expect(only(reconcilePending({ leaving: [], arriving: [], flipped: [{ before, after }] })))
      .toMatchObject({ pendingId: 'm1', postedId: 'm1', method: 'sameId', confidence: 1, merge: true, daysToPost: 2 });
  });

  it('ignores a "flip" that is not pending → posted', () => {
    expect(reconcilePending({ leaving: [], arriving: [], flipped: [{ before: row('x'), after: pending('x') }] })).toEqual([]);
  });
});

describe('reconcilePending: exact amount without a link', () => {
  it('merges the same amount on the same account within 8 days, closest date first', () => {
    const m = reconcilePending({
      leaving: [pending('far', { date: '2026-11-03' }), pending('near', { date: '2026-11-09' }), pending('late', { date: '2026-11-11' })],
      arriving: [row('t', { date: '2026-11-10' })],
    });
    expect(only(m)).toMatchObject({ pendingId: 'near', method: 'exact', merge: true, confidence: 0.9, daysToPost: 1 });
  });

  it('never reaches past 8 days, across accounts or currencies, or to a pending dated after the posted row', () => {
    const m = reconcilePending({
      leaving: [
        pending('old', { date: '2026-11-01' }),
        pending('otherAccount', { accountId: 'a2' }),
        pending('otherCurrency', { currency: 'CAD' }),
        pending('after', { date: '2026-11-11' }),
      ],
      arriving: [row('t', { date: '2026-11-10' })],
    });
    expect(m).toEqual([]);
  });

  it('two identical coffees on one day: each posted row takes exactly one pending', () => {
    const coffee = { amountMinor: -475, description: 'STARBUCKS STORE 05412', date: '2026-11-09' };
    const posted = { amountMinor: -475, description: 'Starbucks', merchant: 'Starbucks', date: '2026-11-10' };
    const m = reconcilePending({ leaving: [pending('c1', coffee), pending('c2', coffee)], arriving: [row('t1', posted), row('t2', posted)] });
    expect(pairs(m)).toEqual(['c1→t1', 'c2→t2']);
    expect(m.every((x) => x.method === 'exact' && x.merge)).toBe(true);
  });

  it('prefers the pending whose merchant agrees over a closer one that does not', () => {
    const m = reconcilePending({
      leaving: [pending('peets', { description: 'PEETS COFFEE #0231', date: '2026-11-10' }), pending('sbux', { description: 'STARBUCKS STORE 05412', date: '2026-11-09' })],
      arriving: [row('t', { description: 'Starbucks', merchant: 'Starbucks', date: '2026-11-10' })],
    });
    expect(only(m)).toMatchObject({ pendingId: 'sbux', merge: true });
  });

  it('only suggests an exact amount at a plainly different merchant', () => {
    const m = reconcilePending({ leaving: [pending('p', { description: 'NETFLIX.COM' })], arriving: [row('t', { description: 'Amazon', merchant: 'Amazon' })] });
    expect(only(m)).toMatchObject({ merge: false, reason: 'merchantDiffers', confidence: 0.5 });
  });

  it('only suggests when two different pendings fit equally well', () => {
    const m = reconcilePending({
      leaving: [pending('a', { description: 'CORNER STORE' }), pending('b', { description: 'CORNER DELI' })],
      arriving: [row('t', { description: 'CORNER MARKET' })],
    });
    expect(only(m)).toMatchObject({ merge: false, reason: 'ambiguous' });
  });
});

describe('reconcilePending: tips, holds and tolerance', () => {
  it('a tip (posted 20% above the pending, same restaurant) is only a suggestion', () => {
    const m = only(reconcilePending({
      leaving: [pending('p', { amountMinor: -4000, description: 'TST* ZUNI CAFE', date: '2026-11-08' })],
      arriving: [row('t', { amountMinor: -4800, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-10' })],
    }));
    expect(m).toMatchObject({ method: 'tolerant', merge: false, reason: 'tolerantAmount', confidence: 0.6, daysToPost: 2 });
  });

  it('tolerates 30% above and 10% below, not more, and never across a different merchant or past 5 days', () => {
    const base = { description: 'OLIVE GARDEN 0021' };
    const posted = (id: string, amountMinor: number, over: Partial<ReconcileRow> = {}) => row(id, { amountMinor, description: 'Olive Garden', merchant: 'Olive Garden', ...over });
    const run = (t: ReconcileRow, p: ReconcileRow = pending('p', { amountMinor: -1000, ...base })) => reconcilePending({ leaving: [p], arriving: [t] });
    expect(run(posted('up30', -1300))).toHaveLength(1);
    expect(run(posted('up31', -1301))).toHaveLength(0);
    expect(run(posted('down10', -900))).toHaveLength(1);
    expect(run(posted('down11', -899))).toHaveLength(0);
    expect(run(posted('refund', 1100))).toHaveLength(0);
    expect(run(posted('otherPlace', -1100, { description: 'Red Lobster', merchant: 'Red Lobster' }))).toHaveLength(0);
    expect(run(posted('sixDays', -1100, { date: '2026-11-16' }))).toHaveLength(0);
  });

  it('merges a $1 fuel hold that posts at the real amount when it is the only candidate at that station', () => {
    const m = only(reconcilePending({
      leaving: [pending('hold', { amountMinor: -100, description: 'SHELL OIL 57444238100', category: 'TRANSPORTATION_GAS', date: '2026-11-09' })],
      arriving: [row('t', { amountMinor: -4317, description: 'Shell', merchant: 'Shell', category: 'TRANSPORTATION_GAS' })],
    }));
    expect(m).toMatchObject({ method: 'fuelHold', merge: true, confidence: 0.8 });
  });

  it('only suggests a $100 fuel hold when two fills at the same station could be it', () => {
    const hold = { amountMinor: -10_000, description: 'CHEVRON 0209417', category: 'TRANSPORTATION_GAS', date: '2026-11-09' };
    const m = reconcilePending({
      leaving: [pending('h1', hold)],
      arriving: [row('t1', { amountMinor: -5210, description: 'Chevron', merchant: 'Chevron' }), row('t2', { amountMinor: -3890, description: 'Chevron', merchant: 'Chevron' })],
    });
    expect(only(m)).toMatchObject({ method: 'fuelHold', merge: false, reason: 'fuelHold', confidence: 0.6 });
  });

  it('does not treat a $100 utility pending as a fuel hold', () => {
    const m = reconcilePending({
      leaving: [pending('gas-bill', { amountMinor: -10_000, description: 'PG&E GAS', category: 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY' })],
      arriving: [row('t', { amountMinor: -6320, description: 'PG&E', merchant: 'PG&E' })],
    });
    expect(m).toEqual([]);
  });
});

describe('reconcilePending: rows with no partner', () => {
  it('a pending that vanished (released, nothing posted) matches nothing', () => {
    expect(reconcilePending({ leaving: [pending('released', { amountMinor: -2500 })], arriving: [] })).toEqual([]);
  });

  it('a pending with no plausible posted partner stays unmatched, and so does the posted row', () => {
    const m = reconcilePending({
      leaving: [pending('p', { amountMinor: -2500, description: 'UBER *TRIP' })],
      arriving: [row('t', { amountMinor: -8900, description: 'Amazon', merchant: 'Amazon' })],
    });
    expect(m).toEqual([]);
  });

  it('ignores posted rows among the leaving and pending rows among the arriving', () => {
    expect(reconcilePending({ leaving: [row('posted-leaving')], arriving: [pending('still-pending')] })).toEqual([]);
  });
});

describe('reconcilePending: scale', () => {
  it('reconciles 20,000 pendings against 20,000 posted rows without a pairwise scan', () => {
    const names = ['STARBUCKS STORE 1', 'SHELL OIL 2', 'TST* ZUNI CAFE', 'WHOLEFDS MKT 3', 'UBER *TRIP'];
    // A year of dates on 7 accounts: ~8 pendings per account and day, as a heavy user's would be.
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10);
    const leaving = Array.from({ length: 20_000 }, (_, i) => pending(`p${i}`, {
      accountId: `a${i % 7}`, amountMinor: -(100 + (i % 5000)), date: day(i), description: names[i % names.length] as string,
    }));
    const arriving = leaving.map((p, i) => row(`t${i}`, { accountId: p.accountId, amountMinor: i % 3 === 0 ? p.amountMinor - 150 : p.amountMinor, date: p.date, description: p.description }));
    let m: ReturnType<typeof reconcilePending> = [];
    // ~0.4 s of CPU; comparing names pair by pair took 30 s. The bound only catches that regression
    // (CPU time, not the clock: npm test runs this at the lowest priority), so it is not a speed target.
    expect(cpuMs(() => { m = reconcilePending({ leaving, arriving }); }, 1)).toBeLessThan(10_000);
    expect(m.length).toBeGreaterThan(15_000);
  });
});

describe('reconcilePending: properties', () => {
  const arbRow = (pendingFlag: boolean) => fc.record({
    id: fc.uuid(),
    accountId: fc.constantFrom('a1', 'a2'),
    currency: fc.constant('USD'),
    amountMinor: fc.constantFrom(-100, -450, -475, -1000, -1200, -10_000, 2500),
    date: fc.constantFrom('2026-11-01', '2026-11-04', '2026-11-08', '2026-11-09', '2026-11-10'),
    description: fc.constantFrom('STARBUCKS STORE 1', 'Starbucks', 'SHELL OIL 9', 'Shell', 'TST* ZUNI CAFE', 'Zuni Cafe'),
    merchant: fc.constantFrom(null, 'Starbucks', 'Shell'),
    category: fc.constantFrom(null, 'TRANSPORTATION_GAS', 'FOOD_AND_DRINK_COFFEE'),
    pending: fc.constant(pendingFlag),
    pendingId: fc.constant(null),
  });

  it('matches every row at most once, only pending to posted, within the window', () => {
    fc.assert(fc.property(fc.array(arbRow(true), { maxLength: 12 }), fc.array(arbRow(false), { maxLength: 12 }), (leaving, arriving) => {
      const m = reconcilePending({ leaving, arriving });
      expect(new Set(m.map((x) => x.postedId)).size).toBe(m.length);
      expect(new Set(m.map((x) => x.pendingId)).size).toBe(m.length);
      for (const x of m) {
        const p = leaving.find((r) => r.id === x.pendingId);
        const t = arriving.find((r) => r.id === x.postedId);
        expect(p?.accountId).toBe(t?.accountId);
        expect(x.daysToPost).toBeGreaterThanOrEqual(0);
        expect(x.daysToPost).toBeLessThanOrEqual(8);
        if (x.method === 'tolerant') expect(x.merge).toBe(false);
      }
    }));
  });

  it('pairs every provider link whatever order the pages delivered the rows in', () => {
    fc.assert(fc.property(fc.array(arbRow(true), { minLength: 1, maxLength: 10 }), fc.array(arbRow(false), { maxLength: 10 }), fc.nat(), (leaving, arriving, seed) => {
      // Link each posted row to some pending; then shuffle both lists.
      const linked = arriving.map((t, i) => ({ ...t, pendingId: (leaving[(seed + i) % leaving.length] as ReconcileRow).id }));
      const shuffle = <T,>(xs: T[]) => xs.map((x, i) => ({ x, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k).map(({ x }) => x);
      const links = (rows: ReconcileRow[], pend: ReconcileRow[]) => pairs(reconcilePending({ leaving: pend, arriving: rows }).filter((m) => m.method === 'link'));
      const first = new Set(linked.map((t) => t.pendingId)).size;
      expect(links(linked, leaving)).toHaveLength(first);
      expect(links(shuffle(linked), shuffle(leaving)).length).toBe(first);
    }));
  });
});
