import { describe, expect, it } from 'vitest';
import { computeInsights, flowOf, type InsightsRequest } from '../../../../renderer/src/insights/computeInsights';
import { categoryMonthFilter, incomeMonthFilter, merchantFilter, spendingMonthFilter } from '../../../../renderer/src/insights/filters';
import { EMPTY_FILTER } from '../../../../renderer/src/search/filter';
import type { AccountRow } from '../../../../renderer/src/db/schema';
import type { IndexedTx } from '../../../../renderer/src/index/types';
import type { CategoryInfo } from '../../../../shared/categories/categories';

// A small category set of our own, so these checks do not depend on the real set's ids.
const SET: CategoryInfo[] = [
  { id: 'groceries', label: 'Groceries', kind: 'spending' },
  { id: 'dining', label: 'Dining', kind: 'spending' },
  { id: 'rent', label: 'Rent', kind: 'spending' },
  { id: 'salary', label: 'Salary', kind: 'income' },
  { id: 'transfer', label: 'Transfer', kind: 'transfer' },
  { id: 'trade', label: 'Buy / sell', kind: 'investment' },
];

let n = 0;
const tx = (date: string, amountMinor: number, category: string, extra: Partial<IndexedTx> = {}): IndexedTx => {
  const id = `t${++n}`;
  return {
    id, listKey: `${date}|${id}`, accountId: 'chk', connectionId: 'c1', date, amountMinor, currency: 'USD',
    pending: false, category, merchant: extra.merchant ?? `M ${category}`, text: '', ...extra,
  };
};
const account = (id: string, extra: Partial<AccountRow> = {}): AccountRow => ({
  id, connectionId: 'c1', name: id, officialName: null, mask: null, kind: 'depository', subtype: null, currency: 'USD',
  currentMinor: 0, availableMinor: null, limitMinor: null, updatedAt: '2026-11-21T00:00:00.000Z', ...extra,
});
const req = (extra: Partial<InsightsRequest> = {}): InsightsRequest => ({ currency: null, months: 12, ...extra });
const run = (rows: IndexedTx[], accounts: AccountRow[] = [], r: InsightsRequest = req()) => computeInsights(rows, accounts, r, SET);
const perMonth = (ins: ReturnType<typeof run>, category: string) => ins.categories.find((c) => c.category === category)?.perMonth;

describe('computeInsights', () => {
  it('sums spending by category per calendar month (gross outflow, positive), with month bounds', () => {
    const ins = run([
      tx('2026-09-03', -1_250, 'groceries'), tx('2026-09-30', -750, 'groceries'), tx('2026-09-15', -4_000, 'dining'),
      tx('2026-10-01', -300, 'groceries'), tx('2026-11-20', -120_000, 'rent'),
      tx('2026-10-02', 500, 'groceries'), // a refund: not an outflow, not spending
    ]);
    expect(ins.months).toEqual([
      { month: '2026-09', from: '2026-09-01', to: '2026-09-30' },
      { month: '2026-10', from: '2026-10-01', to: '2026-10-31' },
      { month: '2026-11', from: '2026-11-01', to: '2026-11-30' },
    ]);
    expect(perMonth(ins, 'groceries')).toEqual([2_000, 300, 0]);
    expect(perMonth(ins, 'dining')).toEqual([4_000, 0, 0]);
    expect(perMonth(ins, 'rent')).toEqual([0, 0, 120_000]);
    expect(ins.incomeCategories).toEqual([]);
    // Largest first, labels from the set.
    expect(ins.categories.map((c) => [c.category, c.label, c.total])).toEqual([
      ['rent', 'Rent', 120_000], ['dining', 'Dining', 4_000], ['groceries', 'Groceries', 2_300],
    ]);
    expect(ins.from).toBe('2026-09-01');
    expect(ins.to).toBe('2026-11-20');
  });

  it('keeps only the last N months back from the newest data, and zero months in between', () => {
    const ins = run([tx('2026-01-10', -100, 'dining'), tx('2026-03-10', -200, 'dining'), tx('2026-05-10', -300, 'dining')], [], req({ months: 4 }));
    expect(ins.months.map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    expect(perMonth(ins, 'dining')).toEqual([0, 200, 0, 300]);
    expect(ins.spendingCount).toBe(2);
  });

  it('splits income from spending and leaves transfers and investment activity out of both', () => {
    const ins = run([
      tx('2026-10-01', 300_000, 'salary'), tx('2026-10-05', -80_000, 'rent'), tx('2026-10-06', -2_500, 'groceries'),
      tx('2026-10-07', -50_000, 'transfer'), tx('2026-10-08', 50_000, 'transfer'),
      tx('2026-10-09', -99_999, 'trade'), tx('2026-10-10', 12_345, 'trade'),
      tx('2026-10-11', -1_000, 'salary'), // a salary clawback is not "income", nor spending
      tx('2026-11-01', 310_000, 'salary'), tx('2026-11-02', -4_000, 'dining', { pending: true }),
    ]);
    expect(ins.cashflow.map((m) => [m.month, m.incomeMinor, m.spendingMinor])).toEqual([
      ['2026-10', 300_000, 82_500],
      ['2026-11', 310_000, 4_000],
    ]);
    expect(ins.categories.map((c) => c.category).sort()).toEqual(['dining', 'groceries', 'rent']);
    expect(ins.merchants.map((m) => m.merchant)).not.toContain('M transfer');
    expect(ins.spendingCount).toBe(3);
    expect(ins.incomeCount).toBe(2);
    expect(ins.incomeCategories).toEqual(['salary']);
  });

  it('judges a category the set does not know by its sign', () => {
    expect(flowOf(undefined, -5)).toBe('spending');
    expect(flowOf(undefined, 5)).toBe('income');
    expect(flowOf('transfer', -5)).toBeNull();
    const ins = run([tx('2026-10-01', -700, 'mystery'), tx('2026-10-02', 900, 'mystery')]);
    expect(ins.categories).toEqual([{ category: 'mystery', label: 'mystery', perMonth: [700], total: 700 }]);
    expect(ins.cashflow[0]?.incomeMinor).toBe(900);
  });

  it('reconstructs daily balances backwards from the current balance, exactly (a hand-built ledger)', () => {
    // Checking: 1,000.00 now. Oct 30: +500.00 pay; Oct 31: -20.00; Nov 2: -30.00 and -5.00; Nov 3: a pending -99.00
    // (not in the bank's current balance, so not in the history either).
    // Card (credit: owed is negative): -200.00 now. Oct 31: -150.00 purchase; Nov 2: +100.00 payment.
    const rows = [
      tx('2026-10-30', 50_000, 'salary'), tx('2026-10-31', -2_000, 'groceries'),
      tx('2026-11-02', -3_000, 'dining'), tx('2026-11-02', -500, 'dining'), tx('2026-11-03', -9_900, 'dining', { pending: true }),
      tx('2026-10-31', -15_000, 'groceries', { accountId: 'card' }), tx('2026-11-02', 10_000, 'transfer', { accountId: 'card' }),
    ];
    const ins = run(rows, [
      account('chk', { name: 'Checking', currentMinor: 100_000 }),
      account('card', { name: 'Visa', kind: 'credit', currentMinor: -20_000 }),
      account('brokerage', { kind: 'investment', currentMinor: 9_999_999 }),
      account('unknown', { currentMinor: null }),
    ]);
    // From the first day with data (the balance before it is unknown) to the newest.
    expect(ins.days).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
    const at = (accountId: string, day: string) => ins.balances.find((b) => b.accountId === accountId)?.points[ins.days.indexOf(day)];
    expect(ins.balances.map((b) => b.accountId)).toEqual(['chk', 'card']);
    // Checking, end of each day.
    expect(at('chk', '2026-11-03')).toBe(100_000);
    expect(at('chk', '2026-11-02')).toBe(100_000);
    expect(at('chk', '2026-11-01')).toBe(103_500);
    expect(at('chk', '2026-10-31')).toBe(103_500);
    expect(at('chk', '2026-10-30')).toBe(105_500);
    // The card: owed grows with the purchase, shrinks with the payment.
    expect(at('card', '2026-11-03')).toBe(-20_000);
    expect(at('card', '2026-11-01')).toBe(-30_000);
    expect(at('card', '2026-10-30')).toBe(-15_000);
    // A shorter window starts at its first month; postings before it move no point, another currency's none.
    const later = run([...rows, tx('2026-09-01', -777, 'dining'), tx('2026-11-09', -1_000, 'dining', { currency: 'CAD' })], [account('chk', { currentMinor: 100_000 })], req({ months: 1 }));
    expect(later.days[0]).toBe('2026-11-01');
    expect(later.balances[0]?.points).toEqual([103_500, 100_000, 100_000]);
  });

  it('never mixes currencies: one at a time, the most used by default, every one listed', () => {
    const rows = [
      tx('2026-10-01', -1_000, 'dining'), tx('2026-10-02', -2_000, 'dining'), tx('2026-10-03', 5_000, 'salary'),
      tx('2026-10-04', -7_000, 'dining', { currency: 'CAD', accountId: 'cad' }), tx('2026-11-04', 4_000, 'salary', { currency: 'CAD', accountId: 'cad' }),
    ];
    const accounts = [account('chk', { currentMinor: 10_000 }), account('cad', { currency: 'CAD', currentMinor: 50_000 })];
    const usd = run(rows, accounts);
    expect(usd.currency).toBe('USD');
    expect(usd.currencies).toEqual(['USD', 'CAD']);
    expect(usd.currencyCounts).toEqual([{ currency: 'USD', count: 3 }, { currency: 'CAD', count: 2 }]);
    expect(usd.categories).toEqual([{ category: 'dining', label: 'Dining', perMonth: [3_000], total: 3_000 }]);
    expect(usd.months.map((m) => m.month)).toEqual(['2026-10']);
    expect(usd.balances.map((b) => b.accountId)).toEqual(['chk']);

    const cad = run(rows, accounts, req({ currency: 'CAD' }));
    expect(cad.currency).toBe('CAD');
    expect(cad.cashflow.map((m) => [m.month, m.incomeMinor, m.spendingMinor])).toEqual([['2026-10', 0, 7_000], ['2026-11', 4_000, 0]]);
    expect(cad.balances.map((b) => [b.accountId, b.points[0], b.points.at(-1)])).toEqual([['cad', 46_000, 50_000]]);

    const none = run(rows, accounts, req({ currency: 'EUR' }));
    expect(none.currency).toBe('EUR');
    expect(none.months).toEqual([]);
    expect(none.currencies).toEqual(['USD', 'CAD']);
  });

  it('ranks the largest merchants by spending, ties by name, and keeps the top N', () => {
    const rows = [
      tx('2026-10-01', -1_000, 'dining', { merchant: 'Cafe' }), tx('2026-10-02', -1_500, 'dining', { merchant: 'Cafe' }),
      tx('2026-10-03', -9_000, 'groceries', { merchant: 'Market' }),
      tx('2026-10-04', -2_500, 'dining', { merchant: 'Bistro' }), tx('2026-10-05', -2_500, 'dining', { merchant: 'Aioli' }),
      tx('2026-10-06', -100_000, 'transfer', { merchant: 'Savings' }), tx('2026-10-07', 50_000, 'salary', { merchant: 'Employer' }),
    ];
    expect(run(rows).merchants).toEqual([
      { merchant: 'Market', totalMinor: 9_000, count: 1 },
      { merchant: 'Aioli', totalMinor: 2_500, count: 1 },
      { merchant: 'Bistro', totalMinor: 2_500, count: 1 },
      { merchant: 'Cafe', totalMinor: 2_500, count: 2 },
    ]);
    expect(run(rows, [], req({ topMerchants: 2 })).merchants.map((m) => m.merchant)).toEqual(['Market', 'Aioli']);
  });

  it('has an empty answer when there is no data', () => {
    const ins = run([]);
    expect(ins).toMatchObject({ currency: null, currencies: [], months: [], categories: [], balances: [], merchants: [] });
  });

  it('turns a clicked figure into the list filter that selects exactly its rows', () => {
    const ins = run([
      tx('2026-10-03', -1_000, 'dining', { merchant: 'Cafe' }), tx('2026-10-04', -2_000, 'groceries'),
      tx('2026-11-01', 5_000, 'salary'), tx('2026-11-02', -3_000, 'dining', { merchant: 'Cafe' }),
    ]);
    const oct = ins.months[0];
    const nov = ins.months[1];
    if (!oct || !nov) throw new Error('two months expected');
    expect(categoryMonthFilter(ins, ['dining'], oct)).toEqual({
      ...EMPTY_FILTER, categories: ['dining'], from: '2026-10-01', to: '2026-10-31', direction: 'out', currency: 'USD',
    });
    expect(spendingMonthFilter(ins, nov)).toMatchObject({ categories: ['dining', 'groceries'], from: '2026-11-01', to: '2026-11-30', direction: 'out' });
    expect(incomeMonthFilter(ins, nov)).toMatchObject({ categories: ['salary'], direction: 'in', currency: 'USD' });
    expect(merchantFilter(ins, 'Cafe')).toEqual({
      ...EMPTY_FILTER, merchant: 'Cafe', from: '2026-10-01', to: '2026-11-02', direction: 'out', currency: 'USD',
    });
  });
});

describe('computeInsights: excluded rows and splits (issue 20)', () => {
  it('leaves excluded rows out of spending, income and merchants, but not out of the balance line', () => {
    const rows = [
      tx('2026-11-02', -5_000, 'groceries', { accountId: 'chk' }),
      tx('2026-11-03', -7_000, 'groceries', { accountId: 'chk', excluded: true, merchant: 'Junk' }),
      tx('2026-11-04', 9_000, 'salary', { accountId: 'chk', excluded: true }),
    ];
    const ins = run(rows, [account('chk', { currentMinor: 100_000 })]);
    expect(perMonth(ins, 'groceries')).toEqual([5_000]);
    expect(ins.cashflow.map((c) => [c.incomeMinor, c.spendingMinor])).toEqual([[0, 5_000]]);
    expect(ins.merchants.map((m) => m.merchant)).toEqual(['M groceries']);
    expect(ins.spendingCount).toBe(1);
    // The balance line still walks back through the excluded postings: real money moved.
    const points = ins.balances[0]?.points ?? [];
    expect(points.at(-1)).toBe(100_000);
    expect(points[0]).toBe(100_000 - 9_000 + 7_000); // end of Nov 2: before the excluded postings of the 3rd and 4th
  });

  it('counts a split row by its parts, each in its own category, under the row\'s merchant', () => {
    const rows = [
      tx('2026-11-10', -10_000, 'groceries', { merchant: 'Costco', parts: [{ category: 'groceries', amountMinor: -6_000 }, { category: 'dining', amountMinor: -4_000 }] }),
    ];
    const ins = run(rows);
    expect(perMonth(ins, 'groceries')).toEqual([6_000]);
    expect(perMonth(ins, 'dining')).toEqual([4_000]);
    expect(ins.cashflow[0]?.spendingMinor).toBe(10_000);
    expect(ins.merchants).toEqual([{ merchant: 'Costco', totalMinor: 10_000, count: 2 }]);
  });
});
