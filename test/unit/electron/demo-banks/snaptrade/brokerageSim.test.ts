import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokerageSim, MUTABLE_DAYS, type BrokerageParams, type SimActivity } from '../../../../../electron/demo-banks/snaptrade/brokerageSim';
import { addDays } from '../../../../../electron/demo-banks/snaptrade/calendar';
import { toActivityWire } from '../../../../../electron/demo-banks/snaptrade/wire';

const CREATED = new Date('2026-03-02T15:00:00Z');
const DAY = 86_400_000;
const params = (seed: number, ordinal = 0, historyDays = 365): BrokerageParams => ({ seed, ordinal, createdAt: CREATED, profile: { historyDays } });
const all = (sim: BrokerageSim): SimActivity[] => sim.accounts.flatMap((a) => [...sim.activities(a.id)]);
const snapshot = (sim: BrokerageSim) => ({
  ids: sim.accounts.map((a) => sim.activities(a.id).map((x) => x.id)),
  activities: all(sim),
  cash: sim.accounts.map((a) => sim.cash(a)),
  totals: sim.accounts.map((a) => sim.totalValueCents(a)),
  syncedThrough: sim.syncedThrough,
});

function stepped(seed: number, times: readonly number[]): BrokerageSim {
  const sim = new BrokerageSim(params(seed, 0, 60));
  for (const t of times) sim.step(new Date(t));
  return sim;
}

describe('BrokerageSim', () => {
  it('is a pure function of its parameters and event log: a replay rebuilds every id', () => {
    fc.assert(fc.property(fc.integer(), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }), (seed, hours) => {
      let t = CREATED.getTime();
      const times = hours.map((h) => (t += h * 3_600_000));
      const sim = stepped(seed, times);
      sim.reprocess(new Date(t), { reissue: 2, drop: 1 });
      expect(snapshot(BrokerageSim.replay(params(seed, 0, 60), sim.events))).toEqual(snapshot(sim));
    }), { numRuns: 25 });
  });

  it('differs between seeds and between the connections of one seed', () => {
    const ids = (sim: BrokerageSim) => [sim.authorizationId, ...sim.accounts.map((a) => a.id), ...all(sim).map((a) => a.id)];
    const base = ids(new BrokerageSim(params(1)));
    expect(ids(new BrokerageSim(params(1)))).toEqual(base);
    const shared = (other: string[]) => other.filter((id) => base.includes(id));
    expect(shared(ids(new BrokerageSim(params(2))))).toEqual([]);
    expect(shared(ids(new BrokerageSim(params(1, 1))))).toEqual([]);
  });

  it('holds a year of realistic, one-day-delayed activity, newest first', () => {
    const sim = new BrokerageSim(params(42));
    expect(sim.syncedThrough).toBe('2026-03-01');
    const activities = all(sim);
    expect(activities.length).toBeGreaterThan(150);
    expect(activities.every((a) => a.tradeDate <= sim.syncedThrough && a.tradeDate >= addDays('2026-03-01', -364))).toBe(true);
    const types = new Set(activities.map((a) => a.type));
    for (const t of ['BUY', 'SELL', 'DIVIDEND', 'REI', 'CONTRIBUTION', 'FEE', 'INTEREST', 'TAX']) expect(types, t).toContain(t);
    // Fractional shares and sub-cent prices, and a CAD dividend in a USD account.
    expect(activities.some((a) => a.type === 'BUY' && a.units % 1_000_000 !== 0 && a.price % 100 !== 0)).toBe(true);
    expect(activities.some((a) => a.type === 'DIVIDEND' && a.currency === 'CAD')).toBe(true);
    for (const account of sim.accounts) {
      const list = sim.activities(account.id).map((a) => `${a.tradeDate}|${String(a.tradeSecond).padStart(6, '0')}`);
      expect(list).toEqual([...list].sort().reverse());
    }
    // Cash is the opening cash plus every live amount.
    const [taxable] = sim.accounts;
    if (!taxable) throw new Error('no account');
    const usd = sim.activities(taxable.id).filter((a) => a.currency === 'USD').reduce((sum, a) => sum + a.amountCents, taxable.openingCash.USD ?? 0);
    expect(sim.cash(taxable).find((c) => c.currency === 'USD')?.cents).toBe(usd);
  });

  it('now and then carries a type SnapTrade does not normalize', () => {
    const seen = [0, 1, 2, 3, 4, 5].some((ordinal) => all(new BrokerageSim(params(42, ordinal))).some((a) => a.type === 'STOCK_LOAN_INCOME'));
    expect(seen).toBe(true);
  });

  it('serves wire numbers that print as exact decimals', () => {
    for (const a of all(new BrokerageSim(params(3))).slice(0, 200)) {
      const wire = toActivityWire(a);
      expect(String(wire.units)).toMatch(/^-?\d+(\.\d{1,6})?$/);
      expect(String(wire.price)).toMatch(/^\d+(\.\d{1,4})?$/);
      expect(String(wire.amount)).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
  });

  it('makes a new day available at each daily sync, and back-fills a late row on a second sync the same day', () => {
    const sim = new BrokerageSim(params(9, 0, 30));
    const before = new Set(all(sim).map((a) => a.id));
    sim.step(new Date(CREATED.getTime() + DAY));
    expect(sim.syncedThrough).toBe('2026-03-02');
    const sameDay = all(sim).length;
    sim.step(new Date(CREATED.getTime() + DAY + 3_600_000));
    expect(sim.syncedThrough).toBe('2026-03-02');
    const added = all(sim).filter((a) => !before.has(a.id));
    expect(all(sim).length).toBeGreaterThanOrEqual(sameDay); // a late row, maybe minus a silent deletion
    expect(added.every((a) => a.tradeDate >= addDays('2026-03-02', -MUTABLE_DAYS))).toBe(true);
  });

  it(`reprocesses (re-issues, drops, corrects, back-fills) only the last ${MUTABLE_DAYS} days before its watermark`, () => {
    fc.assert(fc.property(fc.integer(), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), (seed, hours) => {
      const sim = new BrokerageSim(params(seed, 0, 30));
      let t = CREATED.getTime();
      for (const h of hours) {
        const before = new Map(all(sim).map((a) => [a.id, a]));
        const previousWatermark = sim.syncedThrough;
        sim.step(new Date((t += h * 3_600_000)));
        const after = new Map(all(sim).map((a) => [a.id, a]));
        const horizon = addDays(sim.syncedThrough, -MUTABLE_DAYS);
        for (const [id, a] of before) {
          const now = after.get(id);
          if (now === undefined || JSON.stringify(now) !== JSON.stringify(a)) expect(a.tradeDate >= horizon, `changed ${a.tradeDate} < ${horizon}`).toBe(true);
        }
        for (const [id, a] of after) {
          if (!before.has(id)) expect(a.tradeDate > previousWatermark || a.tradeDate >= horizon).toBe(true);
        }
      }
    }), { numRuns: 40 });
  });

  it('re-issues with identical content and drops other rows when asked', () => {
    const sim = new BrokerageSim(params(11, 0, 30));
    const before = new Map(all(sim).map((a) => [a.id, a]));
    // Two rows are recent enough to reprocess (the month-end interest of each account). They have
    // no trade date, so one may be re-issued (its new id is served in a window) but none dropped
    // (a windowed read might not see it go).
    const report = sim.reprocess(new Date(CREATED.getTime() + 60_000), { reissue: 1, drop: 5 });
    expect(report.reissued).toHaveLength(1);
    expect(report.dropped).toHaveLength(0);
    const after = new Map(all(sim).map((a) => [a.id, a]));
    for (const { from, to } of report.reissued) {
      expect(after.has(from)).toBe(false);
      expect({ ...after.get(to), id: '' }).toEqual({ ...before.get(from), id: '' });
    }
    for (const id of report.dropped) expect(after.has(id)).toBe(false);
    expect(report.dropped.some((id) => report.reissued.some((r) => r.to === id))).toBe(false);
  });
});
