/**
 * What the first screen needs — the list's total, its newest page and the accounts — read once as
 * the app boots, in one read-only transaction started before React renders anything: by the page's
 * boot script before the bundle has even run (bootRead.ts), or failing that here, through Dexie. Each of these
 * also has its live query (which keeps it current), but a live query only starts once its
 * component has mounted, and answers several task hops later through Dexie's scheduling: traced at
 * start, the list's rows came ~200 ms after the database could have given them. Until a component's
 * own live query answers, it shows these values (`useWarm`).
 *
 * They are the boot's values, not live ones: a write to any of the three tables after the boot
 * retires them (Dexie's documented `storagemutated` event), so a view mounted later never shows
 * them; a component that already shows one keeps it until its live query answers.
 */
import { useState, useSyncExternalStore } from 'react';
import Dexie from 'dexie';
import type { BootRead } from './bootRead';
import { liveRowCount, liveRowsOf } from './liveCount';
import type { AccountRow, LedgerlineDb, TransactionRow } from './schema';

export interface WarmStart {
  /** The list's total (liveRowCount). */
  count: number;
  /** The newest `pageSize` rows through `listKey`. */
  rows: readonly TransactionRow[];
  accounts: readonly AccountRow[];
}

let current: { db: LedgerlineDb; value: WarmStart | null } | null = null;
/** Whether the list's first page has taken the rows (they are handed over once: see takeWarmRows). */
let rowsTaken = false;
const listeners = new Set<() => void>();
const WATCHED = ['transactions', 'cursors', 'accounts'];

function set(next: typeof current): void {
  current = next;
  for (const listener of listeners) listener();
}

/**
 * Starts the boot read of `db` (once per window): takes `early`'s values (the page's own boot
 * read, begun before the bundle ran) if it has them, else reads them through Dexie.
 */
export function startWarmStart(db: LedgerlineDb, pageSize: number, early: Promise<BootRead | null> | null = null): void {
  const entry: NonNullable<typeof current> = { db, value: null };
  rowsTaken = false;
  set(entry);
  const retire = (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((key) => WATCHED.some((t) => key.startsWith(`idb://${db.name}/${t}/`)))) return;
    Dexie.on('storagemutated').unsubscribe(retire);
    if (current === entry) set(null);
  };
  Dexie.on('storagemutated', retire);
  const read = () => db.transaction('r', [db.cursors, db.transactions, db.accounts], async () => {
    const [count, rows, accounts] = await Promise.all([
      liveRowCount(db),
      db.transactions.orderBy('listKey').reverse().limit(pageSize).toArray(),
      db.accounts.toArray(),
    ]);
    return { count, rows, accounts };
  });
  // The page's boot read (db/bootRead.ts) if it answered; it usually has by now, and then the
  // values are set in this task's microtasks, before React's first render.
  const fromBoot = (boot: BootRead | null): WarmStart | null => {
    const count = boot ? liveRowsOf(boot.cursors) : null;
    return boot && count !== null ? { count, rows: boot.rows.slice(0, pageSize), accounts: boot.accounts } : null;
  };
  (early ?? Promise.resolve(null)).then((boot) => fromBoot(boot) ?? read()).then(
    (value) => {
      if (current !== entry) return; // retired before it answered
      entry.value = value;
      set(entry);
    },
    () => undefined, // the live queries report any failure
  );
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** The boot's values for `db`, or null (not read yet, or retired). */
export const warmStartOf = (db: LedgerlineDb): WarmStart | null => (current?.db === db ? current.value : null);

/** Resolves once the boot's read of `db` has answered or been retired (for tests). */
export function warmStartSettled(db: LedgerlineDb): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (current?.db !== db || current.value !== null) {
        listeners.delete(check);
        resolve();
      }
    };
    listeners.add(check);
    check();
  });
}

export function useWarmStart(db: LedgerlineDb): WarmStart | null {
  return useSyncExternalStore(subscribe, () => warmStartOf(db));
}

/**
 * `live` once the component's live query has answered; until then the boot's `warm` value, held
 * once shown so that its retirement does not blank what is on screen.
 */
export function useWarm<T>(live: T | undefined, warm: T | undefined): T | undefined {
  const [held, setHeld] = useState<T | undefined>(warm);
  // React's "adjusting state while rendering": kept from the render that showed it.
  if (live === undefined && warm !== undefined && held !== warm) setHeld(warm);
  return live ?? warm ?? held;
}

/** The boot's newest page, if the list has not taken it yet (a peek: see takeWarmRows). */
export function peekWarmRows(db: LedgerlineDb): readonly TransactionRow[] | null {
  return !rowsTaken && current?.db === db ? current.value?.rows ?? null : null;
}

/** Hands the boot's newest page to the list once; later pages read their own. */
export function takeWarmRows(db: LedgerlineDb): readonly TransactionRow[] | null {
  const rows = peekWarmRows(db);
  if (rows) rowsTaken = true;
  return rows;
}
