/**
 * Restoring a backup: open it (asking for the passphrase if it is encrypted — a wrong one is an
 * error and nothing is touched), preview what it would replace, then replace the whole ledger in
 * one Dexie transaction over every table: all of the file or none of it.
 *
 * The restore is undoable: just before replacing, the current ledger is dumped (the same file
 * format, unencrypted — it never leaves this machine's IndexedDB) into a small database of its
 * own, `<db name>-restore-undo`; "Undo restore" replaces the ledger with it again. If the ledger
 * changed between that snapshot and the replace (a sync committed meanwhile), the restore stops
 * and changes nothing, so the snapshot is always exactly what was replaced.
 *
 * A backup of an older database version is brought up to this one first (`upgradeTables`): its
 * rows go into a scratch database declared up to the backup's version, which is then opened with
 * every version, so each upgrade moves them exactly as it moves a user's own database. A backup of
 * a newer version holds what this app does not know and is refused.
 */
import Dexie, { type EntityTable } from 'dexie';
import { readBackupHeader, type BackupHeader } from '../../../shared/backup/backup';
import { decodeOffThread } from './decodeOffThread';
import type { ConnectionInfo } from '../../../shared/types';
import { openDb, type AccountRow, type ConnectionRow, type CursorRow, type LedgerlineDb, type TransactionRow } from '../db/schema';
import { notifyIndex } from '../index/notify';
import { dumpLedger } from './dumpLedger';

/** Rows per bulkAdd while replacing (all inside the one transaction). */
const WRITE_CHUNK = 1_000;

export interface OpenedBackup {
  header: BackupHeader;
  tables: Record<string, unknown[]>;
}

export const isEncrypted = (bytes: Uint8Array): boolean => readBackupHeader(bytes).encryption !== null;

/** Checks and opens a backup for this database (BackupError: wrong passphrase, damaged, another version). */
export async function openBackup(db: LedgerlineDb, bytes: Uint8Array, passphrase?: string): Promise<OpenedBackup> {
  const header = readBackupHeader(bytes);
  const older = header.schemaVersion < db.verno;
  // The tables the backup's own version had (an older one may hold a table since replaced).
  const tablesThen = older ? openDb(`${db.name}-backup-upgrade`, header.schemaVersion).tables : db.tables;
  const opened = await decodeOffThread({
    bytes,
    ...(passphrase !== undefined ? { passphrase } : {}),
    maxSchemaVersion: db.verno,
    knownTables: tablesThen.map((t) => t.name),
  });
  return older ? { header: opened.header, tables: await upgradeTables(`${db.name}-backup-upgrade`, opened.header.schemaVersion, opened.tables) } : opened;
}

/** A backup's tables of database version `from`, as this version's upgrades leave them (in a scratch database, deleted after). */
export async function upgradeTables(scratch: string, from: number, tables: Record<string, unknown[]>): Promise<Record<string, unknown[]>> {
  await Dexie.delete(scratch);
  try {
    const old = openDb(scratch, from);
    await old.open();
    try {
      await old.transaction('rw', old.tables, async () => {
        for (const table of old.tables) {
          const rows = tables[table.name] ?? [];
          for (let i = 0; i < rows.length; i += WRITE_CHUNK) await table.bulkAdd(rows.slice(i, i + WRITE_CHUNK));
        }
      });
    } finally {
      old.close();
    }
    const now = openDb(scratch);
    await now.open();
    try {
      const read = await now.transaction('r', now.tables, () => Promise.all(now.tables.map((t) => t.toArray())));
      return Object.fromEntries(now.tables.map((t, i) => [t.name, read[i] ?? []]));
    } finally {
      now.close();
    }
  } finally {
    await Dexie.delete(scratch);
  }
}

export interface RestorePreview {
  createdAt: string;
  appVersion: string;
  encrypted: boolean;
  /** Every table of this database: rows stored now, rows in the file. */
  tables: { name: string; now: number; inFile: number }[];
  connections: { id: string; institutionName: string; provider: string; demo: boolean; cursor: boolean; signedInHere: boolean }[];
  accounts: { now: number; inFile: number };
  /** The file's live transactions: how many, and their first and last date. */
  transactions: { live: number; from: string | null; to: string | null };
}

/** What a restore would replace. `signedIn`: the connections main has a sign-in (keychain token) for. */
export async function previewRestore(db: LedgerlineDb, opened: OpenedBackup, signedIn: readonly ConnectionInfo[]): Promise<RestorePreview> {
  const here = new Set(signedIn.map((c) => c.id));
  const counts = await db.transaction('r', db.tables, () => Promise.all(db.tables.map((t) => t.count())));
  const file = opened.tables;
  const cursors = new Set(((file.cursors ?? []) as CursorRow[]).map((c) => c.connectionId));
  let live = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const t of (file.transactions ?? []) as TransactionRow[]) {
    if (t.removedAt !== null) continue;
    live++;
    if (from === null || t.date < from) from = t.date;
    if (to === null || t.date > to) to = t.date;
  }
  return {
    createdAt: opened.header.createdAt,
    appVersion: opened.header.appVersion,
    encrypted: opened.header.encryption !== null,
    tables: db.tables.map((t, i) => ({ name: t.name, now: counts[i] ?? 0, inFile: file[t.name]?.length ?? 0 })),
    connections: ((file.connections ?? []) as ConnectionRow[]).map((c) => ({
      id: c.id, institutionName: c.institutionName, provider: c.provider, demo: c.demo, cursor: cursors.has(c.id), signedInHere: here.has(c.id),
    })),
    accounts: { now: counts[db.tables.findIndex((t) => t.name === 'accounts')] ?? 0, inFile: ((file.accounts ?? []) as AccountRow[]).length },
    transactions: { live, from, to },
  };
}

/** Replaces every table with the file's rows (a table the file lacks is emptied), in one transaction. */
export async function replaceLedger(db: LedgerlineDb, tables: Record<string, unknown[]>, check?: () => Promise<void>): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    if (check) await check();
    for (const table of db.tables) await table.clear();
    for (const table of db.tables) {
      const rows = tables[table.name] ?? [];
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) await table.bulkAdd(rows.slice(i, i + WRITE_CHUNK));
    }
  });
  notifyIndex(db, { all: true });
}

// ─── Undo ───

interface SnapshotRow {
  id: 'last';
  /** When the restore replaced this ledger. */
  takenAt: string;
  /** The backup's date that replaced it (for "Undo restore of the Apr 5 backup"). */
  restoredFrom: string;
  bytes: Uint8Array;
}

type UndoDb = Dexie & { snapshots: EntityTable<SnapshotRow, 'id'> };

function openUndoDb(db: LedgerlineDb): UndoDb {
  const undo = new Dexie(`${db.name}-restore-undo`) as UndoDb;
  undo.version(1).stores({ snapshots: 'id' });
  return undo;
}

/** The ledger's shape for "did anything commit since the snapshot": each table's count and the cursors. */
async function fingerprint(db: LedgerlineDb): Promise<string> {
  const counts = await Promise.all(db.tables.map((t) => t.count()));
  return JSON.stringify([counts, await db.cursors.toArray()]);
}

export interface RestoreResult {
  rows: number;
  ms: number;
}

/**
 * Keeps the current ledger for "Undo restore", then replaces it with `opened`. Throws (changing
 * nothing) if a sync committed between the two.
 */
export async function restoreLedger(
  db: LedgerlineDb,
  opened: OpenedBackup,
  opts: { appVersion: string; now: () => Date; /** Tests: runs between the snapshot and the replace. */ beforeReplace?: () => Promise<void> },
): Promise<RestoreResult> {
  const started = performance.now();
  const before = await fingerprint(db);
  const snapshot = await dumpLedger(db, { appVersion: opts.appVersion, now: opts.now });
  const undo = openUndoDb(db);
  try {
    await undo.snapshots.put({ id: 'last', takenAt: opts.now().toISOString(), restoredFrom: opened.header.createdAt, bytes: snapshot.bytes });
  } finally {
    undo.close();
  }
  await opts.beforeReplace?.();
  await replaceLedger(db, opened.tables, async () => {
    if ((await fingerprint(db)) !== before) {
      throw new Error('The ledger changed while the restore was getting ready (a sync finished). Nothing was replaced; try again.');
    }
  });
  const rows = Object.values(opened.tables).reduce((n, r) => n + r.length, 0);
  return { rows, ms: performance.now() - started };
}

export interface UndoOffer {
  takenAt: string;
  restoredFrom: string;
}

/** The restore that can be undone now, if any. */
export async function undoOffer(db: LedgerlineDb): Promise<UndoOffer | null> {
  const undo = openUndoDb(db);
  try {
    const row = await undo.snapshots.get('last');
    return row ? { takenAt: row.takenAt, restoredFrom: row.restoredFrom } : null;
  } finally {
    undo.close();
  }
}

/** Puts back the ledger the last restore replaced, in one transaction, and forgets the snapshot. */
export async function undoRestore(db: LedgerlineDb): Promise<void> {
  const undo = openUndoDb(db);
  try {
    const row = await undo.snapshots.get('last');
    if (!row) throw new Error('There is no restore to undo.');
    const { tables } = await decodeOffThread({ bytes: row.bytes, maxSchemaVersion: db.verno, knownTables: db.tables.map((t) => t.name) });
    await replaceLedger(db, tables);
    await undo.snapshots.delete('last');
  } finally {
    undo.close();
  }
}

/** Forgets the snapshot (the user is happy with the restore). */
export async function dismissUndo(db: LedgerlineDb): Promise<void> {
  const undo = openUndoDb(db);
  try {
    await undo.snapshots.delete('last');
  } finally {
    undo.close();
  }
}
