/**
 * Manual accounts and their transactions: accounts no provider knows (cash, a bank no aggregator
 * covers, a closed account), kept only here.
 *
 * How they fit the model: a manual account is an ordinary `accounts` row whose `connectionId` is
 * the local pseudo-connection `manual` (MANUAL_CONNECTION_ID). Main never lists it, so nothing
 * ever pulls, purges or reports a status for it (launch, Refresh now and background syncs take
 * main's list; the sidebar shows these accounts in their own group, without a status line). It
 * has a `cursors` row (`cursor: 'local'`, never moved) only to keep its `liveRows` count beside the
 * others' (db/liveCount.ts) and so an import into it is undone like a run of any connection.
 * Rows the user adds have `manual:` ids, imported ones `import:` ids (db/importFile.ts): no
 * provider's id can take either form.
 *
 * Balance: a manual account's `currentMinor` (net-worth sign: owed is negative) is stored and moved
 * by every write in the same transaction as the rows — an added row adds its amount, an edit adds
 * the difference, a delete subtracts it; imports and their undo do the same (importFile.ts,
 * revertRun.ts `moveManualBalances`). The user may also set it directly (a correction).
 */
import type { Account } from '../../../shared/types';
import { notifyIndex } from '../index/notify';
import { listKeyOf } from './keys';
import type { AccountRow, LedgerlineDb, TransactionRow } from './schema';

export const MANUAL_CONNECTION_ID = 'manual';
/** The manual pseudo-connection's cursor: fixed, nothing ever pulls from it. */
export const MANUAL_CURSOR = 'local';

export const MANUAL_ACCOUNT_TYPES = ['checking', 'savings', 'cash', 'credit', 'loan', 'investment', 'other'] as const;
export type ManualAccountType = (typeof MANUAL_ACCOUNT_TYPES)[number];

const KIND: Record<ManualAccountType, Account['kind']> = {
  checking: 'depository', savings: 'depository', cash: 'depository', credit: 'credit', loan: 'loan', investment: 'investment', other: 'other',
};

/** Types whose balance is an amount owed (entered positive, stored negative). */
export const OWED_TYPES: ReadonlySet<ManualAccountType> = new Set(['credit', 'loan']);

export const isManualAccount = (a: Pick<AccountRow, 'connectionId'> | undefined | null): boolean => a?.connectionId === MANUAL_CONNECTION_ID;

/** Rows that are Ledgerline's own (typed in or imported), which the user may edit and delete. */
export const isLocalRowId = (id: string): boolean => id.startsWith('manual:') || id.startsWith('import:');

export function manualTypeOf(a: Pick<AccountRow, 'subtype' | 'kind'>): ManualAccountType {
  return (MANUAL_ACCOUNT_TYPES as readonly string[]).includes(a.subtype ?? '') ? (a.subtype as ManualAccountType) : 'other';
}

export interface ManualAccountInput {
  name: string;
  type: ManualAccountType;
  currency: string;
  /** The balance now, net-worth sign (owed is negative). */
  balanceMinor: number;
}

export interface ManualTransactionInput {
  date: string;
  description: string;
  /** Positive = money into the account. */
  amountMinor: number;
  note?: string | null;
}

export class ManualAccountError extends Error {}

const tables = (db: LedgerlineDb) => [db.accounts, db.transactions, db.cursors, db.transferDecisions, db.syncRuns, db.changeSets];

function cleanName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n === '') throw new ManualAccountError('Give the account a name.');
  return n.slice(0, 80);
}

/** The pseudo-connection's cursor row exists (inside the caller's transaction). */
async function ensureCursor(db: LedgerlineDb, at: string): Promise<void> {
  if (!(await db.cursors.get(MANUAL_CONNECTION_ID))) {
    await db.cursors.put({ connectionId: MANUAL_CONNECTION_ID, cursor: MANUAL_CURSOR, updatedAt: at, liveRows: 0 });
  }
}

async function moveLiveRows(db: LedgerlineDb, connectionId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  const cursor = await db.cursors.get(connectionId);
  if (cursor?.liveRows !== undefined) await db.cursors.update(connectionId, { liveRows: cursor.liveRows + delta });
}

/** Moves manual accounts' balances by signed amounts per account (inside the caller's transaction). */
export async function moveManualBalances(db: LedgerlineDb, deltas: ReadonlyMap<string, number>, at: string): Promise<void> {
  const ids = [...deltas].filter(([, d]) => d !== 0).map(([id]) => id);
  if (ids.length === 0) return;
  for (const account of await db.accounts.bulkGet(ids)) {
    if (!account || !isManualAccount(account)) continue;
    await db.accounts.update(account.id, { currentMinor: (account.currentMinor ?? 0) + (deltas.get(account.id) ?? 0), updatedAt: at });
  }
}

export async function createManualAccount(db: LedgerlineDb, input: ManualAccountInput, now: Date = new Date()): Promise<string> {
  const at = now.toISOString();
  const id = `manual:${crypto.randomUUID()}`;
  const row: AccountRow = {
    id, connectionId: MANUAL_CONNECTION_ID, name: cleanName(input.name), officialName: null, mask: null, kind: KIND[input.type], subtype: input.type,
    currency: input.currency, currentMinor: input.balanceMinor, availableMinor: null, limitMinor: null, updatedAt: at,
  };
  await db.transaction('rw', tables(db), async () => {
    await ensureCursor(db, at);
    await db.accounts.add(row);
  });
  return id;
}

async function manualAccount(db: LedgerlineDb, id: string): Promise<AccountRow> {
  const account = await db.accounts.get(id);
  if (!account || !isManualAccount(account)) throw new ManualAccountError('This account is no longer here.');
  return account;
}

/** The account's rows (live and not), by its `[accountId+date]` index. */
const rowsOf = (db: LedgerlineDb, accountId: string) => db.transactions.where('[accountId+date]').between([accountId, ''], [accountId, '\uffff'], true, true);

export async function updateManualAccount(db: LedgerlineDb, id: string, input: Partial<ManualAccountInput>, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.transaction('rw', tables(db), async () => {
    const account = await manualAccount(db, id);
    const patch: Partial<AccountRow> = { updatedAt: at };
    if (input.name !== undefined) patch.name = cleanName(input.name);
    if (input.type !== undefined) Object.assign(patch, { kind: KIND[input.type], subtype: input.type });
    if (input.currency !== undefined && input.currency !== account.currency) {
      if ((await rowsOf(db, id).count()) > 0) throw new ManualAccountError('The currency cannot change once the account has transactions.');
      patch.currency = input.currency;
    }
    if (input.balanceMinor !== undefined) patch.currentMinor = input.balanceMinor;
    await db.accounts.update(id, patch);
  });
}

/** Deletes the account, its rows, the answers on their transfer pairs and the runs of imports into it. */
export async function deleteManualAccount(db: LedgerlineDb, id: string): Promise<number> {
  const ids = await db.transaction('rw', tables(db), async () => {
    await manualAccount(db, id);
    const rows = await rowsOf(db, id).toArray();
    const txIds = rows.map((r) => r.id);
    if (txIds.length > 0) {
      await db.transferDecisions.where('outId').anyOf(txIds).delete();
      await db.transferDecisions.where('inId').anyOf(txIds).delete();
    }
    await db.transactions.bulkDelete(txIds);
    await moveLiveRows(db, MANUAL_CONNECTION_ID, -rows.filter((r) => r.listKey !== undefined).length);
    const runs = (await db.syncRuns.where('connectionId').equals(MANUAL_CONNECTION_ID).toArray()).filter((r) => r.importOf?.accountId === id);
    const runIds = runs.map((r) => r.id);
    const undos = runs.flatMap((r) => (r.revertedBy ? [r.revertedBy] : []));
    await db.changeSets.where('runId').anyOf([...runIds, ...undos]).delete();
    await db.syncRuns.bulkDelete([...runIds, ...undos]);
    await db.accounts.delete(id);
    return txIds;
  });
  notifyIndex(db, { ids });
  return ids.length;
}

function cleanRowInput(input: ManualTransactionInput): ManualTransactionInput {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) throw new ManualAccountError('Enter a date.');
  const description = input.description.trim().replace(/\s+/g, ' ');
  if (description === '') throw new ManualAccountError('Enter a description.');
  if (!Number.isSafeInteger(input.amountMinor)) throw new ManualAccountError('Enter an amount.');
  const note = (input.note ?? '').trim();
  return { date: input.date, description: description.slice(0, 200), amountMinor: input.amountMinor, note: note === '' ? null : note.slice(0, 2000) };
}

export async function addManualTransaction(db: LedgerlineDb, accountId: string, input: ManualTransactionInput, now: Date = new Date()): Promise<string> {
  const at = now.toISOString();
  const clean = cleanRowInput(input);
  const id = `manual:${crypto.randomUUID()}`;
  await db.transaction('rw', tables(db), async () => {
    const account = await manualAccount(db, accountId);
    const row: TransactionRow = {
      id, connectionId: MANUAL_CONNECTION_ID, accountId, amountMinor: clean.amountMinor, currency: account.currency, date: clean.date,
      authorizedDate: null, description: clean.description, merchant: null, category: null, pending: false, pendingId: null,
      note: clean.note ?? null, listKey: listKeyOf({ date: clean.date, id }), removedAt: null, firstSeenAt: at, updatedAt: at,
    };
    await ensureCursor(db, at);
    await db.transactions.add(row);
    await moveLiveRows(db, MANUAL_CONNECTION_ID, 1);
    await moveManualBalances(db, new Map([[accountId, clean.amountMinor]]), at);
  });
  notifyIndex(db, { ids: [id] });
  return id;
}

async function localRow(db: LedgerlineDb, id: string): Promise<TransactionRow> {
  const row = await db.transactions.get(id);
  if (!row || row.listKey === undefined || !isLocalRowId(id)) throw new ManualAccountError('This transaction is no longer here, or came from a bank sync.');
  return row;
}

/** Edits a typed-in or imported row: date, description, amount, note. The account's balance moves by the difference. */
export async function editManualTransaction(db: LedgerlineDb, id: string, input: ManualTransactionInput, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  const clean = cleanRowInput(input);
  await db.transaction('rw', tables(db), async () => {
    const row = await localRow(db, id);
    await db.transactions.put({
      ...row, date: clean.date, description: clean.description, amountMinor: clean.amountMinor, note: clean.note ?? null,
      listKey: listKeyOf({ date: clean.date, id }), updatedAt: at,
    });
    await moveManualBalances(db, new Map([[row.accountId, clean.amountMinor - row.amountMinor]]), at);
  });
  notifyIndex(db, { ids: [id] });
}

/** Deletes a typed-in or imported row (for good: no provider will send it again); the balance moves back. */
export async function deleteManualTransaction(db: LedgerlineDb, id: string, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.transaction('rw', tables(db), async () => {
    const row = await localRow(db, id);
    await db.transferDecisions.where('outId').equals(id).delete();
    await db.transferDecisions.where('inId').equals(id).delete();
    await db.transactions.delete(id);
    await moveLiveRows(db, row.connectionId, -1);
    await moveManualBalances(db, new Map([[row.accountId, -row.amountMinor]]), at);
  });
  notifyIndex(db, { ids: [id] });
}
