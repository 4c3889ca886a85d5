import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { setAssigned } from '../../../../renderer/src/db/budgets';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { notifyIndex } from '../../../../renderer/src/index/notify';
import type { FromWorker, ToWorker } from '../../../../renderer/src/index/protocol';
import type * as BudgetModule from '../../../../renderer/src/budgets/computeBudget';
import type { Budget, BudgetRequest } from '../../../../renderer/src/budgets/computeBudget';
import type * as NetWorthModule from '../../../../renderer/src/netWorth/computeNetWorth';
import type { NetWorth } from '../../../../renderer/src/netWorth/computeNetWorth';
import { localDate } from '../../../../shared/isoDate';
import { meta, tx, update } from '../../../support/db/fixtures';
import { startIndexWorkerInThread } from '../../../support/indexWorkerInThread';

// The index worker's budget and net-worth answers: computed once per state of the ledger and of
// what else each reads (budget settings, account balances), and worked out ahead once the index is
// quiet, so a view's first open finds them ready. The passes are counted by wrapping the two
// compute functions; everything else is the real worker module, run in this thread.
const passes = vi.hoisted(() => ({ budget: 0, netWorth: 0 }));
vi.mock('../../../../renderer/src/budgets/computeBudget', async (original) => {
  const real = await original<typeof BudgetModule>();
  return { ...real, computeBudget: (...args: Parameters<typeof real.computeBudget>) => { passes.budget++; return real.computeBudget(...args); } };
});
vi.mock('../../../../renderer/src/netWorth/computeNetWorth', async (original) => {
  const real = await original<typeof NetWorthModule>();
  return { ...real, computeNetWorth: (...args: Parameters<typeof real.computeNetWorth>) => { passes.netWorth++; return real.computeNetWorth(...args); } };
});

const answers: FromWorker[] = [];
let send: (message: ToWorker) => void = () => undefined;
let db: LedgerlineDb;
let seq = 0;
const today = localDate(new Date());
const month = today.slice(0, 7);

/** The worker's answer to message `seq`: its result, or its failure thrown. */
async function answerTo(n: number): Promise<FromWorker> {
  for (let waited = 0; waited < 10_000; waited += 5) {
    const found = answers.find((m) => 'seq' in m && m.seq === n);
    if (found?.type === 'failed') throw new Error(found.message);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no answer to ${n}`);
}
async function askBudget(request: BudgetRequest): Promise<Budget> {
  const n = ++seq;
  send({ type: 'budget', seq: n, request });
  const m = await answerTo(n);
  if (m.type !== 'budget') throw new Error(`expected a budget, got ${m.type}`);
  return m.result;
}
async function netWorth(): Promise<NetWorth> {
  const n = ++seq;
  send({ type: 'netWorth', seq: n, request: { today } });
  const m = await answerTo(n);
  if (m.type !== 'netWorth') throw new Error(`expected a net worth, got ${m.type}`);
  return m.result;
}
const budget = () => askBudget({ currency: null, month });
/** Until the worker's own pass (WARM_AFTER_MS, 1.5 s, after the index went quiet) has run: polled, as a niced run may wait for the CPU. */
const warmed = (budgetPasses: number, netWorthPasses: number) =>
  vi.waitFor(() => expect(passes).toEqual({ budget: budgetPasses, netWorth: netWorthPasses }), { timeout: 60_000, interval: 20 });
/** A sync of `id` and its notice, as runSync sends it after an apply; resolves once the worker has it. */
async function synced(from: string, to: string, id: string, day: string, amountMinor: number): Promise<void> {
  const before = answers.filter((m) => m.type === 'changed').length;
  await applyUpdate(db, update(from, to, [tx(id, { date: `${month}-${day}`, amountMinor, category: 'FOOD_AND_DRINK_COFFEE' })]), meta);
  notifyIndex(db, { ids: [id] });
  await vi.waitFor(() => expect(answers.filter((m) => m.type === 'changed').length).toBeGreaterThan(before), { timeout: 10_000 });
}

beforeAll(async () => {
  db = openDb('worker-answers-test');
  await db.open();
  await db.connections.put({ id: 'c1', provider: 'plaid', institutionName: 'Bank', demo: true, createdAt: '2026-11-01T00:00:00Z' });
  await applyUpdate(db, update(null, 'K1', [
    tx('plaid:coffee', { date: `${month}-01`, amountMinor: -450, category: 'FOOD_AND_DRINK_COFFEE' }),
    tx('plaid:pay', { date: `${month}-01`, amountMinor: 250_000, category: 'INCOME_WAGES' }),
  ]), meta);
  send = await startIndexWorkerInThread('worker-answers-test', answers);
  await vi.waitFor(() => expect(answers.some((m) => m.type === 'ready')).toBe(true), { timeout: 30_000 });
}, 60_000);
afterAll(() => db.close());

describe('budget and net worth answers in the index worker', () => {
  it('are worked out once the index is quiet: the first ask for this month and today makes no pass', { timeout: 90_000 }, async () => {
    await warmed(1, 1);
    const b = await budget();
    expect(b.month).toBe(month);
    expect(b.totals.spentMinor).toBe(450);
    expect((await netWorth()).currencies[0]?.totalMinor).toBe(5000);
    expect(passes).toEqual({ budget: 1, netWorth: 1 });
    // Asked again: the same answer, still no pass.
    expect(await budget()).toEqual(b);
    expect(passes).toEqual({ budget: 1, netWorth: 1 });
  });

  it('another month is computed when asked, once', async () => {
    const other = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
    await askBudget({ currency: null, month: other });
    await askBudget({ currency: null, month: other });
    expect(passes.budget).toBe(2);
  });

  it('follows the budget settings and the balances, which change without the index', async () => {
    const before = passes.budget;
    await setAssigned(db, { currency: 'USD', category: 'coffee', month, assignedMinor: 2_000 });
    const b = await budget();
    expect(passes.budget).toBe(before + 1);
    expect(b.totals.assignedMinor).toBe(2_000);
    expect(b.lines.find((l) => l.category === 'coffee')?.leftMinor).toBe(1_550);

    const worthPasses = passes.netWorth;
    await db.accounts.update('plaid:a1', { currentMinor: 7_000 });
    expect((await netWorth()).currencies[0]?.totalMinor).toBe(7_000);
    expect(passes.netWorth).toBe(worthPasses + 1);
  });

  it('a sync drops them: the next answer has its rows, worked out ahead again once quiet', { timeout: 90_000 }, async () => {
    await synced('K1', 'K2', 'plaid:coffee2', '02', -550);
    // Asked at once (before the index is quiet): computed for this ask, from the new rows.
    const before = passes.budget;
    expect((await budget()).totals.spentMinor).toBe(1_000);
    expect(passes.budget).toBe(before + 1);
    // Then a quiet index, another sync, quiet: the next ask finds it ready.
    await synced('K2', 'K3', 'plaid:coffee3', '03', -100);
    await vi.waitFor(() => expect(passes.budget).toBe(before + 2), { timeout: 60_000, interval: 20 });
    expect((await budget()).totals.spentMinor).toBe(1_100);
    expect(passes.budget).toBe(before + 2);
  });
});
