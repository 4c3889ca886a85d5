/**
 * The whole ledger as one backup file: every table the database has now (`db.tables`, so a table
 * a later schema version adds is in every backup without a change here), read in one read-only
 * transaction — a consistent snapshot even if a sync commits meanwhile — in keyset chunks of
 * `chunkRows` by primary key. Each chunk is checked for secret-like fields and turned into its
 * JSON text as it arrives (shared/backup/backup.ts `createBackupBuilder`); between chunks the
 * browser runs its other tasks (IndexedDB answers are tasks), so 100k rows never freeze the page.
 */
import Dexie from 'dexie';
import { BackupError, createBackupBuilder } from '../../../shared/backup/backup';
import { findSecretLike } from '../../../shared/backup/secretScan';
import type { LedgerlineDb } from '../db/schema';

export const DUMP_CHUNK_ROWS = 500;

export interface DumpOptions {
  appVersion: string;
  /** The caller's clock (the backup's `createdAt`). */
  now: () => Date;
  passphrase?: string;
  chunkRows?: number;
  /** Rows read so far, and the total the tables held when the read began. */
  onProgress?: (done: number, total: number) => void;
}

export interface DumpResult {
  bytes: Uint8Array<ArrayBuffer>;
  counts: Record<string, number>;
  rows: number;
  createdAt: string;
  /** Reading and sealing, in milliseconds. */
  ms: number;
}

export async function dumpLedger(db: LedgerlineDb, opts: DumpOptions): Promise<DumpResult> {
  const started = performance.now();
  const chunk = opts.chunkRows ?? DUMP_CHUNK_ROWS;
  const builder = createBackupBuilder();
  let done = 0;
  await db.transaction('r', db.tables, async () => {
    const total = (await Promise.all(db.tables.map((t) => t.count()))).reduce((a, b) => a + b, 0);
    opts.onProgress?.(0, total);
    for (const table of db.tables) {
      const keyPath = table.schema.primKey.keyPath;
      if (keyPath === undefined || keyPath === null) throw new Error(`${table.name} has no inbound primary key; a backup cannot restore it.`);
      builder.add(table.name, []);
      let rows = await table.orderBy(':id').limit(chunk).toArray();
      while (rows.length > 0) {
        const secret = findSecretLike(rows, table.name);
        if (secret) throw new BackupError('unsupportedValue', `The backup was stopped: ${secret} looks like a secret, and secrets never go into a backup. Nothing was written.`);
        builder.add(table.name, rows);
        done += rows.length;
        opts.onProgress?.(done, total);
        if (rows.length < chunk) break;
        const last: unknown = Dexie.getByKeyPath(rows[rows.length - 1], keyPath);
        rows = await table.where(':id').above(last).limit(chunk).toArray();
      }
    }
  });
  const createdAt = opts.now().toISOString();
  const bytes = await builder.finish({ appVersion: opts.appVersion, schemaVersion: db.verno, createdAt }, opts.passphrase);
  return { bytes, counts: builder.counts(), rows: done, createdAt, ms: performance.now() - started };
}

/** `ledgerline-2026-04-05.llbackup`, in the user's local calendar. */
export function backupFileName(now: Date): string {
  const d = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `ledgerline-${d}.llbackup`;
}
