/**
 * The local database, `ledgerline` in IndexedDB. Each schema version is one constant built from
 * the previous one; an `upgrade()` appears only where data has to move.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { MatchMethod, SuggestReason } from '../../../shared/reconcile/reconcilePending';
import type { Account, Provider, SyncTrigger, Transaction, TrackedField } from '../../../shared/types';
import type { CategoryRule } from '../../../shared/categories/rules';
import { upgradeToV2 } from './upgradeV2';
import { upgradeToV4 } from './upgradeV4';
import { upgradeToV5 } from './upgradeV5';

export interface ConnectionRow {
  id: string;
  provider: Provider;
  institutionName: string;
  demo: boolean;
  createdAt: string;
  /**
   * The user removed this connection and chose to keep its data here as read-only history (not
   * indexed, so no schema version). Such a row is never purged on its own.
   */
  removedAt?: string | null;
}

/** The cursor that covers exactly the rows stored for a connection; written with them, never ahead. */
export interface CursorRow {
  connectionId: string;
  cursor: string;
  updatedAt: string;
  /**
   * How many live rows (with a `listKey`) the connection has, kept in the same transaction as the
   * rows: the list's total without counting 100k index entries. Rows exist only for connections
   * with a cursor (written with them, purged with them). Absent only before version 4 ran.
   */
  liveRows?: number;
}

export interface AccountRow extends Account {
  updatedAt: string;
}

/** The user's own fields on a transaction: no provider update ever writes them. */
export interface UserFields {
  /** The user's category; wins over the provider's `category` wherever one is shown. */
  userCategory?: string | null;
  note?: string | null;
}

export interface TransactionRow extends Transaction, UserFields {
  /**
   * `date|id` for rows the lists show; absent on tombstones, so removed rows are simply not in the
   * index the lists read (IndexedDB does not index a missing key).
   */
  listKey?: string;
  /**
   * On live pending rows only (same trick): an account's pending set is an index range, so a
   * pending-only replace scope reads just those rows however large the table grows.
   */
  pendingKey?: string;
  /**
   * The pending row this posted one took over — by the provider's link, in place (its own id), by
   * a confident match, or by the user confirming a suggestion. Ledgerline's, not the provider's.
   */
  postedFromId?: string | null;
  /** Set when the provider removed the row: kept for history, hidden, never resurrected. */
  removedAt: string | null;
  firstSeenAt: string;
  updatedAt: string;
}

/**
 * One applied update. Only applied updates are recorded: a pull that fails, waits or turns out
 * stale writes nothing at all (the crash and model tests hold the database byte-identical then);
 * main keeps the connection's status for those.
 */
export interface SyncRunRow {
  id: string;
  connectionId: string;
  trigger: SyncTrigger;
  /** When the renderer asked main to pull, and when the apply committed. */
  startedAt: string;
  finishedAt: string;
  fromCursor: string | null;
  nextCursor: string;
  /** `changes` if the update changed any transaction, else `up_to_date`. */
  outcome: 'changes' | 'up_to_date';
  added: number;
  modified: number;
  removed: number;
  /** Pending rows merged into their posted successor (link, in place, or a confident match). */
  posted: number;
  reidentified: number;
  /** Possible pending → posted pairs left for the user to confirm or reject. */
  suggested: number;
  pages: number;
  restarts: number;
  /**
   * `revert`: not a sync but the user undoing one (`revertOf`), recorded like a run so the
   * Changes view lists it; its cursors are the stored one, unchanged. Absent on syncs.
   */
  kind?: 'revert';
  revertOf?: string;
  /** Set on a sync the user undid: the undo's run id and when. Not indexed: no schema version. */
  revertedBy?: string;
  revertedAt?: string;
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
  /** For `posted`: how the pending predecessor was found. */
  match?: ChangeMatch;
  /**
   * The stored row as it was just before this change (the before-image), so the change can be
   * undone exactly (`db/revertRun.ts`): the row itself for `modified`, `removed` and a same-id
   * `posted`; the pending predecessor for a merged `posted`; the old id's row for `reidentified`;
   * in an undo's own log, the row the undo replaced or deleted. Absent on `added` rows, and on
   * every change recorded before undo existed.
   */
  before?: TransactionRow;
  at: string;
}

export interface ChangeMatch {
  /** `confirmed`: the user confirmed a suggested pair. */
  method: MatchMethod | 'confirmed';
  confidence: number;
}

/** A possible pending → posted pair that was not merged: the user confirms (merge) or rejects it. */
export interface SuggestionRow {
  postedId: string;
  pendingId: string;
  runId: string;
  connectionId: string;
  method: MatchMethod;
  confidence: number;
  reason: SuggestReason | null;
  daysToPost: number;
  status: 'open' | 'confirmed' | 'rejected';
  createdAt: string;
  resolvedAt: string | null;
}

/** Small app-wide values, by key (e.g. how far the user has seen the Changes view). */
export interface MetaRow {
  key: string;
  value: string;
}

export const SCHEMA_V1 = {
  connections: 'id',
  cursors: 'connectionId',
  accounts: 'id, connectionId',
  transactions: 'id, listKey, accountId, connectionId',
  syncRuns: 'id, connectionId, startedAt',
  changes: '++seq, runId, txId',
} as const;

/**
 * Version 2: the suggestions and meta tables; `pendingKey` (live pendings by account and date);
 * `[accountId+date]` instead of `accountId` (Dexie answers `where('accountId')` from the compound
 * index, and date-window replace scopes become ranges); runs by `finishedAt` for the Changes view.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  transactions: 'id, listKey, [accountId+date], connectionId, pendingKey',
  syncRuns: 'id, connectionId, startedAt, finishedAt',
  suggestions: 'postedId, runId, pendingId',
  meta: 'key',
} as const;

/** Version 3: the user's category rules, one per merchant key ("all like this"). No data moves. */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  rules: 'id, &merchantKey',
} as const;

export type LedgerlineDb = Dexie & {
  connections: EntityTable<ConnectionRow, 'id'>;
  cursors: EntityTable<CursorRow, 'connectionId'>;
  accounts: EntityTable<AccountRow, 'id'>;
  transactions: EntityTable<TransactionRow, 'id'>;
  syncRuns: EntityTable<SyncRunRow, 'id'>;
  changes: EntityTable<ChangeRow, 'seq'>;
  suggestions: EntityTable<SuggestionRow, 'postedId'>;
  meta: EntityTable<MetaRow, 'key'>;
  rules: EntityTable<CategoryRule, 'id'>;
};

export const DB_NAME = 'ledgerline';

export function openDb(name: string = DB_NAME): LedgerlineDb {
  const db = new Dexie(name) as LedgerlineDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(3).stores(SCHEMA_V3);
  db.version(4).stores(SCHEMA_V3).upgrade(upgradeToV4);
  db.version(5).stores(SCHEMA_V3).upgrade(upgradeToV5);
  return db;
}

export { listKeyOf, pendingKeyOf, pendingKeyRange } from './keys';
