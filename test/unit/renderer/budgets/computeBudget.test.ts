import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMonths, computeBudget, type BudgetAssignment, type BudgetRequest, type BudgetRolloverSetting,
} from '../../../../renderer/src/budgets/computeBudget';
import type { IndexedTx } from '../../../../renderer/src/index/types';
import type { CategoryInfo } from '../../../../shared/categories/categories';

const SET: CategoryInfo[] = [
  { id: 'groceries', label: 'Groceries', kind: 'spending' },
  { id: 'dining', label: 'Dining', kind: 'spending' },
  { id: 'salary', label: 'Salary', kind: 'income' },
  { id: 'transfer', label: 'Transfer', kind: 'transfer' },
  { id: 'trade', label: 'Buy / sell', kind: 'investment' },
];

let n = 0;
const tx = (date: string, amountMinor: number, category: string, extra: Partial<IndexedTx> = {}): IndexedTx => {
  const id = extra.id ?? `t${++n}`;
  return {
    id, listKey: `${date}|${id}`, accountId: 'chk', connectionId: 'c1', date, amountMinor, currency: 'USD',
    pending: false, category, merchant: 'M', text: '', ...extra,
  };
};
const assign = (category: string, month: string, assignedMinor: number, currency = 'USD'): BudgetAssignment => ({ currency, category, month, assignedMinor });
const carry = (category: string, currency = 'USD'): BudgetRolloverSetting => ({ currency, category, rollover: 'carry' });
const NONE: ReadonlySet<string> = new Set();
const run = (
  rows: IndexedTx[], assignments: BudgetAssignment[] = [], rollovers: BudgetRolloverSetting[] = [],
  request: Partial<BudgetRequest> = {}, transfers: ReadonlySet<string> = NONE,
) => computeBudget(rows, assignments, rollovers, transfers, { currency: null, month: '2026-11', ...request }, SET);
const line = (b: ReturnType<typeof run>, category: string) => {
  const found = b.lines.find((l) => l.category === category);
  if (!found) throw new Error(`no line ${category}`);
  return found;
};

describe('computeBudget', () => {
  it('spent is the month\'s net outflow per category (refunds give back, pending counts), left = assigned − spent', () => {
    const b = run([
      tx('2026-11-01', -12_345, 'groceries'), tx('2026-11-30', -655, 'groceries', { pending: true }), tx('2026-11-15', 1_000, 'groceries'),
      tx('2026-10-31', -99_999, 'groceries'), tx('2026-12-01', -88_888, 'groceries'), // other months
      tx('2026-11-05', -4_000, 'dining'),
    ], [assign('groceries', '2026-11', 20_000)]);
    expect(b.from).toBe('2026-11-01');
    expect(b.to).toBe('2026-11-30');
    expect(line(b, 'groceries')).toMatchObject({ assignedMinor: 20_000, spentMinor: 12_000, leftMinor: 8_000, count: 3, carriedMinor: 0 });
    expect(line(b, 'dining')).toMatchObject({ assignedMinor: 0, spentMinor: 4_000, leftMinor: -4_000, assignedFrom: null });
    expect(b.totals).toEqual({ assignedMinor: 20_000, carriedMinor: 0, spentMinor: 16_000, leftMinor: 4_000 });
  });

  it('an assignment holds for later months until another is set; a later one does not reach back', () => {
    const assignments = [assign('groceries', '2026-08', 30_000), assign('groceries', '2026-12', 50_000)];
    expect(line(run([], assignments), 'groceries')).toMatchObject({ assignedMinor: 30_000, assignedFrom: '2026-08' });
    expect(line(run([], assignments, [], { month: '2026-07' }), 'groceries')).toMatchObject({ assignedMinor: 0, assignedFrom: null });
    expect(line(run([], assignments, [], { month: '2027-01' }), 'groceries')).toMatchObject({ assignedMinor: 50_000, assignedFrom: '2026-12' });
  });

  it('rollover carry: what was left (or overspent) last month carries into this one, chained; none starts fresh', () => {
    const rows = [
      tx('2026-09-10', -7_000, 'groceries'), // left 3,000
      tx('2026-10-10', -15_000, 'groceries'), // 10,000 + 3,000 − 15,000 = −2,000
      tx('2026-11-10', -4_000, 'groceries'),
      tx('2026-09-10', -7_000, 'dining'), tx('2026-10-10', -15_000, 'dining'), tx('2026-11-10', -4_000, 'dining'),
    ];
    const assignments = [assign('groceries', '2026-09', 10_000), assign('dining', '2026-09', 10_000)];
    const b = run(rows, assignments, [carry('groceries')]);
    expect(line(b, 'groceries')).toMatchObject({ rollover: 'carry', carriedMinor: -2_000, spentMinor: 4_000, leftMinor: 4_000 });
    expect(line(b, 'dining')).toMatchObject({ rollover: 'none', carriedMinor: 0, leftMinor: 6_000 });
    // The chain starts at the category's first assignment: spending before it never carries.
    const early = run([tx('2026-08-01', -500, 'groceries'), ...rows], assignments, [carry('groceries')]);
    expect(line(early, 'groceries').carriedMinor).toBe(-2_000);
    // Carry without any assignment: nothing to carry from.
    expect(line(run(rows, [], [carry('groceries')]), 'groceries')).toMatchObject({ carriedMinor: 0, leftMinor: -4_000 });
    // A rollover in another currency's budget does not apply to this one.
    expect(line(run(rows, assignments, [carry('groceries', 'EUR')]), 'groceries').carriedMinor).toBe(0);
  });

  it('one budget per currency: never sums across currencies; the most used is the default', () => {
    const rows = [
      tx('2026-11-01', -1_000, 'groceries'), tx('2026-11-02', -2_000, 'groceries'),
      tx('2026-11-03', -500, 'groceries', { currency: 'EUR' }), tx('2026-11-03', -1_500, 'groceries', { currency: 'JPY' }),
    ];
    const assignments = [assign('groceries', '2026-11', 5_000), assign('groceries', '2026-11', 700, 'EUR')];
    const usd = run(rows, assignments);
    expect(usd.currency).toBe('USD');
    expect(usd.currencies).toEqual(['USD', 'EUR', 'JPY']);
    expect(line(usd, 'groceries')).toMatchObject({ spentMinor: 3_000, assignedMinor: 5_000 });
    const eur = run(rows, assignments, [], { currency: 'EUR' });
    expect(line(eur, 'groceries')).toMatchObject({ spentMinor: 500, assignedMinor: 700, leftMinor: 200 });
    const jpy = run(rows, assignments, [], { currency: 'JPY' });
    expect(line(jpy, 'groceries')).toMatchObject({ spentMinor: 1_500, assignedMinor: 0 });
  });

  it('transfers are neither spending nor income: by id, and by the transfer/investment kinds', () => {
    const rows = [
      tx('2026-11-01', -50_000, 'groceries', { id: 'card-payment' }), // miscategorized card payment, detected as a transfer
      tx('2026-11-01', 50_000, 'salary', { id: 'savings-in' }), // an own-account transfer into checking
      tx('2026-11-02', -3_000, 'groceries'),
      tx('2026-11-03', 400_000, 'salary'),
      tx('2026-11-04', -20_000, 'transfer'), tx('2026-11-04', -70_000, 'trade'),
    ];
    const b = run(rows, [], [], {}, new Set(['card-payment', 'savings-in']));
    expect(line(b, 'groceries').spentMinor).toBe(3_000);
    expect(b.incomeMinor).toBe(400_000);
    expect(b.incomeCount).toBe(1);
    expect(b.transferCount).toBe(2);
    expect(b.lines.map((l) => l.category)).toEqual(['groceries', 'dining']);
    // Without the set, the same rows count.
    const plain = run(rows);
    expect(line(plain, 'groceries').spentMinor).toBe(53_000);
    expect(plain.incomeMinor).toBe(450_000);
  });

  it('a legacy category the set does not know gets its own line when it has activity', () => {
    const b = run([tx('2026-11-01', -2_500, 'Pet supplies')]);
    expect(line(b, 'Pet supplies')).toMatchObject({ label: 'Pet supplies', spentMinor: 2_500 });
  });

  it('exact money: large and 3-decimal amounts add exactly, with no floating point', () => {
    const big = 4_503_599_627_370_49; // near 2^52 / 10: sums stay safe integers
    const b = run([tx('2026-11-01', -big, 'groceries'), tx('2026-11-02', -1, 'groceries')], [assign('groceries', '2026-11', big + 2)]);
    expect(line(b, 'groceries')).toMatchObject({ spentMinor: big + 1, leftMinor: 1 });
    const kwd = run([tx('2026-11-01', -1_234, 'dining', { currency: 'KWD' }), tx('2026-11-02', -1, 'dining', { currency: 'KWD' })], [], [], { currency: 'KWD' });
    expect(line(kwd, 'dining').spentMinor).toBe(1_235);
  });

  it('month arithmetic across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(() => run([], [], [], { month: '2026-13' })).toThrow(RangeError);
  });

  it('property: shuffling rows and settings changes nothing', () => {
    const cats = ['groceries', 'dining', 'salary', 'transfer', 'Other'];
    const row = fc.record({
      day: fc.integer({ min: 0, max: 150 }), amount: fc.integer({ min: -100_000, max: 100_000 }),
      category: fc.constantFrom(...cats), currency: fc.constantFrom('USD', 'EUR'), pending: fc.boolean(),
    });
    fc.assert(fc.property(
      fc.array(row, { maxLength: 60 }), fc.array(fc.tuple(fc.constantFrom('groceries', 'dining'), fc.integer({ min: 0, max: 5 }), fc.nat(50_000)), { maxLength: 8 }),
      fc.boolean(), fc.integer(),
      (drafts, sets, rollover, seed) => {
        const rows = drafts.map((d, i) => tx(new Date(Date.UTC(2026, 6, 1) + d.day * 86_400_000).toISOString().slice(0, 10), d.amount, d.category, { id: `p${i}`, currency: d.currency, pending: d.pending }));
        // One assignment per category and month (the table's key makes them unique).
        const byKey = new Map(sets.map(([c, m, v]) => [`${c}|${m}`, assign(c, addMonths('2026-07', m), v)]));
        const assignments = [...byKey.values()];
        const rollovers = rollover ? [carry('groceries'), carry('dining')] : [];
        const transfers = new Set(rows.filter((_, i) => i % 7 === 3).map((r) => r.id));
        const shuffle = <T,>(xs: T[]): T[] => {
          const out = [...xs];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1_103_515_245 + 12_345) | 0;
            const j = Math.abs(s) % (i + 1);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const a = run(rows, assignments, rollovers, { month: '2026-11', currency: 'USD' }, transfers);
        const b = run(shuffle(rows), shuffle(assignments), shuffle(rollovers), { month: '2026-11', currency: 'USD' }, transfers);
        expect(b).toEqual(a);
        // And spent equals a plain sum of the month's rows in the line's category.
        for (const l of a.lines) {
          const expected = rows.filter((r) => r.currency === 'USD' && r.date.startsWith('2026-11') && r.category === l.category && !transfers.has(r.id))
            .reduce((s, r) => s - r.amountMinor, 0);
          expect(l.spentMinor).toBe(expected);
        }
      },
    ), { numRuns: 200 });
  });
});

describe('computeBudget: excluded rows and splits (issue 20)', () => {
  it('an excluded row counts nowhere: not in spent, income or the line counts', () => {
    const rows = [
      tx('2026-11-02', -5_000, 'groceries'), tx('2026-11-03', -7_777, 'groceries', { excluded: true }),
      tx('2026-11-04', 100_000, 'salary'), tx('2026-11-05', 9_999, 'salary', { excluded: true }),
    ];
    const b = run(rows);
    expect(line(b, 'groceries')).toMatchObject({ spentMinor: 5_000, count: 1 });
    expect(b.incomeMinor).toBe(100_000);
    expect(b.incomeCount).toBe(1);
  });

  it('a split row counts each part in its own category; income parts as income; left follows', () => {
    const rows = [
      tx('2026-11-10', -10_000, 'groceries', { parts: [{ category: 'groceries', amountMinor: -6_000 }, { category: 'dining', amountMinor: -3_000 }, { category: 'transfer', amountMinor: -1_000 }] }),
      tx('2026-11-11', -2_000, 'dining'),
    ];
    const b = run(rows, [assign('dining', '2026-11', 10_000)]);
    expect(line(b, 'groceries')).toMatchObject({ spentMinor: 6_000, count: 1 });
    expect(line(b, 'dining')).toMatchObject({ spentMinor: 5_000, count: 2, leftMinor: 5_000 });
    // The transfer part is neither spending nor income: the spent total is the other parts.
    expect(b.totals.spentMinor).toBe(11_000);
  });
});
