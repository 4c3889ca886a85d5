import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../../shared/import/readFile';
import type { ImportRow } from '../../../../shared/import/types';
import { commitImport, planImport } from '../../../../renderer/src/db/importFile';
import { createManualAccount } from '../../../../renderer/src/db/manualAccounts';
import { openDb } from '../../../../renderer/src/db/schema';
import { buildExport, type ExportFormat } from '../../../../renderer/src/export/buildExport';

// Import → export (the app's own CSV and OFX, renderer/src/export/buildExport.ts) → import is
// idempotent: the second import finds every exported row already in the account and adds nothing.
fc.configureGlobal({ seed: 2020, numRuns: 25 });

let n = 0;
const now = new Date('2026-11-20T09:00:00.000Z');

const text = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', ';', '"', "'", '=', '-', '+', '@', 'é', '€', '&', '<', '7', '.'), minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '');
const importRow = fc.record({
  day: fc.integer({ min: 0, max: 500 }),
  amountMinor: fc.integer({ min: -5_000_000, max: 5_000_000 }).filter((a) => a !== 0),
  description: text,
  fitId: fc.option(fc.stringMatching(/^[A-Z0-9]{1,12}$/), { nil: null }),
}).map(({ day, amountMinor, description, fitId }): ImportRow => ({
  line: 1, date: new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10), amountMinor, currency: 'USD',
  description: description.replace(/\s+/g, ' ').trim(), memo: null, category: null, fitId, checkNum: null, splits: null,
}));

async function roundTrip(rows: readonly ImportRow[], format: ExportFormat): Promise<void> {
  const db = openDb(`import-idem-${++n}`);
  await db.open();
  try {
    const acct = await createManualAccount(db, { name: 'Cash', type: 'checking', currency: 'USD', balanceMinor: 0 }, now);
    const first = await planImport(db, acct, rows);
    const done = await commitImport(db, { accountId: acct, rows, fileName: 'random', format: 'csv', expectNew: first.newCount, now });
    const balance = (await db.accounts.get(acct))?.currentMinor;
    const file = await buildExport(db, { format, scope: { kind: 'all' }, investment: false, now });
    expect(file.written).toBe(done.added);
    const read = readImportFile(new TextEncoder().encode(file.content), { fileName: `export.${format}`, currency: 'USD' });
    expect(read.fatal).toBeNull();
    expect(read.errors).toEqual([]);
    expect(read.rows.length).toBe(done.added);
    const again = await planImport(db, acct, read.rows);
    expect(again.newCount).toBe(0);
    expect(again.candidates.every((c) => c.verdict?.kind === 'stored' && c.verdict.confidence === 'certain')).toBe(true);
    // Every stored row is matched exactly once.
    expect(new Set(again.candidates.map((c) => c.match?.id)).size).toBe(done.added);
    // Confirming anyway writes no row and leaves the balance.
    const second = await commitImport(db, { accountId: acct, rows: read.rows, fileName: `export.${format}`, format: format === 'csv' ? 'csv' : 'ofx', expectNew: 0, now });
    expect(second).toEqual({ runId: null, added: 0, skipped: done.added });
    expect(await db.transactions.count()).toBe(done.added);
    expect((await db.accounts.get(acct))?.currentMinor).toBe(balance);
  } finally {
    db.close();
    await db.delete();
  }
}

describe('import → export → import', () => {
  it('CSV: the second import finds every row a duplicate', async () => {
    await fc.assert(fc.asyncProperty(fc.array(importRow, { minLength: 1, maxLength: 25 }), (rows) => roundTrip(rows, 'csv')));
  });

  it('OFX: the second import finds every row a duplicate', async () => {
    await fc.assert(fc.asyncProperty(fc.array(importRow, { minLength: 1, maxLength: 25 }), (rows) => roundTrip(rows, 'ofx')));
  });
});
