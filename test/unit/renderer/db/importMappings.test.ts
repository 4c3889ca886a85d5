import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readImportFile, csvShapeKey } from '../../../../shared/import/readFile';
import { reusableSettings, saveCsvSettings, savedCsvSettings } from '../../../../renderer/src/db/importMappings';
import { openDb } from '../../../../renderer/src/db/schema';

const text = (s: string) => new TextEncoder().encode(s);

describe('saved CSV settings', () => {
  it('are found again for the next file of the same shape and give the same rows without detection', async () => {
    const db = openDb('import-mappings-1');
    await db.open();
    // A card export that lists charges positive: the user flips the sign once.
    const jan = readImportFile(text('Date,Payee,Amount\n01/31/2024,Cafe,4.50\n01/30/2024,Books,20.00\n01/29/2024,Refund,-3.00\n'), { fileName: 'jan.csv', currency: 'USD' });
    const confirmed = { ...jan.csv!.settings!, sign: 'outPositive' as const, dateOrder: 'MDY' as const };
    await saveCsvSettings(db, csvShapeKey(jan.csv!), 'Manual accounts · Card', confirmed, new Date('2026-11-20T09:00:00Z'));

    const febText = 'Date,Payee,Amount\n02/03/2024,Cafe,5.00\n';
    const feb = readImportFile(text(febText), { fileName: 'feb.csv', currency: 'USD' });
    const saved = await savedCsvSettings(db, csvShapeKey(feb.csv!));
    expect(saved).toMatchObject({ institution: 'Manual accounts · Card', updatedAt: '2026-11-20T09:00:00.000Z' });
    const reread = readImportFile(text(febText), { fileName: 'feb.csv', currency: 'USD', csv: reusableSettings(saved!.settings) });
    expect(reread.rows.map((r) => [r.date, r.amountMinor])).toEqual([['2024-02-03', -500]]);
    expect(reusableSettings(confirmed)).not.toHaveProperty('headerRow');
    // Another shape finds nothing.
    const other = readImportFile(text('Date,Description,Amount\n02/03/2024,Cafe,5.00\n'), { fileName: 'x.csv', currency: 'USD' });
    expect(await savedCsvSettings(db, csvShapeKey(other.csv!))).toBeUndefined();
    db.close();
  });
});
