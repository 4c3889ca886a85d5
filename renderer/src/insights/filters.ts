/**
 * What clicking a chart narrows the transaction list to. Each filter selects exactly the rows the
 * clicked figure adds up (same currency, same days, same direction, same categories).
 */
import { EMPTY_FILTER, type TxFilter } from '../search/filter';
import type { Insights, MonthBucket } from './computeInsights';

const base = (ins: Insights): TxFilter => ({ ...EMPTY_FILTER, currency: ins.currency });

/** One category (or the several behind "Other") in one month: the outflows. */
export function categoryMonthFilter(ins: Insights, categories: readonly string[], month: MonthBucket): TxFilter {
  return { ...base(ins), categories: [...categories], from: month.from, to: month.to, direction: 'out' };
}

/** One category over the whole window. */
export function categoryFilter(ins: Insights, categories: readonly string[]): TxFilter {
  return { ...base(ins), categories: [...categories], from: ins.from, to: ins.to, direction: 'out' };
}

/** All spending in one month. */
export function spendingMonthFilter(ins: Insights, month: MonthBucket): TxFilter {
  return categoryMonthFilter(ins, ins.categories.map((c) => c.category), month);
}

/** All income in one month. */
export function incomeMonthFilter(ins: Insights, month: MonthBucket): TxFilter {
  return { ...base(ins), categories: [...ins.incomeCategories], from: month.from, to: month.to, direction: 'in' };
}

/** One merchant's outflows over the window the chart covers. */
export function merchantFilter(ins: Insights, merchant: string): TxFilter {
  return { ...base(ins), merchant, from: ins.from, to: ins.to, direction: 'out' };
}

/** One account over the window. */
export function accountFilter(ins: Insights, accountId: string): TxFilter {
  return { ...base(ins), accountIds: [accountId], from: ins.from, to: ins.to };
}
