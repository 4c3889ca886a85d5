/**
 * The pieces the sync models (test/integration/syncModel/) drive the real sync path with: an
 * in-process stand-in for the IPC bridge, a trap that aborts the Dexie apply transaction halfway,
 * database snapshots, the comparison of the stored rows with the bank's truth (also used by the
 * providers' apply tests), and a classifier that names what changed at Plaid's demo bank between
 * two looks at it. Just over 300 lines: the bridge stand-in and the Dexie trap are each one piece.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, Middleware } from 'dexie';
import type { ProviderAdapter } from '../../../electron/providers/adapter';
import { PullStreams } from '../../../electron/services/pullStreams';
import { StreamFold } from '../../../renderer/src/db/applyStream';
import type { PlaidTransactionWire } from '../../../electron/demo-banks/plaid/plaidBank';
import { contract, type ChannelInput, type ChannelOutput } from '../../../shared/ipc/contract';
import type { SyncApi } from '../../../renderer/src/sync/runSync';
import type { Account, PullResult, Transaction } from '../../../shared/types';
import { LOCAL_FIELDS } from '../../../renderer/src/db/rowFields';
import { listKeyOf, openDb, type LedgerlineDb, type TransactionRow } from '../../../renderer/src/db/schema';
import { pullFolded } from '../../../electron/providers/foldingSink';
import { allChanges } from '../../../renderer/src/db/changeLog';

// ─── Main, in process ───────────────────────────────────────────────────────────────────────────

export interface InProcessMain {
  /** The adapter main would pull with right now; the model swaps SDK client and page size between syncs. */
  adapter(): ProviderAdapter;
  /** The provider's id for the connection (Plaid item_id). */
  externalId: string;
  /** The connection's own secret, for providers that have one (Plaid's access token). */
  accessToken: string | null;
}

/**
 * Runs after main produced a pull result and before the renderer receives it. Throwing from it is
 * the renderer dying with the reply in flight; it may also close the database under the sync.
 */
export type ReplyHook = (result: PullResult) => Promise<void>;

/**
 * The sync part of `LedgerlineApi`, without a transport: `pull` validates its input like the IPC dispatcher does,
 * calls the real Plaid adapter, and hands back a contract-parsed copy, so the renderer never shares
 * an object with "main" (structured clone / JSON would give it a copy too).
 */
export class InProcessApi implements SyncApi {
  /** One-shot: consumed by the next pull. */
  replyHook: ReplyHook | null = null;
  readonly replies: PullResult[] = [];
  readonly reports: ChannelInput<'sync:report'>[] = [];

  constructor(private readonly main: InProcessMain) {}

  async pull(input: ChannelInput<'sync:pull'>): Promise<ChannelOutput<'sync:pull'>> {
    const { connectionId, cursor } = contract['sync:pull'].input.parse(input);
    const result = await pullFolded((sink) => this.main.adapter().pull({ connectionId, externalId: this.main.externalId, accessToken: this.main.accessToken, cursor }, sink));
    const reply = contract['sync:pull'].output.parse(result);
    this.replies.push(reply);
    const hook = this.replyHook;
    this.replyHook = null;
    if (hook) await hook(reply);
    return reply;
  }

  private readonly streams = new PullStreams();
  /** Each open stream's rows so far, so its reply can be recorded (and replayed) as one update. */
  private readonly streamed = new Map<string, StreamFold>();

  /** A streamed first sync through main's real stream machinery and the real adapter. */
  async pullStream(input: ChannelInput<'sync:pullStream'>): Promise<ChannelOutput<'sync:pullStream'>> {
    const { connectionId } = contract['sync:pullStream'].input.parse(input);
    const ref = { connectionId, externalId: this.main.externalId, accessToken: this.main.accessToken, cursor: null };
    const { streamId, done } = this.streams.start(connectionId, (sink) => this.main.adapter().pull(ref, sink));
    done.catch(() => undefined); // a stream its reader abandoned ends in a rejection nobody waits for
    this.streamed.set(streamId, new StreamFold());
    return contract['sync:pullStream'].output.parse({ streamId });
  }

  /** The next chunk; the last one is recorded as this pull's reply and passes the reply hook first. */
  async pullNext(input: ChannelInput<'sync:pullNext'>): Promise<ChannelOutput<'sync:pullNext'>> {
    const { streamId } = contract['sync:pullNext'].input.parse(input);
    const chunk = contract['sync:pullNext'].output.parse(await this.streams.next(streamId));
    const fold = this.streamed.get(streamId);
    if (!fold) throw new Error(`no stream ${streamId}`);
    if (chunk.kind === 'rows' || chunk.kind === 'restart') {
      fold.add(chunk);
      return chunk;
    }
    this.streamed.delete(streamId);
    const reply: PullResult = chunk.kind === 'done'
      ? { kind: 'update', update: fold.update(chunk.update) }
      : chunk.kind === 'waiting' ? { kind: 'waiting', message: chunk.message, retryAt: chunk.retryAt } : { kind: 'error', error: chunk.error };
    this.replies.push(reply);
    const hook = this.replyHook;
    this.replyHook = null;
    if (hook) await hook(reply);
    return chunk;
  }

  async requestRefresh(): Promise<ChannelOutput<'sync:refresh'>> {
    return { requested: false, message: null, availableAt: null };
  }

  async reportSync(input: ChannelInput<'sync:report'>): Promise<void> {
    this.reports.push(contract['sync:report'].input.parse(input));
  }

}

// ─── The database, with a crash switch ──────────────────────────────────────────────────────────

/**
 * A DBCore middleware that, once armed, fails the next write to `cursors`. applyUpdate writes the
 * cursor last, after the rows, the run and its changes, so this aborts the apply transaction at the
 * worst moment: everything else is already written inside it and must still all roll back.
 */
export class CursorWriteTrap {
  private armed = false;

  readonly middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'model-cursor-write-trap',
    create: (down) => ({
      ...down,
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        if (name !== 'cursors') return table;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
            if (!this.armed) return table.mutate(req);
            this.armed = false;
            return Promise.reject(new Error('simulated crash while writing the cursor'));
          },
        };
      },
    }),
  };

  arm(): void {
    this.armed = true;
  }

  /** True if armed and not yet fired (the sync never reached the cursor write). */
  get pending(): boolean {
    return this.armed;
  }

  disarm(): void {
    this.armed = false;
  }
}

export function openModelDb(name: string, trap: CursorWriteTrap): LedgerlineDb {
  return openDb(name).use(trap.middleware);
}

/** Every table, in primary-key order: two snapshots are equal iff nothing was written in between. */
export async function snapshotDb(db: LedgerlineDb) {
  return {
    connections: await db.connections.toArray(),
    cursors: await db.cursors.toArray(),
    accounts: await db.accounts.toArray(),
    transactions: await db.transactions.toArray(),
    syncRuns: await db.syncRuns.toArray(),
    changes: await allChanges(db),
    suggestions: await db.suggestions.toArray(),
    meta: await db.meta.toArray(),
    heldUpdates: await db.heldUpdates.toArray(),
  };
}
export type DbSnapshot = Awaited<ReturnType<typeof snapshotDb>>;

/** Null when the snapshots are equal; otherwise one short line per table that changed. */
export function snapshotChange(before: DbSnapshot, after: DbSnapshot): string | null {
  const lines: string[] = [];
  for (const table of Object.keys(before) as (keyof DbSnapshot)[]) {
    const a = before[table].map((row) => JSON.stringify(row));
    const b = after[table].map((row) => JSON.stringify(row));
    if (a.length === b.length && a.every((row, i) => row === b[i])) continue;
    const i = a.findIndex((row, k) => row !== b[k]);
    const first = i === -1 ? b[a.length] : a[i];
    lines.push(`${table}: ${a.length} → ${b.length} rows; first difference at ${(first ?? '').slice(0, 160)}`);
  }
  return lines.length === 0 ? null : lines.join('\n');
}

// ─── Stored rows against the bank ───────────────────────────────────────────────────────────────

export interface Comparison {
  compared: number;
  /** At the bank, but not a live row in the list index (missing, tombstoned, or without a listKey). */
  lost: string[];
  /** An id listed twice, or a pending row still live next to the posted row that replaced it. */
  duplicated: string[];
  /** Live and listed, but the bank no longer has it (a removal that was not applied). */
  extra: string[];
  /** Same id, some field differs from the bank's row. */
  differing: string[];
  /** Live again after having been a tombstone. */
  resurrected: string[];
}

export const comparisonFailed = (c: Comparison): boolean =>
  c.lost.length + c.duplicated.length + c.extra.length + c.differing.length + c.resurrected.length > 0;

/** The provider's fields alone: Ledgerline's bookkeeping, links and the user's fields are not the bank's. */
function stripRow(row: TransactionRow): Transaction {
  const tx: Record<string, unknown> = { ...row };
  for (const field of LOCAL_FIELDS) delete tx[field];
  return tx as unknown as Transaction;
}

/** Field-by-field equality of two flat records, whatever order their keys were written in. */
export function sameFields(a: object, b: object | undefined): boolean {
  if (b === undefined) return false;
  const canonical = (o: object) => JSON.stringify(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
}

/**
 * Adds every tombstone to `everTombstoned` and returns the ids that are live again. Plaid never
 * reuses a transaction id, so an id that was once removed must never come back.
 */
export function noteTombstones(rows: readonly TransactionRow[], everTombstoned: Set<string>): string[] {
  for (const row of rows) if (row.removedAt !== null) everTombstoned.add(row.id);
  return rows.filter((row) => row.removedAt === null && everTombstoned.has(row.id)).map((row) => row.id);
}

/**
 * Compares what the user would see (live rows that are in the list index) with the bank's live set.
 * `everTombstoned` accumulates across the whole run (see noteTombstones).
 */
export function compareWithTruth(rows: readonly TransactionRow[], expected: readonly Transaction[], everTombstoned: Set<string>): Comparison {
  const out: Comparison = { compared: 0, lost: [], duplicated: [], extra: [], differing: [], resurrected: noteTombstones(rows, everTombstoned) };
  const listed = new Map<string, Transaction>();
  for (const row of rows) {
    if (row.removedAt !== null) {
      // A tombstone that kept its listKey would still show in the lists.
      if (row.listKey !== undefined) out.extra.push(row.id);
      continue;
    }
    if (row.listKey !== listKeyOf(row)) continue; // live but invisible: counted as lost below
    if (listed.has(row.id)) out.duplicated.push(row.id);
    listed.set(row.id, stripRow(row));
  }
  const want = new Map(expected.map((t) => [t.id, t]));
  const replacedPendings = new Set([...listed.values()].flatMap((t) => (t.pendingId === null ? [] : [t.pendingId])));
  for (const [id, tx] of want) {
    out.compared++;
    const got = listed.get(id);
    if (got === undefined) out.lost.push(id);
    else if (!sameFields(got, tx)) out.differing.push(id);
  }
  for (const id of listed.keys()) {
    if (want.has(id)) continue;
    if (replacedPendings.has(id)) out.duplicated.push(id);
    else out.extra.push(id);
  }
  return out;
}

/**
 * How many changes a pull from the stored cursor will carry: rows the bank added, changed or
 * removed since. The bank nets its log per id, so this is exactly the window's length.
 */
export function netChangeCount(rows: readonly TransactionRow[], expected: readonly Transaction[]): number {
  const c = compareWithTruth(rows, expected, new Set());
  return c.lost.length + c.differing.length + c.extra.length + c.duplicated.length;
}

/** Accounts as stored, without the local bookkeeping, in id order. */
export function storedAccounts(rows: readonly (Account & { updatedAt: string })[]): Account[] {
  return rows.map(({ updatedAt: _updatedAt, ...a }) => a).sort((a, b) => a.id.localeCompare(b.id));
}

// ─── What happened at the bank ──────────────────────────────────────────────────────────────────

export const BANK_EVENT_KINDS = [
  'newPending', 'postedAmountChanged', 'postedUnchanged', 'pendingVanished', 'postedModified', 'postedRemoved', 'newPosted',
] as const;
export type BankEventKind = (typeof BANK_EVENT_KINDS)[number];

/**
 * Names the net change between two looks at the bank's live set. Several steps between two looks
 * can hide an event (a pending authorized and released in between); the counts are what a syncing
 * client could see, which is what the model is about.
 */
export function classifyBankEvents(before: ReadonlyMap<string, PlaidTransactionWire>, after: ReadonlyMap<string, PlaidTransactionWire>): Record<BankEventKind, number> {
  const counts = Object.fromEntries(BANK_EVENT_KINDS.map((k) => [k, 0])) as Record<BankEventKind, number>;
  const postedFrom = new Set<string>();
  for (const [id, t] of after) {
    const was = before.get(id);
    if (was !== undefined) {
      if (JSON.stringify(was) !== JSON.stringify(t)) counts.postedModified++;
      continue;
    }
    if (t.pending) {
      counts.newPending++;
      continue;
    }
    const pending = t.pending_transaction_id === null ? undefined : before.get(t.pending_transaction_id);
    if (pending === undefined) {
      counts.newPosted++;
      continue;
    }
    postedFrom.add(pending.transaction_id);
    if (pending.amount === t.amount) counts.postedUnchanged++;
    else counts.postedAmountChanged++;
  }
  for (const [id, t] of before) {
    if (after.has(id) || postedFrom.has(id)) continue;
    if (t.pending) counts.pendingVanished++;
    else counts.postedRemoved++;
  }
  return counts;
}
