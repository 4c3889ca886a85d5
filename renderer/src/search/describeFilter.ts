/** The active filter as chips: one per removable part, each with what removing it changes. */
import { CATEGORIES } from '../../../shared/categories/categories';
import { toDecimalString } from '../../../shared/money';
import type { TxFilter } from './filter';

export interface Chip {
  key: string;
  label: string;
  title?: string;
  remove: (f: TxFilter) => Partial<TxFilter>;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const runFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
export const chipDay = (iso: string): string => dayFormat.format(new Date(`${iso}T00:00:00Z`));

/** The currency whose decimals amount bounds are written in (any 2-decimal one when none is set). */
export const amountCurrency = (f: TxFilter): string => f.currency ?? 'USD';

/** More categories than this show as one chip. */
const MAX_CATEGORY_CHIPS = 3;

export const CHANGED_TITLE = 'Rows added, changed or posted by each connection\'s most recent sync that brought changes';

/** `categoryName`: a category's name (the user's own by id; default the built-in set's label). */
export function filterChips(f: TxFilter, accountName: (id: string) => string, categoryName?: (id: string) => string): Chip[] {
  const chips: Chip[] = [];
  for (const id of f.accountIds) {
    chips.push({ key: `account:${id}`, label: `Account: ${accountName(id)}`, remove: (g) => ({ accountIds: g.accountIds.filter((a) => a !== id) }) });
  }
  if (f.from !== null || f.to !== null) {
    const label = f.from !== null && f.to !== null ? `${chipDay(f.from)} – ${chipDay(f.to)}`
      : f.from !== null ? `From ${chipDay(f.from)}` : `Until ${chipDay(f.to ?? '')}`;
    chips.push({ key: 'dates', label: `Date: ${label}`, remove: () => ({ from: null, to: null }) });
  }
  if (f.minMinor !== null || f.maxMinor !== null) {
    const c = amountCurrency(f);
    const min = f.minMinor !== null ? toDecimalString(f.minMinor, c) : null;
    const max = f.maxMinor !== null ? toDecimalString(f.maxMinor, c) : null;
    const label = min !== null && max !== null ? `${min} – ${max}` : min !== null ? `at least ${min}` : `at most ${max ?? ''}`;
    chips.push({ key: 'amount', label: `Amount: ${label}`, remove: () => ({ minMinor: null, maxMinor: null }) });
  }
  if (f.direction !== 'any') {
    chips.push({ key: 'direction', label: f.direction === 'in' ? 'Money in' : 'Money out', remove: () => ({ direction: 'any' }) });
  }
  if (f.status !== 'any') {
    chips.push({ key: 'status', label: f.status === 'pending' ? 'Pending only' : 'Posted only', remove: () => ({ status: 'any' }) });
  }
  const labelOf = categoryName ?? ((id: string) => CATEGORIES.find((c) => c.id === id)?.label ?? id);
  if (f.categories.length > MAX_CATEGORY_CHIPS) {
    // Many at once (a chart's "Other"): one chip, every name in its tooltip.
    const labels = f.categories.map(labelOf);
    chips.push({
      key: 'categories', label: `Categories: ${labels.slice(0, 2).join(', ')} +${labels.length - 2} more`, title: labels.join(', '),
      remove: () => ({ categories: [] }),
    });
  } else {
    for (const id of f.categories) {
      chips.push({ key: `category:${id}`, label: `Category: ${labelOf(id)}`, remove: (g) => ({ categories: g.categories.filter((c) => c !== id) }) });
    }
  }
  if (f.merchant !== null) chips.push({ key: 'merchant', label: `Merchant: ${f.merchant}`, remove: () => ({ merchant: null }) });
  if (f.currency !== null) chips.push({ key: 'currency', label: `Currency: ${f.currency}`, remove: () => ({ currency: null }) });
  if (f.changedInRun !== null) {
    chips.push({
      key: 'run', label: `Changed in the sync of ${runFormat.format(new Date(f.changedInRun.finishedAt))}`,
      title: 'Rows this one sync added, changed, posted or re-identified', remove: () => ({ changedInRun: null }),
    });
  }
  if (f.changedInLastSync) {
    chips.push({ key: 'changed', label: 'Changed in last sync', title: CHANGED_TITLE, remove: () => ({ changedInLastSync: false }) });
  }
  return chips;
}
