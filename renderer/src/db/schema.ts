/**
 * The local database, `ledgerline` in IndexedDB. Each schema version is one constant built from
 * the previous one; an `upgrade()` appears only where data has to move.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { MatchMethod, SuggestReason } from '../../../shared/reconcile/reconcilePending';
import type { HoldReason } from '../../../shared/sync/suspicion';
import type { Account, Provider, SyncTrigger, SyncUpdate, Transaction, TrackedField } from '../../../shared/types';
import type { CategoryRule } from '../../../shared/categories/rules';
import type { CustomCategory } from '../../../shared/categories/customCategories';
import type { Cadence } from '../../../shared/ledger/recurring';
import type { SplitPart } from '../../../shared/userFields/splits';
import type { CsvSettings } from '../../../shared/import/csv';
import { upgradeToV2 } from './upgradeV2';
import { DB_NAME } from './identity';
import { upgradeToV4 } from './upgradeV4';
import { upgradeToV5 } from './upgradeV5';
import { upgradeToV11 } from './upgradeV11';

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
  /**
   * When the user excluded the row from budgets and reports (Insights, budgets; export marks it);
   * absent or null = counted. The row stays stored and in the index; the list hides it unless the
   * search says `is:excluded`. Indexed (schema v13, sparse: only excluded rows are in it).
   */
  excludedAt?: string | null;
  /** Free tags, normalized (shared/userFields/tags.ts); null or absent = none. */
  tags?: string[] | null;
  /**
   * The parts the user split the row into (shared/userFields/splits.ts): they sum to the amount
   * exactly when saved; if a provider later changes the amount they no longer do, and the split
   * "needs attention" (decided from the row, never stored as a flag).
   */
  splits?: SplitPart[] | null;
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
  /**
   * Imported rows only (`import:` ids, db/importFile.ts): the file's own id for the row (OFX FITID,
   * a CSV id column), so importing the same file again finds it. Not indexed.
   */
  fitId?: string | null;
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
  kind?: 'revert' | 'import';
  revertOf?: string;
  /**
   * `import`: not a sync but a file the user imported into one account (db/importFile.ts), recorded
   * like a run so Changes lists it and its Undo takes exactly its rows out; both cursors are the
   * stored one, unchanged. Not indexed.
   */
  importOf?: { accountId: string; fileName: string; format: 'csv' | 'ofx' | 'qif' };
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

/** A change as packed in its set: the set carries its run and connection, and the seq is derived (changeLog.ts). */
export type StoredChange = Omit<ChangeRow, 'seq' | 'runId' | 'connectionId'>;

/**
 * Up to CHANGE_SET_SIZE changes of one run, in the order recorded (db/changeLog.ts: every read and
 * write of the log goes through it). A slot is `null` where a change was taken out, so the others
 * keep their seq.
 */
export interface ChangeSetRow {
  seq?: number;
  runId: string;
  connectionId: string;
  /** Every row id with a change in this set (a multi-entry index). */
  txIds: string[];
  changes: (StoredChange | null)[];
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

/**
 * A sync held for the user instead of applied (shared/sync/suspicion.ts): the whole update, why
 * it was held and what it would do. Nothing else of it is stored — no rows, no run, no cursor — so
 * a held row always starts at the connection's stored cursor; at most one per connection (a newer
 * pull from that cursor replaces it, any apply deletes it). Apply and Discard are db/heldUpdates.ts.
 */
export interface HeldUpdateRow {
  /** The update's pullId. */
  id: string;
  connectionId: string;
  /** The cursor it starts from (the stored one when it was held). */
  fromCursor: string | null;
  heldAt: string;
  trigger: SyncTrigger;
  update: SyncUpdate;
  reasons: HoldReason[];
  /** What applying it would record, as a run's counts. */
  counts: Pick<SyncRunRow, 'added' | 'modified' | 'removed' | 'posted' | 'reidentified' | 'suggested'>;
}

/** A row that may explain why the bank's balance and the stored rows disagree (never acted on). */
export interface BalanceExplanation {
  /**
   * stalePending: a pending row past the posting window the bank may already count as posted;
   * removed: a posted row the provider removed that the bank may still count; duplicate: one of two
   * look-alike posted rows the bank may count once.
   */
  kind: 'stalePending' | 'removed' | 'duplicate';
  /** The row (for a duplicate, the later of the pair first, then the earlier). */
  txIds: string[];
  /** How much of the gap (bank − rows) it would account for, in the check's currency. */
  explainsMinor: number;
  /** Part of a set of rows whose amounts account for the whole gap exactly. */
  exact: boolean;
  date: string;
  description: string;
}

/** What a check found (balanceCheck.ts `decide`); only `disagrees` is shown to the user. */
export type BalanceStatus = 'agrees' | 'rebased' | 'unconfirmed' | 'disagrees';

/** One account and currency checked after one applied run. */
export interface BalanceCheckRow {
  /** `runId␀accountId␀currency`. */
  id: string;
  runId: string;
  connectionId: string;
  accountId: string;
  currency: string;
  /** The provider's current balance, net-worth sign. */
  providerMinor: number;
  /** What the stored rows imply: the last checked balance plus the posted change since. */
  impliedMinor: number;
  /** providerMinor − impliedMinor; 0 when they agree. */
  differenceMinor: number;
  status: BalanceStatus;
  /** The run (and its finish) since which they have disagreed; null when they agree. */
  sinceRunId: string | null;
  sinceAt: string | null;
  checkedAt: string;
  explanations: BalanceExplanation[];
}

/** The latest balance state of one account and currency, carried from check to check. */
export interface BalanceStateRow {
  /** `accountId␀currency`. */
  id: string;
  accountId: string;
  connectionId: string;
  currency: string;
  /** The balance the stored rows imply now (moved by every apply, checked or not). */
  impliedMinor: number;
  /** The last check: the provider's balance, the difference then, and since when (null = agreed). */
  providerMinor: number;
  differenceMinor: number;
  status: BalanceStatus;
  /** Whether a check has agreed since the starting point was taken (until then it is provisional). */
  anchored: boolean;
  checkedRunId: string;
  checkedAt: string;
  sinceRunId: string | null;
  sinceAt: string | null;
  explanations: BalanceExplanation[];
  /** Set when the user accepted the bank's balance as the new starting point (the review inbox). */
  acceptedAt?: string | null;
}

/**
 * One assigned budget amount: a category, in one currency's budget, for one month (`YYYY-MM`).
 * An amount holds for later months until another is set (budgets/computeBudget.ts).
 */
export interface BudgetRow {
  /** `currency␀category␀month`. */
  id: string;
  currency: string;
  category: string;
  month: string;
  assignedMinor: number;
  updatedAt: string;
}

/** A category's rollover choice in one currency's budget (absent = `none`). */
export interface BudgetRolloverRow {
  /** `currency␀category`. */
  id: string;
  currency: string;
  category: string;
  rollover: 'none' | 'carry';
  updatedAt: string;
}

/** Small app-wide values, by key (e.g. how far the user has seen the Changes view). */
export interface MetaRow {
  key: string;
  value: string;
}

/**
 * The user's word on one transfer pair (an outflow `outId` and an inflow `inId` in two of the
 * user's accounts). Detections themselves are never stored: they are computed from the ledger
 * (shared/ledger/transfers.ts), so a sync, an undo or an edit changes them; only this answer is kept.
 * `confirmed`: counts as a transfer (a detected pair the user confirmed, or one made by hand, `manual`);
 * `rejected`: never proposed or counted again.
 */
export interface TransferDecisionRow {
  /** `outId|inId` (shared/ledger/transfers.ts pairId). */
  id: string;
  outId: string;
  inId: string;
  status: 'confirmed' | 'rejected';
  manual: boolean;
  /** The detector's confidence when the user answered (null for a pair made by hand). */
  confidence: number | null;
  at: string;
}

/** The user's word on one detected recurring series (by its stable id, shared/ledger/recurring.ts). */
export interface RecurringDecisionRow {
  seriesId: string;
  status: 'confirmed' | 'dismissed';
  /** The user's edits: the amount expected (signed like the rows) and the cadence; null = as detected. */
  amountMinor: number | null;
  cadence: Cadence | null;
  at: string;
}

/**
 * The CSV settings the user confirmed for one shape of file (its delimiter and header names,
 * shared/import/readFile.ts `csvShapeKey`), reused the next time a file of that shape is imported.
 */
export interface ImportMappingRow {
  /** `csvShapeKey` of the file. */
  id: string;
  /** Where it was last used: the institution (or "Manual accounts") and the account's name. */
  institution: string;
  settings: CsvSettings;
  updatedAt: string;
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

/** Version 6: held updates (syncs waiting for the user's Apply or Discard). No data moves. */
export const SCHEMA_V6 = {
  ...SCHEMA_V3,
  heldUpdates: 'id, connectionId',
} as const;

/**
 * Version 8 (7 is left unused: undo needed no schema change): the balance check's tables. No
 * data moves — an account is first checked at its next sync, from the provider's balance then.
 * `balanceChecks` holds one row per run, account and currency checked (what the Changes entry
 * shows); `balances` the latest state per account and currency (what the sidebar and the review
 * inbox show, and where the next check continues from).
 */
export const SCHEMA_V8 = {
  ...SCHEMA_V6,
  balanceChecks: 'id, runId, accountId',
  balances: 'id, accountId, connectionId',
} as const;

/**
 * Version 9: the user's answers on transfers and recurring series (issue 19). No data moves:
 * what is detected is computed from the ledger; only answers are stored.
 */
export const SCHEMA_V9 = {
  ...SCHEMA_V8,
  transferDecisions: 'id, outId, inId',
  recurringDecisions: 'seriesId',
} as const;

/**
 * Version 10: budgets — assigned amounts per currency, category and month, and each category's
 * rollover. No data moves. Not per connection, so not purged with one.
 */
export const SCHEMA_V10 = {
  ...SCHEMA_V9,
  budgets: 'id, currency',
  budgetRollovers: 'id, currency',
} as const;

/**
 * Version 11: the change log packed one record per run (up to 500 changes each) instead of one per
 * change — `changeSets` replaces `changes`, and the upgrade packs what is stored (upgradeV11.ts).
 */
export const SCHEMA_V11 = {
  ...SCHEMA_V10,
  changes: null,
  changeSets: '++seq, runId, *txIds',
} as const;

/**
 * Version 12: saved CSV import settings per file shape (issue 20's import). No data moves. Not per
 * connection (a bank's export shape is the same whichever account it goes into), so not purged.
 */
export const SCHEMA_V12 = {
  ...SCHEMA_V11,
  importMappings: 'id',
} as const;

/**
 * Version 13 (issue 20, user fields): the sparse `excludedAt` index on transactions — only rows the
 * user excluded carry the key, so the list counts them (and knows whether any must be hidden)
 * without a scan, and ordinary writes pay nothing. Tags and splits are unindexed fields (searched
 * in the ledger index). No data moves.
 */
export const SCHEMA_V13 = {
  ...SCHEMA_V12,
  transactions: `${SCHEMA_V12.transactions}, excludedAt`,
} as const;

/**
 * One merge of a custom category into another category (or a delete, which is a merge into where
 * the user said its rows go), with everything it changed as it was before, so Undo puts back
 * exactly that (db/customCategories.ts).
 */
export interface CategoryMergeRow {
  id: string;
  kind: 'merge' | 'delete';
  /** The custom category merged away, as it was (deleted by the merge, put back by Undo). */
  from: CustomCategory;
  intoId: string;
  at: string;
  /** Rows whose `userCategory` moved from `from.id` to `intoId`. */
  txIds: string[];
  /** Rows with split parts in `from.id`, and their parts as they were (absent on merges before splits followed). */
  splitsBefore?: { id: string; splits: SplitPart[] }[];
  /** The rules that named `from.id`, as they were. */
  rules: CategoryRule[];
  /** Every budget row of either category before, and the ids the merge wrote. */
  budgetsBefore: BudgetRow[];
  budgetIdsAfter: string[];
  rolloversBefore: BudgetRolloverRow[];
  rolloverIdsAfter: string[];
  undoneAt: string | null;
}

/**
 * Version 14 (issue 20, custom categories): the user's
 * own categories, nested under the built-in ones, and the record of each merge (for Undo), and an
 * index of the rows by `userCategory`. No data moves (IndexedDB builds the index on upgrade); the
 * new tables are not per connection, so not purged with one.
 */
export const SCHEMA_V14 = {
  ...SCHEMA_V13,
  // `userCategory` is sparse: IndexedDB indexes no null or missing key, so only the rows the user
  // categorized by hand have an entry (a sync's rows add none). A merge, a delete's question and
  // an undo read just those rows instead of all of them: at 100k rows in Chromium on this loaded
  // 2-core machine, the delete's question 12.5 s → 0.2 s, a merge 11 s → 0.3 s; building the index
  // once on upgrade took 14 s (a plain read of every row then took 5 s).
  transactions: `${SCHEMA_V13.transactions}, userCategory`,
  customCategories: 'id',
  categoryMerges: 'id, at',
} as const;

export type LedgerlineDb = Dexie & {
  connections: EntityTable<ConnectionRow, 'id'>;
  cursors: EntityTable<CursorRow, 'connectionId'>;
  accounts: EntityTable<AccountRow, 'id'>;
  transactions: EntityTable<TransactionRow, 'id'>;
  syncRuns: EntityTable<SyncRunRow, 'id'>;
  changeSets: EntityTable<ChangeSetRow, 'seq'>;
  suggestions: EntityTable<SuggestionRow, 'postedId'>;
  meta: EntityTable<MetaRow, 'key'>;
  rules: EntityTable<CategoryRule, 'id'>;
  heldUpdates: EntityTable<HeldUpdateRow, 'id'>;
  balanceChecks: EntityTable<BalanceCheckRow, 'id'>;
  balances: EntityTable<BalanceStateRow, 'id'>;
  budgets: EntityTable<BudgetRow, 'id'>;
  budgetRollovers: EntityTable<BudgetRolloverRow, 'id'>;
  transferDecisions: EntityTable<TransferDecisionRow, 'id'>;
  recurringDecisions: EntityTable<RecurringDecisionRow, 'seriesId'>;
  importMappings: EntityTable<ImportMappingRow, 'id'>;
  customCategories: EntityTable<CustomCategory, 'id'>;
  categoryMerges: EntityTable<CategoryMergeRow, 'id'>;
};

export { DB_NAME } from './identity';

/**
 * The database, declared up to `upTo` (default: every version). Restoring a backup of an older
 * version writes it into a scratch database declared up to that version and opens it again with
 * every version, so the rows move exactly as each upgrade moves them (backup/restoreLedger.ts).
 */
export function openDb(name: string = DB_NAME, upTo: number = Infinity): LedgerlineDb {
  const db = new Dexie(name) as LedgerlineDb;
  const version = (n: number) => (n <= upTo ? db.version(n) : null);
  version(1)?.stores(SCHEMA_V1);
  version(2)?.stores(SCHEMA_V2).upgrade(upgradeToV2);
  version(3)?.stores(SCHEMA_V3);
  version(4)?.stores(SCHEMA_V3).upgrade(upgradeToV4);
  version(5)?.stores(SCHEMA_V3).upgrade(upgradeToV5);
  version(6)?.stores(SCHEMA_V6);
  version(8)?.stores(SCHEMA_V8);
  version(9)?.stores(SCHEMA_V9);
  version(10)?.stores(SCHEMA_V10);
  version(11)?.stores(SCHEMA_V11).upgrade(upgradeToV11);
  version(12)?.stores(SCHEMA_V12);
  version(13)?.stores(SCHEMA_V13);
  version(14)?.stores(SCHEMA_V14);
  return db;
}

export { listKeyOf, pendingKeyOf, pendingKeyRange } from './keys';
