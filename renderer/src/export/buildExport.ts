/**
 * Builds an export file from the local database: the rows of the current filter (ids from the
 * ledger index) or every live row, read in chunks of 2,000 inside ONE read transaction (a sync that
 * lands meanwhile waits, so the file is one consistent snapshot), each turned into an `ExportTx`
 * (effective category label, account name and mask), then written as CSV chunks or OFX.
 */
import { explainCategory, rulesByKey, type RulesByKey } from '../../../shared/categories/rules';
import { buildCatalog, isCustomCategory, type CategoryCatalog } from '../../../shared/categories/customCategories';
import { csvHeader, csvRecord } from '../../../shared/export/csv';
import type { ExportTx } from '../../../shared/export/exportTx';
import { toOfx, type OfxAccount } from '../../../shared/export/ofx';
import { localDate } from '../../../shared/isoDate';
import type { AccountRow, LedgerlineDb, TransactionRow } from '../db/schema';

export const EXPORT_CHUNK = 2_000;

export type ExportFormat = 'csv' | 'ofx';

/** `ids`: the current filter's matches in list order; `all`: every live row, newest first. */
export type ExportScope = { kind: 'ids'; ids: readonly string[] } | { kind: 'all' };

export interface ExportProgress {
  done: number;
  /** Known for an id list; for everything, the count when the export started. */
  total: number;
}

export interface BuiltExport {
  content: string;
  /** Transactions written to the file. */
  written: number;
  /** OFX only: rows left out. */
  skippedPending: number;
  skippedInvestment: number;
}

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled');
  }
}

/** What names a row's category: the rules, and the catalog (the user's own categories by id). */
interface Naming {
  rules: RulesByKey;
  catalog: CategoryCatalog;
}

function toExportTx(row: TransactionRow, account: AccountRow | undefined, naming: Naming): ExportTx {
  return {
    id: row.id,
    accountId: row.accountId,
    date: row.date,
    description: row.description,
    merchant: row.merchant,
    categoryLabel: explainCategory(row, naming.rules, naming.catalog).label,
    amountMinor: row.amountMinor,
    currency: row.currency,
    pending: row.pending,
    accountName: account ? account.name : '',
    accountMask: account?.mask ?? null,
    note: row.note?.trim() ? row.note : null,
    activityType: row.activityType ?? null,
    symbol: row.symbol ?? null,
    units: row.units ?? null,
    price: row.price ?? null,
    feeMinor: row.feeMinor ?? null,
    excluded: !!row.excludedAt,
    tags: row.tags ?? null,
  };
}

const isLive = (row: TransactionRow | undefined): row is TransactionRow => row !== undefined && !row.removedAt && row.listKey !== undefined;

/**
 * Reads the scope's live rows in chunks, calling `onBatch` with each chunk (in list order). Runs
 * inside one readonly Dexie transaction.
 */
async function readBatches(
  db: LedgerlineDb,
  scope: ExportScope,
  onBatch: (rows: TransactionRow[], accounts: ReadonlyMap<string, AccountRow>, naming: Naming) => void,
  onProgress: (p: ExportProgress) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  await db.transaction('r', [db.transactions, db.accounts, db.rules, db.customCategories], async () => {
    const accounts = new Map((await db.accounts.toArray()).map((a) => [a.id, a]));
    const naming: Naming = {
      rules: rulesByKey(await db.rules.toArray()),
      catalog: buildCatalog((await db.customCategories.toArray()).filter(isCustomCategory)),
    };
    if (scope.kind === 'ids') {
      const total = scope.ids.length;
      for (let i = 0; i < total; i += EXPORT_CHUNK) {
        if (signal?.aborted) throw new ExportCancelled();
        const rows = (await db.transactions.bulkGet(scope.ids.slice(i, i + EXPORT_CHUNK))).filter(isLive);
        onBatch(rows, accounts, naming);
        onProgress({ done: Math.min(total, i + EXPORT_CHUNK), total });
      }
      return;
    }
    const total = await db.transactions.where('listKey').above('').count();
    // Keyset pagination on listKey, newest first: each chunk starts below the last key read.
    let below = '\uffff';
    let done = 0;
    for (;;) {
      if (signal?.aborted) throw new ExportCancelled();
      const rows = await db.transactions.where('listKey').between('', below, false, false).reverse().limit(EXPORT_CHUNK).toArray();
      if (rows.length === 0) break;
      below = rows.at(-1)?.listKey ?? '';
      const live = rows.filter(isLive);
      onBatch(live, accounts, naming);
      done += rows.length;
      onProgress({ done, total: Math.max(total, done) });
      if (rows.length < EXPORT_CHUNK) break;
    }
  });
}

function ofxAccount(a: AccountRow): OfxAccount {
  return { id: a.id, name: a.name, mask: a.mask, kind: a.kind, subtype: a.subtype, currency: a.currency, currentMinor: a.currentMinor };
}

export async function buildExport(
  db: LedgerlineDb,
  opts: {
    format: ExportFormat;
    scope: ExportScope;
    /** Write the investment columns (CSV): some account in the export is a brokerage account. */
    investment: boolean;
    now?: Date;
    onProgress?: (p: ExportProgress) => void;
    signal?: AbortSignal;
  },
): Promise<BuiltExport> {
  const progress = opts.onProgress ?? (() => undefined);
  if (opts.format === 'csv') {
    const csvOpts = { investment: opts.investment };
    // One string per chunk of records: never an array of row arrays, never the rows kept.
    const parts: string[] = [csvHeader(csvOpts)];
    let written = 0;
    await readBatches(db, opts.scope, (rows, accounts, rules) => {
      let chunk = '';
      for (const row of rows) chunk += csvRecord(toExportTx(row, accounts.get(row.accountId), rules), csvOpts);
      parts.push(chunk);
      written += rows.length;
    }, progress, opts.signal);
    return { content: parts.join(''), written, skippedPending: 0, skippedInvestment: 0 };
  }
  // OFX groups rows by account, so the rows are kept (compact) until the end.
  const rows: ExportTx[] = [];
  let accountList: AccountRow[] = [];
  await readBatches(db, opts.scope, (batch, accounts, rules) => {
    if (accountList.length === 0) accountList = [...accounts.values()];
    for (const row of batch) rows.push(toExportTx(row, accounts.get(row.accountId), rules));
  }, progress, opts.signal);
  if (accountList.length === 0) accountList = await db.accounts.toArray();
  const result = toOfx(rows, accountList.map(ofxAccount), { generatedAt: opts.now ?? new Date() });
  return { content: result.text, written: result.written, skippedPending: result.skippedPending, skippedInvestment: result.skippedInvestment };
}

/** `ledgerline-transactions-2026-03-20.csv`, `ledgerline-filtered-2026-03-20.ofx`. */
export function exportFileName(format: ExportFormat, filtered: boolean, now: Date = new Date()): string {
  const day = localDate(now);
  return `ledgerline-${filtered ? 'filtered' : 'transactions'}-${day}.${format}`;
}
