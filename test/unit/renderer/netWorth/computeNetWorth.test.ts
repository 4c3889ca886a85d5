import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeNetWorth } from '../../../../renderer/src/netWorth/computeNetWorth';
import type { AccountRow } from '../../../../renderer/src/db/schema';
import type { IndexedTx } from '../../../../renderer/src/index/types';
import type { CategoryInfo } from '../../../../shared/categories/categories';

const SET: CategoryInfo[] = [
  { id: 'groceries', label: 'Groceries', kind: 'spending' },
  { id: 'salary', label: 'Salary', kind: 'income' },
  { id: 'transfer', label: 'Transfer', kind: 'transfer' },
  { id: 'trade', label: 'Buy / sell', kind: 'investment' },
];

let n = 0;
const tx = (accountId: string, date: string, amountMinor: number, extra: Partial<IndexedTx> = {}): IndexedTx => {
  const id = extra.id ?? `t${++n}`;
  return {
    id, listKey: `${date}|${id}`, accountId, connectionId: 'c1', date, amountMinor, currency: 'USD',
    pending: false, category: 'groceries', merchant: 'M', text: '', ...extra,
  };
};
const account = (id: string, extra: Partial<AccountRow> = {}): AccountRow => ({
  id, connectionId: 'c1', name: id, officialName: null, mask: null, kind: 'depository', subtype: null, currency: 'USD',
  currentMinor: 0, availableMinor: null, limitMinor: null, updatedAt: '2026-11-21T00:00:00.000Z', ...extra,
});
const TODAY = '2026-11-21';
const run = (rows: IndexedTx[], accounts: AccountRow[], days?: number) => computeNetWorth(rows, accounts, { today: TODAY, days }, SET);

describe('computeNetWorth', () => {
  it('sums balances per currency in the net-worth sign (a card owed is negative), by kind, never across currencies', () => {
    const nw = run([], [
      account('chk', { currentMinor: 250_000 }),
      account('card', { kind: 'credit', currentMinor: -40_000 }),
      account('brk', { kind: 'investment', currentMinor: 1_000_000 }),
      account('mortgage', { kind: 'loan', currentMinor: -9_000_000 }),
      account('eur', { currency: 'EUR', currentMinor: 7_000 }),
      account('unknown', { currentMinor: null }),
    ]);
    const usd = nw.currencies.find((c) => c.currency === 'USD');
    const eur = nw.currencies.find((c) => c.currency === 'EUR');
    expect(usd?.totalMinor).toBe(250_000 - 40_000 + 1_000_000 - 9_000_000);
    expect(usd?.assetsMinor).toBe(1_250_000);
    expect(usd?.liabilitiesMinor).toBe(-9_040_000);
    expect(usd?.byKind.map((k) => [k.kind, k.minor])).toEqual([['depository', 250_000], ['investment', 1_000_000], ['credit', -40_000], ['loan', -9_000_000]]);
    expect(usd?.accounts.find((a) => a.accountId === 'unknown')?.balanceMinor).toBeNull();
    expect(eur?.totalMinor).toBe(7_000);
  });

  it('walks back day by day through posted rows; pending and other-currency rows never move it; change this month', () => {
    const nw = run([
      tx('chk', '2026-10-30', -1_000),
      tx('chk', '2026-11-02', 300_000, { category: 'salary' }),
      tx('chk', '2026-11-20', -5_000),
      tx('chk', '2026-11-21', -2_000, { pending: true }),
      tx('chk', '2026-11-10', -777, { currency: 'CAD' }),
      tx('card', '2026-11-15', -10_000),
    ], [account('chk', { currentMinor: 500_000 }), account('card', { kind: 'credit', currentMinor: -10_000 })]);
    const usd = nw.currencies[0];
    expect(usd?.days[0]).toBe('2026-10-29');
    expect(usd?.days.at(-1)).toBe(TODAY);
    const at = (day: string) => usd?.points[usd.days.indexOf(day)];
    expect(at(TODAY)).toBe(490_000);
    expect(at('2026-11-19')).toBe(495_000);
    expect(at('2026-11-14')).toBe(505_000);
    expect(at('2026-11-01')).toBe(505_000 - 300_000);
    expect(at('2026-10-31')).toBe(205_000);
    expect(at('2026-10-30')).toBe(205_000);
    expect(at('2026-10-29')).toBe(206_000);
    expect(usd?.changeThisMonthMinor).toBe(490_000 - 205_000);
  });

  it('an investment account moves back only with money in and out, not with buys and sells', () => {
    const nw = run([
      tx('brk', '2026-11-10', -50_000, { category: 'trade' }), // a buy: cash → shares
      tx('brk', '2026-11-12', 20_000, { category: 'transfer' }), // a contribution
    ], [account('brk', { kind: 'investment', currentMinor: 1_000_000 })]);
    const usd = nw.currencies[0];
    expect(usd?.points[0]).toBe(980_000);
    expect(usd?.points.at(-1)).toBe(1_000_000);
  });

  it('the series is bounded to `days` back', () => {
    const nw = run([tx('chk', '2020-01-01', 5)], [account('chk', { currentMinor: 10 })], 30);
    expect(nw.currencies[0]?.days.length).toBe(30);
    expect(nw.currencies[0]?.points[0]).toBe(10);
  });

  it('property: the last point equals the sum of balances by currency, and input order changes nothing', () => {
    const acct = fc.record({ kind: fc.constantFrom('depository', 'credit', 'loan', 'investment', 'other' as const), currency: fc.constantFrom('USD', 'EUR'), balance: fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: null }) });
    fc.assert(fc.property(fc.array(acct, { minLength: 1, maxLength: 6 }), fc.array(fc.record({ a: fc.nat(5), day: fc.nat(90), amount: fc.integer({ min: -1e6, max: 1e6 }), pending: fc.boolean(), category: fc.constantFrom('groceries', 'salary', 'trade') }), { maxLength: 80 }), fc.integer(), (accts, drafts, seed) => {
      const accounts = accts.map((a, i) => account(`a${i}`, { kind: a.kind, currency: a.currency, currentMinor: a.balance }));
      const rows = drafts.map((d, i) => {
        const a = accounts[d.a % accounts.length] as AccountRow;
        return tx(a.id, new Date(Date.UTC(2026, 7, 23) + d.day * 86_400_000).toISOString().slice(0, 10), d.amount, { id: `r${i}`, currency: a.currency, pending: d.pending, category: d.category });
      });
      const nw = run(rows, accounts);
      for (const c of nw.currencies) {
        const sum = accounts.filter((a) => a.currency === c.currency && a.currentMinor !== null).reduce((s, a) => s + (a.currentMinor ?? 0), 0);
        expect(c.totalMinor).toBe(sum);
        expect(c.points.at(-1)).toBe(sum);
        expect(c.byKind.reduce((s, k) => s + k.minor, 0)).toBe(sum);
      }
      const shuffle = <T,>(xs: readonly T[]): T[] => {
        const out = [...xs];
        let s = seed;
        for (let i = out.length - 1; i > 0; i--) {
          s = (s * 1_103_515_245 + 12_345) | 0;
          const j = Math.abs(s) % (i + 1);
          [out[i], out[j]] = [out[j] as T, out[i] as T];
        }
        return out;
      };
      const shuffled = computeNetWorth(shuffle(rows), shuffle(accounts), { today: TODAY }, SET);
      expect(shuffled).toEqual(nw);
    }), { numRuns: 200 });
  });
});
