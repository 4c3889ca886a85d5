import 'fake-indexeddb/auto';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { buildExport, EXPORT_CHUNK, ExportCancelled, exportFileName } from '../../../../renderer/src/export/buildExport';
import { categoryLabel } from '../../../../shared/categories/categories';
import type { SyncUpdate, Transaction } from '../../../../shared/types';

// The renderer half of export on fake-indexeddb: which rows an export reads (live rows only, in list
// order, across chunk boundaries), and what it adds to them (category label, account, note).
const tx = (id: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, connectionId: 'c1', accountId: 'plaid:a1', amountMinor: -1000, currency: 'USD', date: '2026-11-01',
  authorizedDate: null, description: `T ${id}`, merchant: null, category: null, pending: false, pendingId: null, ...extra,
});
const update = (fromCursor: string | null, nextCursor: string, upserts: Transaction[], removals: string[] = []): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor, nextCursor, upserts, removals, replace: [], pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0,
  accounts: [
    { id: 'plaid:a1', connectionId: 'c1', name: 'Checking', officialName: null, mask: '0000', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 5000, availableMinor: 5000, limitMinor: null },
    { id: 'plaid:brk', connectionId: 'c1', name: 'Brokerage', officialName: null, mask: null, kind: 'investment', subtype: null, currency: 'USD', currentMinor: 5000, availableMinor: null, limitMinor: null },
  ],
});
const meta = { trigger: 'manual' as const, startedAt: '2026-11-21T10:00:00.000Z' };

let db: LedgerlineDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`export-${++n}`);
  await db.open();
});

const csvIds = (content: string): string[] => {
  const rows = Papa.parse<string[]>(content, { skipEmptyLines: true, delimiter: ',' }).data;
  const header = rows[0] ?? [];
  const id = header.indexOf('Id');
  return rows.slice(1).map((r) => r[id] ?? '');
};

describe('buildExport', () => {
  it('exports every live row newest first across chunks, never tombstones', async () => {
    const count = EXPORT_CHUNK * 2 + 123;
    const rows = Array.from({ length: count }, (_, i) => tx(`plaid:${String(i).padStart(5, '0')}`, { date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}` }));
    await applyUpdate(db, update(null, 'K1', rows), meta);
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:00007', 'plaid:04000']), meta);
    const progress: number[] = [];
    const built = await buildExport(db, { format: 'csv', scope: { kind: 'all' }, investment: false, onProgress: (p) => progress.push(p.done) });
    const ids = csvIds(built.content);
    const expected = (await db.transactions.orderBy('listKey').reverse().toArray()).map((t) => t.id);
    expect(expected.length).toBe(count - 2);
    expect(ids).toEqual(expected);
    expect(built.written).toBe(count - 2);
    expect(progress.at(-1)).toBe(count - 2);
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });

  it('exports exactly the given ids in their order, skipping removed ones', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2'), tx('plaid:3')]), meta);
    await applyUpdate(db, update('K1', 'K2', [], ['plaid:2']), meta);
    const built = await buildExport(db, { format: 'csv', scope: { kind: 'ids', ids: ['plaid:3', 'plaid:2', 'plaid:1', 'plaid:nope'] }, investment: false });
    expect(csvIds(built.content)).toEqual(['plaid:3', 'plaid:1']);
  });

  it('writes the effective category label, the account and the note', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1', { category: 'FOOD_AND_DRINK', merchant: 'Cafe' })]), meta);
    await db.transactions.update('plaid:1', { note: 'with Sam', userCategory: 'travel' });
    const built = await buildExport(db, { format: 'csv', scope: { kind: 'all' }, investment: false });
    const [header = [], row = []] = Papa.parse<string[]>(built.content, { skipEmptyLines: true, delimiter: ',' }).data;
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('Category')).toBe(categoryLabel('travel'));
    expect(cell('Account')).toBe('Checking');
    expect(cell('Account mask')).toBe('0000');
    expect(cell('Note')).toBe('with Sam');
    expect(cell('Amount')).toBe('-10.00');
  });

  it('OFX: posted bank rows only, pending and brokerage counted as left out', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1'), tx('plaid:2', { pending: true }), tx('plaid:3', { accountId: 'plaid:brk', activityType: 'BUY' })]), meta);
    const built = await buildExport(db, { format: 'ofx', scope: { kind: 'all' }, investment: false, now: new Date('2026-11-21T00:00:00Z') });
    expect(built).toMatchObject({ written: 1, skippedPending: 1, skippedInvestment: 1 });
    expect(built.content).toContain('<FITID>plaid:1</FITID>');
    expect(built.content).not.toContain('plaid:2');
  });

  it('stops when cancelled', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:1')]), meta);
    const controller = new AbortController();
    controller.abort();
    await expect(buildExport(db, { format: 'csv', scope: { kind: 'all' }, investment: false, signal: controller.signal })).rejects.toBeInstanceOf(ExportCancelled);
  });

  it('names files safely', () => {
    expect(exportFileName('csv', false, new Date(2026, 2, 5))).toBe('ledgerline-transactions-2026-03-05.csv');
    expect(exportFileName('ofx', true, new Date(2026, 11, 31))).toBe('ledgerline-filtered-2026-12-31.ofx');
  });
});
