/**
 * The CSV settings a user confirmed, saved per file shape (shared/import/readFile.ts `csvShapeKey`:
 * the delimiter and the header's column names) and offered the next time a file of that shape is
 * imported, whichever account it goes into. The header row's position is not reused (a bank's
 * summary block above it may grow or shrink): the parser finds the header again.
 */
import type { CsvSettings } from '../../../shared/import/csv';
import type { ImportMappingRow, LedgerlineDb } from './schema';

export async function savedCsvSettings(db: LedgerlineDb, shapeKey: string): Promise<ImportMappingRow | undefined> {
  return db.importMappings.get(shapeKey);
}

export async function saveCsvSettings(db: LedgerlineDb, shapeKey: string, institution: string, settings: CsvSettings, now: Date = new Date()): Promise<void> {
  await db.importMappings.put({ id: shapeKey, institution, settings, updatedAt: now.toISOString() });
}

/** The saved settings as parser options: everything but the header row's position. */
export function reusableSettings(settings: CsvSettings): Omit<CsvSettings, 'headerRow'> {
  const { headerRow: _headerRow, ...rest } = settings;
  return rest;
}
