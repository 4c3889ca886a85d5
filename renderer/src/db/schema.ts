/**
 * The local database, `ledgerline` in IndexedDB. Each schema version is one constant built from
 * the previous one; an `upgrade()` appears only where data has to move.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Account, Provider, SyncTrigger, Transaction, TrackedField } from '../../../shared/types';

export interface ConnectionRow {
  id: string;
  provider: Provider;
  institutionName: string;
  demo: boolean;
  createdAt: string;
}

/** The cursor that covers exactly the rows stored for a connection; written with them, never ahead. */
export interface CursorRow {
  connectionId: string;
  cursor: string;
  updatedAt: string;
}

export interface AccountRow extends Account {
  updatedAt: string;
}

export interface TransactionRow extends Transaction {
  /**
   * `date|id` for rows the lists show; absent on tombstones, so removed rows are simply not in the
   * index the lists read (IndexedDB does not index a missing key).
   */
  listKey?: string;
  /** Set when the provider removed the row: kept for history, hidden, never resurrected. */
  removedAt: string | null;
  firstSeenAt: string;
  updatedAt: string;
}

export interface SyncRunRow {
  id: string;
  connectionId: string;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  fromCursor: string | null;
  nextCursor: string;
  added: number;
  modified: number;
  removed: number;
  posted: number;
  pages: number;
  restarts: number;
}

export interface FieldChange {
  field: TrackedField;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface ChangeRow {
  seq?: number;
  runId: string;
  connectionId: string;
  txId: string;
  /**
   * added / modified / removed, as the provider said; posted: a pending row became this posted
   * one; reidentified: the provider re-issued an unchanged row under a new id (not shown as a
   * removal plus an addition).
   */
  kind: 'added' | 'modified' | 'removed' | 'posted' | 'reidentified';
  /** For `modified`: each changed field, before → after. */
  fields: FieldChange[];
  /** The row this one replaced: the pending predecessor (`posted`) or the old id (`reidentified`). */
  relatedId: string | null;
  at: string;
}

export const SCHEMA_V1 = {
  connections: 'id',
  cursors: 'connectionId',
  accounts: 'id, connectionId',
  transactions: 'id, listKey, accountId, connectionId',
  syncRuns: 'id, connectionId, startedAt',
  changes: '++seq, runId, txId',
} as const;

export type LedgerlineDb = Dexie & {
  connections: EntityTable<ConnectionRow, 'id'>;
  cursors: EntityTable<CursorRow, 'connectionId'>;
  accounts: EntityTable<AccountRow, 'id'>;
  transactions: EntityTable<TransactionRow, 'id'>;
  syncRuns: EntityTable<SyncRunRow, 'id'>;
  changes: EntityTable<ChangeRow, 'seq'>;
};

export const DB_NAME = 'ledgerline';

export function openDb(name: string = DB_NAME): LedgerlineDb {
  const db = new Dexie(name) as LedgerlineDb;
  db.version(1).stores(SCHEMA_V1);
  return db;
}

export const listKeyOf = (t: Pick<Transaction, 'date' | 'id'>) => `${t.date}|${t.id}`;
