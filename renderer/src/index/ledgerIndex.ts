/**
 * The ledger index: one compact record per live transaction, kept in list order (listKey
 * descending, newest first) under incremental upserts and removals, and searched by a linear scan
 * over plain objects — a few milliseconds at 100k rows, in the worker, never per-keystroke I/O.
 * Pure (no Dexie, no DOM): the worker feeds it, tests drive it directly.
 */
import { currencyExponent } from '../../../shared/money';
import { resolveUserCategory } from '../../../shared/categories/categories';
import { isEmptySearch, matchesSearch, type ParsedSearch } from '../../../shared/search/parseSearch';
import { splitState, type SplitPart } from '../../../shared/userFields/splits';
import type { TxFilter } from '../search/filter';
import type { CurrencyTotal, IndexedPart, IndexedTx, SearchResult } from './types';

/** What an indexed record is built from: the stored row's fields the index needs. */
export interface IndexSource {
  id: string;
  listKey?: string;
  accountId: string;
  connectionId: string;
  date: string;
  amountMinor: number;
  currency: string;
  pending: boolean;
  description: string;
  merchant: string | null;
  note?: string | null;
  removedAt: string | null;
  excludedAt?: string | null;
  tags?: readonly string[] | null;
  splits?: readonly SplitPart[] | null;
}

/** A whole split's parts with their categories resolved like a per-row choice; null otherwise. */
function partsOf(row: IndexSource, category: string): IndexedPart[] | null {
  if (!row.splits || splitState(row) !== 'ok') return null;
  return row.splits.map((p) => ({ category: shared(resolveUserCategory(p.category) ?? category), amountMinor: p.amountMinor }));
}

/**
 * Every row read from IndexedDB arrives with its own copy of each string, so 100k records would
 * hold 100k copies of a handful of account ids, currencies and dates. Those few values are kept
 * once here (a bounded pool: it is emptied, never grown past POOL_MAX).
 */
const pool = new Map<string, string>();
const POOL_MAX = 20_000;
function shared(value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size >= POOL_MAX) pool.clear();
  pool.set(value, value);
  return value;
}

/** A stored row → its index record, or null for rows the lists do not show (tombstones). */
export function toIndexed(row: IndexSource, category: string, categoryLabel: string): IndexedTx | null {
  if (row.removedAt !== null || !row.listKey) return null;
  // The merchant is often the description itself: then one string serves both.
  const merchant = row.merchant?.trim() && row.merchant !== row.description ? row.merchant : row.description;
  const pieces = [row.description, row.merchant ?? '', categoryLabel, row.note ?? ''];
  if (row.splits) for (const p of row.splits) if (p.note) pieces.push(p.note);
  const text = pieces.join('\u0001').toLowerCase();
  return {
    id: row.id, listKey: row.listKey, accountId: shared(row.accountId), connectionId: shared(row.connectionId), date: shared(row.date),
    amountMinor: row.amountMinor, currency: shared(row.currency), pending: row.pending, category: shared(category), merchant, text,
    excluded: !!row.excludedAt, tags: row.tags && row.tags.length > 0 ? row.tags : null, parts: partsOf(row, category),
  };
}

/** Is any part of the filter set (other than nothing)? */
export function isFilterActive(f: TxFilter, parsed: ParsedSearch): boolean {
  return !isEmptySearch(parsed) || f.accountIds.length > 0 || f.from !== null || f.to !== null || f.minMinor !== null
    || f.maxMinor !== null || f.direction !== 'any' || f.status !== 'any' || f.categories.length > 0 || f.merchant !== null
    || f.currency !== null || f.changedInLastSync || f.changedInRun !== null;
}

/**
 * How many decimals the filter's amount bounds (minMinor/maxMinor) have: the filter currency's,
 * else 2 — so "at least 12.50" means 12.50 in every currency, ¥13 and up for yen rows.
 */
export function amountBoundExponent(f: Pick<TxFilter, 'currency'>): number {
  return f.currency !== null ? currencyExponent(f.currency) : 2;
}

/** Index of the first row whose listKey sorts at or after `key` in descending order. */
function lowerBound(rows: readonly IndexedTx[], key: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = (rows[mid] as IndexedTx).listKey;
    if (k > key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Up to this many changes at once are spliced in place; more are merged in one pass. */
const SPLICE_MAX = 64;

const byListKeyDesc = (a: IndexedTx, b: IndexedTx): number => (a.listKey < b.listKey ? 1 : a.listKey > b.listKey ? -1 : 0);

export class LedgerIndex {
  private rows: IndexedTx[] = [];
  private readonly byId = new Map<string, IndexedTx>();
  private changed = new Set<string>();

  get size(): number {
    return this.rows.length;
  }

  /** Every record in list order; read-only (insights aggregate over it). */
  all(): readonly IndexedTx[] {
    return this.rows;
  }

  get(id: string): IndexedTx | undefined {
    return this.byId.get(id);
  }

  /** Replaces the whole index. */
  reset(rows: readonly IndexedTx[] = []): void {
    this.rows = [];
    this.byId.clear();
    this.append(rows);
  }

  /**
   * Adds records that come after every record held (a keyset chunk read newest first); anything
   * out of order or already held falls back to an upsert.
   */
  append(rows: readonly IndexedTx[]): void {
    for (const tx of rows) {
      const last = this.rows[this.rows.length - 1];
      if (!this.byId.has(tx.id) && (!last || last.listKey > tx.listKey)) {
        this.rows.push(tx);
        this.byId.set(tx.id, tx);
      } else {
        this.upsert(tx);
      }
    }
  }

  upsert(tx: IndexedTx): void {
    const old = this.byId.get(tx.id);
    if (old) this.removeAt(old);
    this.rows.splice(lowerBound(this.rows, tx.listKey), 0, tx);
    this.byId.set(tx.id, tx);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.removeAt(old);
    this.byId.delete(id);
  }

  /**
   * Applies a batch: `upserts` are the ids' new records; ids not among them are removed. A few are
   * spliced in place; more are merged in one pass (drop the changed rows, merge the sorted new
   * ones), so a large sync costs O(n + k log k), not k splices of a 100k array.
   */
  apply(ids: readonly string[], upserts: readonly IndexedTx[]): void {
    if (ids.length + upserts.length <= SPLICE_MAX) {
      const fresh = new Set(upserts.map((t) => t.id));
      for (const id of ids) if (!fresh.has(id)) this.remove(id);
      for (const t of upserts) this.upsert(t);
      return;
    }
    const touched = new Set(ids);
    for (const t of upserts) touched.add(t.id);
    const kept = this.rows.filter((t) => !touched.has(t.id));
    for (const id of touched) this.byId.delete(id);
    const unique = new Map(upserts.map((t) => [t.id, t]));
    const added = [...unique.values()].sort(byListKeyDesc);
    const merged: IndexedTx[] = new Array<IndexedTx>(kept.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < kept.length || j < added.length) {
      const a = kept[i];
      const b = added[j];
      if (b === undefined || (a !== undefined && a.listKey > b.listKey)) {
        merged[k++] = a as IndexedTx;
        i++;
      } else {
        merged[k++] = b;
        j++;
      }
    }
    for (const t of added) this.byId.set(t.id, t);
    this.rows = merged;
  }

  /** The ids "changed in the last sync" (see ledgerIndex.worker.ts for which runs count). */
  setChanged(ids: Iterable<string>): void {
    this.changed = new Set(ids);
  }

  /** `runRows`: the ids of the run `f.changedInRun` names (the worker reads them); none match without them. */
  search(f: TxFilter, parsed: ParsedSearch, runRows?: ReadonlySet<string>): SearchResult {
    const accounts = f.accountIds.length > 0 ? new Set(f.accountIds) : null;
    const categories = f.categories.length > 0 ? new Set(f.categories) : null;
    const words = !isEmptySearch(parsed);
    const changed = f.changedInLastSync ? this.changed : null;
    const inRun = f.changedInRun !== null ? (runRows ?? new Set<string>()) : null;
    const ids: string[] = [];
    const totals = new Map<string, number>();
    const onlyExcluded = parsed.onlyExcluded;
    let hiddenExcluded = 0;
    let lastCurrency = '';
    let exp = 2;
    const boundExp = amountBoundExponent(f);
    const scales = new Map<string, number>();
    const scaleOf = (currency: string): number => {
      let s = scales.get(currency);
      if (s === undefined) {
        s = 10 ** (boundExp - currencyExponent(currency));
        scales.set(currency, s);
      }
      return s;
    };
    for (const t of this.rows) {
      if (accounts && !accounts.has(t.accountId)) continue;
      if (f.from !== null && t.date < f.from) continue;
      if (f.to !== null && t.date > f.to) continue;
      if (f.direction === 'in' ? t.amountMinor <= 0 : f.direction === 'out' ? t.amountMinor >= 0 : false) continue;
      if (f.status === 'pending' ? !t.pending : f.status === 'posted' ? t.pending : false) continue;
      if (f.currency !== null && t.currency !== f.currency) continue;
      if (f.merchant !== null && t.merchant !== f.merchant) continue;
      // A whole split is in each of its parts' categories too.
      if (categories && !categories.has(t.category) && !t.parts?.some((p) => categories.has(p.category))) continue;
      if (changed && !changed.has(t.id)) continue;
      if (inRun && !inRun.has(t.id)) continue;
      if (f.minMinor !== null || f.maxMinor !== null) {
        // The bounds are in minor units of `boundExp` decimals; the row is scaled to match.
        const abs = Math.abs(t.amountMinor) * scaleOf(t.currency);
        if (f.minMinor !== null && abs < f.minMinor) continue;
        if (f.maxMinor !== null && abs > f.maxMinor) continue;
      }
      if (words) {
        if (t.currency !== lastCurrency) {
          lastCurrency = t.currency;
          exp = currencyExponent(t.currency);
        }
        if (!matchesSearch(parsed, t, exp)) continue;
      }
      if ((t.excluded === true) !== onlyExcluded) {
        if (t.excluded) hiddenExcluded++;
        continue;
      }
      ids.push(t.id);
      totals.set(t.currency, (totals.get(t.currency) ?? 0) + t.amountMinor);
    }
    const currencyTotals: CurrencyTotal[] = [...totals].map(([currency, minor]) => ({ currency, minor }))
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
    return { ids, count: ids.length, totals: currencyTotals, complete: true, scanned: this.rows.length, hiddenExcluded };
  }

  private removeAt(old: IndexedTx): void {
    let i = lowerBound(this.rows, old.listKey);
    while (i < this.rows.length && this.rows[i] !== old && (this.rows[i] as IndexedTx).listKey === old.listKey) i++;
    if (this.rows[i] === old) this.rows.splice(i, 1);
  }
}
