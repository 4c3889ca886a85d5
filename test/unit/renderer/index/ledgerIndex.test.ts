import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../../../shared/search/parseSearch';
import { isFilterActive, LedgerIndex, toIndexed, type IndexSource } from '../../../../renderer/src/index/ledgerIndex';
import type { IndexedTx } from '../../../../renderer/src/index/types';
import { EMPTY_FILTER, type TxFilter } from '../../../../renderer/src/search/filter';

function src(id: string, date: string, amountMinor: number, extra: Partial<IndexSource> = {}): IndexSource {
  return {
    id, listKey: `${date}|${id}`, accountId: 'acc:1', connectionId: 'c1', date, amountMinor, currency: 'USD', pending: false,
    description: `Row ${id}`, merchant: null, note: null, removedAt: null, ...extra,
  };
}
function rec(id: string, date: string, amountMinor: number, extra: Partial<IndexSource> = {}, category = 'food', label = 'Food & drink'): IndexedTx {
  const tx = toIndexed(src(id, date, amountMinor, extra), category, label);
  if (!tx) throw new Error('not indexable');
  return tx;
}
const search = (index: LedgerIndex, patch: Partial<TxFilter>) => {
  const f = { ...EMPTY_FILTER, ...patch };
  return index.search(f, parseSearch(f.text));
};
const ids = (index: LedgerIndex, patch: Partial<TxFilter> = {}) => search(index, patch).ids;

function sample(): LedgerIndex {
  const index = new LedgerIndex();
  index.reset([
    rec('e', '2026-11-20', -1250, { description: 'Blue Bottle Coffee', merchant: 'Blue Bottle', note: 'with Sam' }),
    rec('d', '2026-11-18', 250000, { description: 'Payroll ACME', accountId: 'acc:2' }, 'income', 'Income'),
    rec('c', '2026-11-15', -4599, { description: 'SQ *FARMERS MARKET', pending: true }),
    rec('b', '2026-11-10', -1250, { description: 'Taxi', currency: 'EUR' }, 'transport', 'Transport'),
    rec('a', '2026-11-01', -1500, { description: 'Ramen', currency: 'JPY' }),
  ]);
  return index;
}

describe('toIndexed', () => {
  it('skips tombstones and rows without a list key; lower-cases the searchable text; merchant falls back to the description', () => {
    expect(toIndexed(src('x', '2026-01-01', 1, { removedAt: '2026-01-02T00:00:00Z' }), 'c', 'C')).toBeNull();
    expect(toIndexed({ ...src('x', '2026-01-01', 1), listKey: undefined }, 'c', 'C')).toBeNull();
    const tx = rec('x', '2026-01-01', 1, { description: 'Café ONE', merchant: null, note: 'My Note' }, 'food', 'Food & Drink');
    expect(tx.merchant).toBe('Café ONE');
    expect(tx.text).toContain('café one');
    expect(tx.text).toContain('food & drink');
    expect(tx.text).toContain('my note');
  });
});

describe('LedgerIndex.search', () => {
  it('empty filter: every row, newest first, with totals per currency (never mixed)', () => {
    const r = search(sample(), {});
    expect(r.ids).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(r.count).toBe(5);
    expect(r.totals).toEqual([
      { currency: 'EUR', minor: -1250 },
      { currency: 'JPY', minor: -1500 },
      { currency: 'USD', minor: -1250 + 250000 - 4599 },
    ]);
  });

  it('words match description, merchant, category label and note, case-insensitively, all required', () => {
    const index = sample();
    expect(ids(index, { text: 'coffee' })).toEqual(['e']);
    expect(ids(index, { text: 'SAM' })).toEqual(['e']); // the note
    expect(ids(index, { text: 'food' })).toEqual(['e', 'c', 'a']); // the category label
    expect(ids(index, { text: 'food market' })).toEqual(['c']);
    expect(ids(index, { text: 'nothing-like-this' })).toEqual([]);
  });

  it('amounts: 12.50 finds the USD and EUR rows, never the yen one; 1500 finds ¥1,500', () => {
    const index = sample();
    expect(ids(index, { text: '12.50' })).toEqual(['e', 'b']);
    expect(ids(index, { text: '1500' })).toEqual(['a']);
    expect(ids(index, { text: '+2500' })).toEqual(['d']);
    expect(search(index, { text: '12.50' }).totals).toEqual([{ currency: 'EUR', minor: -1250 }, { currency: 'USD', minor: -1250 }]);
  });

  it('filters: account, dates, amount range, direction, status, category, merchant, currency', () => {
    const index = sample();
    expect(ids(index, { accountIds: ['acc:2'] })).toEqual(['d']);
    expect(ids(index, { from: '2026-11-10', to: '2026-11-18' })).toEqual(['d', 'c', 'b']);
    expect(ids(index, { minMinor: 1250, maxMinor: 4599 })).toEqual(['e', 'c', 'b']);
    expect(ids(index, { direction: 'in' })).toEqual(['d']);
    expect(ids(index, { direction: 'out', status: 'posted' })).toEqual(['e', 'b', 'a']);
    expect(ids(index, { status: 'pending' })).toEqual(['c']);
    expect(ids(index, { categories: ['transport', 'income'] })).toEqual(['d', 'b']);
    expect(ids(index, { merchant: 'Blue Bottle' })).toEqual(['e']);
    expect(ids(index, { merchant: 'Ramen' })).toEqual(['a']); // no merchant: the description
    expect(ids(index, { currency: 'EUR' })).toEqual(['b']);
    expect(ids(index, { currency: 'EUR', text: 'coffee' })).toEqual([]);
  });

  it('changed in last sync: only the ids it was given', () => {
    const index = sample();
    expect(ids(index, { changedInLastSync: true })).toEqual([]);
    index.setChanged(['c', 'a', 'gone']);
    expect(ids(index, { changedInLastSync: true })).toEqual(['c', 'a']);
  });

  it('isFilterActive', () => {
    expect(isFilterActive(EMPTY_FILTER, parseSearch(''))).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, text: '  ' }, parseSearch('  '))).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, text: 'x' }, parseSearch('x'))).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, changedInLastSync: true }, parseSearch(''))).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, currency: 'USD' }, parseSearch(''))).toBe(true);
  });
});

describe('LedgerIndex updates', () => {
  it('upsert keeps list order; a changed date moves the row; remove drops it', () => {
    const index = sample();
    index.upsert(rec('f', '2026-11-16', -100));
    expect(ids(index)).toEqual(['e', 'd', 'f', 'c', 'b', 'a']);
    index.upsert(rec('b', '2026-11-30', -1250, { description: 'Taxi', currency: 'EUR' }));
    expect(ids(index)).toEqual(['b', 'e', 'd', 'f', 'c', 'a']);
    index.upsert(rec('e', '2026-11-20', -999, { description: 'Blue Bottle Coffee' }));
    expect(ids(index)).toEqual(['b', 'e', 'd', 'f', 'c', 'a']);
    expect(ids(index, { text: '9.99' })).toEqual(['e']);
    index.remove('d');
    index.remove('not-there');
    expect(ids(index)).toEqual(['b', 'e', 'f', 'c', 'a']);
    expect(index.size).toBe(5);
  });

  it('rows on the same date order by id, as the listKey index does', () => {
    const index = new LedgerIndex();
    for (const id of ['m', 'a', 'z', 'k']) index.upsert(rec(id, '2026-11-01', -1));
    expect(ids(index)).toEqual(['z', 'm', 'k', 'a']);
  });

  it('apply: ids without a new record are removed (tombstoned), the rest upserted — spliced and merged batches agree', () => {
    const build = () => {
      const index = new LedgerIndex();
      const rows: IndexedTx[] = [];
      for (let i = 0; i < 3000; i++) rows.push(rec(`t${String(i).padStart(5, '0')}`, `2026-0${1 + (i % 9)}-1${i % 10}`, -i));
      index.reset([...rows].sort((a, b) => (a.listKey < b.listKey ? 1 : -1)));
      return { index, rows };
    };
    const small = build();
    const bulk = build();
    const changedIds = small.rows.slice(0, 2500).map((t) => t.id);
    const upserts = small.rows.slice(0, 2500).filter((_, i) => i % 2 === 0).map((t) => ({ ...t, date: '2027-01-01', listKey: `2027-01-01|${t.id}` }));
    for (const id of changedIds.slice(0, 100)) small.index.apply([id], upserts.filter((u) => u.id === id));
    small.index.apply(changedIds.slice(100), upserts.filter((u) => !changedIds.slice(0, 100).includes(u.id)));
    bulk.index.apply(changedIds, upserts);
    expect(small.index.size).toBe(3000 - 1250);
    expect(ids(bulk.index)).toEqual(ids(small.index));
    const listKeys = bulk.index.all().map((t) => t.listKey);
    expect(listKeys).toEqual([...listKeys].sort().reverse());
  });

  it('append takes keyset chunks in order and tolerates an overlap', () => {
    const index = new LedgerIndex();
    index.append([rec('c', '2026-03-01', 1), rec('b', '2026-02-01', 1)]);
    index.append([rec('b', '2026-02-01', 2), rec('a', '2026-01-01', 1)]);
    expect(ids(index)).toEqual(['c', 'b', 'a']);
    expect(index.get('b')?.amountMinor).toBe(2);
  });
});

describe('filter chips (what the list is narrowed to, each removable)', () => {
  it('one chip per part, and removing one changes only that part', async () => {
    const { filterChips } = await import('../../../../renderer/src/search/describeFilter');
    const f: TxFilter = {
      ...EMPTY_FILTER, text: 'ignored here', accountIds: ['a1', 'a2'], from: '2026-11-01', to: null, minMinor: 1000, maxMinor: null,
      direction: 'out', status: 'pending', categories: ['coffee'], merchant: 'Blue Bottle', currency: 'EUR', changedInLastSync: true,
    };
    const chips = filterChips(f, (id) => id.toUpperCase());
    expect(chips.map((c) => c.label)).toEqual([
      'Account: A1', 'Account: A2', expect.stringMatching(/^Date: From Nov 1, 2026$/u), 'Amount: at least 10.00', 'Money out', 'Pending only',
      expect.stringMatching(/^Category: /u), 'Merchant: Blue Bottle', 'Currency: EUR', 'Changed in last sync',
    ]);
    const remove = (key: string) => ({ ...f, ...chips.find((c) => c.key === key)?.remove(f) });
    expect(remove('account:a1').accountIds).toEqual(['a2']);
    expect(remove('dates')).toMatchObject({ from: null, to: null, accountIds: ['a1', 'a2'] });
    expect(remove('amount')).toMatchObject({ minMinor: null, maxMinor: null });
    expect(remove('changed').changedInLastSync).toBe(false);
    expect(filterChips(EMPTY_FILTER, String)).toEqual([]);
  });

  it('many categories (a chart\'s "Other") collapse into one chip that clears them all', async () => {
    const { filterChips } = await import('../../../../renderer/src/search/describeFilter');
    const chips = filterChips({ ...EMPTY_FILTER, categories: ['a', 'b', 'c', 'd', 'e'] }, String);
    expect(chips).toHaveLength(1);
    expect(chips[0]?.label).toMatch(/\+3 more$/u);
    expect(chips[0]?.remove(EMPTY_FILTER)).toEqual({ categories: [] });
  });
});

describe('the user\'s fields (issue 20): excluded, tags, splits', () => {
  function marked(): LedgerIndex {
    const index = new LedgerIndex();
    index.reset([
      rec('t2', '2026-11-21', -3000, { description: 'Hotel', tags: ['trip', 'work'] }, 'travel', 'Travel'),
      rec('x', '2026-11-20', -999, { description: 'Junk fee', excludedAt: '2026-11-21T00:00:00Z', tags: ['trip'] }, 'fees', 'Fees'),
      rec('s', '2026-11-19', -10_000, {
        description: 'Costco', note: null,
        splits: [{ amountMinor: -6000, category: 'groceries', note: 'weekly food' }, { amountMinor: -4000, category: 'household', note: null }],
      }, 'shopping', 'Shopping'),
      rec('t1', '2026-11-18', -1200, { description: 'Train', tags: ['trip'] }, 'travel', 'Travel'),
      rec('p', '2026-11-17', -500, { description: 'Pens' }),
    ]);
    return index;
  }

  it('records the marks; a split counts as parts only while they sum to the amount', () => {
    const s = rec('s', '2026-11-19', -100, { splits: [{ amountMinor: -60, category: 'Groceries', note: 'Food run' }, { amountMinor: -40, category: 'my own', note: null }] }, 'shopping');
    expect(s.parts).toEqual([{ category: 'groceries', amountMinor: -60 }, { category: 'my own', amountMinor: -40 }]);
    expect(s.text).toContain('food run');
    const stale = rec('s', '2026-11-19', -125, { splits: [{ amountMinor: -60, category: 'groceries', note: null }, { amountMinor: -40, category: 'household', note: null }] });
    expect(stale.parts).toBeNull();
    const x = rec('x', '2026-11-19', -1, { excludedAt: '2026-11-21T00:00:00Z', tags: [] });
    expect(x).toMatchObject({ excluded: true, tags: null, parts: null });
  });

  it('hides excluded rows from every search and counts them; is:excluded shows only them', () => {
    const index = marked();
    const all = search(index, {});
    expect(all.ids).toEqual(['t2', 's', 't1', 'p']);
    expect(all.hiddenExcluded).toBe(1);
    expect(all.totals).toEqual([{ currency: 'USD', minor: -3000 - 10_000 - 1200 - 500 }]);
    const only = search(index, { text: 'is:excluded' });
    expect(only.ids).toEqual(['x']);
    expect(only.hiddenExcluded).toBe(0);
    expect(isFilterActive(EMPTY_FILTER, parseSearch('is:excluded'))).toBe(true);
  });

  it('#tag finds exactly the tagged rows (excluded ones only with is:excluded)', () => {
    const index = marked();
    expect(ids(index, { text: '#trip' })).toEqual(['t2', 't1']);
    expect(search(index, { text: '#trip' }).hiddenExcluded).toBe(1);
    expect(ids(index, { text: '#trip is:excluded' })).toEqual(['x']);
    expect(ids(index, { text: '#trip -#work' })).toEqual(['t1']);
    expect(ids(index, { text: 'trip' })).toEqual([]);
  });

  it('a category filter finds a split row by any of its parts\' categories', () => {
    const index = marked();
    expect(ids(index, { categories: ['groceries'] })).toEqual(['s']);
    expect(ids(index, { categories: ['household'] })).toEqual(['s']);
    expect(ids(index, { categories: ['shopping'] })).toEqual(['s']);
    expect(ids(index, { categories: ['travel'] })).toEqual(['t2', 't1']);
  });
});
