/**
 * The transaction list's window onto the database: fixed pages of PAGE_SIZE rows, newest first,
 * read through the `listKey` index. Only the pages under the viewport are live queries (re-read
 * whenever their rows change); a few recently seen pages stay cached so scrolling back is instant,
 * and everything else is dropped, so memory stays flat however large the table grows.
 */
import { liveQuery, type Subscription } from 'dexie';
import type { LedgerlineDb, TransactionRow } from '../db/schema';
import { peekWarmRows, takeWarmRows } from '../db/warmStart';
import { PAGE_SIZE } from '../db/identity';

export { PAGE_SIZE } from '../db/identity';
/** Pages kept beyond the visible ones. */
const SPARE_PAGES = 6;

interface Page {
  rows: readonly TransactionRow[] | null;
  subscription: Subscription | null;
  usedAt: number;
}

/** What both windows share: a version for useSyncExternalStore, its listeners, a read failure. */
abstract class RowWindow {
  private readonly listeners = new Set<() => void>();
  private version = 0;
  protected error: unknown = null;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Changes whenever any cached row does; the snapshot for useSyncExternalStore. */
  readonly getVersion = (): number => this.version;

  /** A read that failed; thrown to the nearest error boundary by the hook. */
  failure(): unknown {
    return this.error;
  }

  protected changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

export class TransactionPages extends RowWindow {
  private readonly pages = new Map<number, Page>();
  private tick = 0;

  constructor(private readonly db: LedgerlineDb) {
    super();
  }

  row(index: number): TransactionRow | undefined {
    const n = Math.floor(index / PAGE_SIZE);
    const page = this.pages.get(n);
    // Before the first `show` (an effect, after the first render), the boot's newest page.
    const rows = page ? page.rows : n === 0 ? peekWarmRows(this.db) : null;
    return rows?.[index % PAGE_SIZE];
  }

  /** Makes pages `first..last` live and releases the rest (keeping a few as a cache). */
  show(first: number, last: number): void {
    const tick = ++this.tick;
    for (let n = first; n <= last; n++) {
      const page = this.pages.get(n) ?? { rows: n === 0 ? takeWarmRows(this.db) : null, subscription: null, usedAt: tick };
      page.usedAt = tick;
      page.subscription ??= this.watch(n);
      this.pages.set(n, page);
    }
    for (const [n, page] of this.pages) {
      if (n < first || n > last) {
        page.subscription?.unsubscribe();
        page.subscription = null;
      }
    }
    const idle = [...this.pages].filter(([, p]) => !p.subscription).sort(([, a], [, b]) => b.usedAt - a.usedAt);
    for (const [n] of idle.slice(SPARE_PAGES)) this.pages.delete(n);
  }

  /** Stops every live query; cached rows stay until the next `show`. */
  release(): void {
    for (const page of this.pages.values()) {
      page.subscription?.unsubscribe();
      page.subscription = null;
    }
  }

  private watch(n: number): Subscription {
    const { db } = this;
    return liveQuery(() =>
      db.transactions.orderBy('listKey').reverse().offset(n * PAGE_SIZE).limit(PAGE_SIZE).toArray(),
    ).subscribe({
      next: (rows) => {
        const page = this.pages.get(n);
        if (!page) return;
        page.rows = rows;
        this.changed();
      },
      error: (e: unknown) => {
        this.error = e;
        this.changed();
      },
    });
  }
}

/** Rows per read of the filtered list: about two screens, so a keystroke reads ~50 rows, not 200. */
export const RESULT_CHUNK = 50;

/**
 * The filtered list's window: the matching ids come from the ledger index (in list order); only
 * the rows of the chunks under the viewport are read, by primary key (one bulkGet per chunk of
 * RESULT_CHUNK ids, each id a get request on the main thread). A row once read is kept while the
 * ledger is unchanged, so the next keystroke reads only the ids it has not seen ("cof" → "coff"
 * reads nothing); a change to the ledger (`invalidate`, on the index's change notice) makes every
 * kept row stale, to be read again, while still shown until then, so typing and syncing never
 * flash skeletons.
 */
export class ResultPages extends RowWindow {
  private ids: readonly string[] = [];
  /** Rows to show, by id: fresh (`fresh`) or stale ones shown until read again. */
  private readonly rows = new Map<string, TransactionRow>();
  /** Ids whose row was read since the ledger last changed. */
  private readonly fresh = new Set<string>();
  /** Ids being read in the current epoch. */
  private readonly reading = new Set<string>();
  /** Chunks of the current id list already asked for. */
  private readonly loaded = new Set<number>();
  /** Bumped by every ledger change: a read begun before one is dropped. */
  private epoch = 0;
  private first = 0;
  private last = -1;

  constructor(private readonly db: LedgerlineDb) {
    super();
  }

  row(index: number): TransactionRow | undefined {
    const id = this.ids[index];
    return id === undefined ? undefined : this.rows.get(id);
  }

  setIds(ids: readonly string[]): void {
    if (ids === this.ids) return;
    this.ids = ids;
    this.loaded.clear();
    this.load();
    this.changed();
  }

  /** The ledger changed: every row read so far may be stale (they stay shown until read again). */
  invalidate(): void {
    this.epoch++;
    this.fresh.clear();
    this.reading.clear();
    this.loaded.clear();
    this.load();
  }

  /** Makes chunks `first..last` (of RESULT_CHUNK rows) the visible ones and reads what they lack. */
  show(first: number, last: number): void {
    this.first = first;
    this.last = last;
    this.load();
  }

  private load(): void {
    for (let n = this.first; n <= this.last; n++) {
      if (this.loaded.has(n) || n * RESULT_CHUNK >= this.ids.length) continue;
      this.loaded.add(n);
      const wanted = this.ids.slice(n * RESULT_CHUNK, (n + 1) * RESULT_CHUNK).filter((id) => !this.fresh.has(id) && !this.reading.has(id));
      if (wanted.length > 0) void this.fetch(wanted, this.epoch);
    }
  }

  private async fetch(ids: readonly string[], epoch: number): Promise<void> {
    for (const id of ids) this.reading.add(id);
    try {
      const rows = await this.db.transactions.bulkGet([...ids]);
      if (epoch !== this.epoch) return;
      ids.forEach((id, i) => {
        this.reading.delete(id);
        this.fresh.add(id);
        const row = rows[i];
        if (row) this.rows.set(id, row);
        else this.rows.delete(id);
      });
      this.prune();
      this.changed();
    } catch (e) {
      if (epoch !== this.epoch) return;
      for (const id of ids) this.reading.delete(id);
      this.error = e;
      this.changed();
    }
  }

  /** Keeps only the rows of the visible chunks and a few screens around them. */
  private prune(): void {
    const margin = (SPARE_PAGES / 2) * PAGE_SIZE;
    const keepFrom = Math.max(0, this.first * RESULT_CHUNK - margin);
    const keepTo = (this.last + 1) * RESULT_CHUNK + margin;
    if (this.rows.size <= keepTo - keepFrom) return;
    const keep = new Set(this.ids.slice(keepFrom, keepTo));
    for (const id of this.rows.keys()) {
      if (keep.has(id)) continue;
      this.rows.delete(id);
      this.fresh.delete(id);
    }
  }
}
