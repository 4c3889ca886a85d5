/**
 * Reads one account's activity window completely and consistently through offset/limit pages.
 *
 * SnapTrade's pages are not snapshots: if its daily sync lands between two pages, every later
 * offset shifts, so a row can be served twice or — worse — skipped. A skipped row would be taken
 * for a deletion (the update restates the window) and tombstoned, and a tombstone is never
 * resurrected: the row would be lost for good. So:
 * - a window that fits in one page is one atomic reply and is accepted as is;
 * - a pass whose `pagination.total` changes between pages is discarded at once;
 * - a multi-page pass is only accepted when a second pass returns exactly the same rows; each
 *   disagreement discards the older pass and reads again, up to `maxRestarts` times.
 * That doubles the requests for windows over one page (a first sync of a long history, or tests
 * with tiny pages); an incremental window is normally a single page.
 */
import type { SnaptradeActivity, SnaptradeActivityPage } from './snaptradeSchemas';

export interface DrainOptions {
  /** Rows per page (SnapTrade: 1..1000). */
  limit: number;
  /** Passes that may be discarded before giving up. */
  maxRestarts: number;
}

export type DrainResult =
  | { kind: 'ok'; rows: SnaptradeActivity[]; pages: number; restarts: number }
  /** The data kept changing under every pass. */
  | { kind: 'unstable'; pages: number; restarts: number };

/** Guards against a server whose `total` never lets the loop end. */
const MAX_PAGES_PER_PASS = 10_000;

type Pass = { consistent: true; rows: SnaptradeActivity[]; pages: number } | { consistent: false; pages: number };

async function readPass(fetchPage: (offset: number) => Promise<SnaptradeActivityPage>): Promise<Pass> {
  const rows: SnaptradeActivity[] = [];
  let total: number | null = null;
  let pages = 0;
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset);
    pages++;
    if (total === null) total = page.pagination.total;
    else if (page.pagination.total !== total) return { consistent: false, pages };
    rows.push(...page.data);
    offset += page.data.length;
    if (offset >= total) return { consistent: rows.length === total, rows, pages };
    // A short page before the end means rows vanished under us; a runaway means `total` lies.
    if (page.data.length === 0 || pages >= MAX_PAGES_PER_PASS) return { consistent: false, pages };
  }
}

const sameRows = (a: readonly SnaptradeActivity[], b: readonly SnaptradeActivity[]): boolean => JSON.stringify(a) === JSON.stringify(b);

export async function drainActivities(fetchPage: (offset: number) => Promise<SnaptradeActivityPage>, options: DrainOptions): Promise<DrainResult> {
  let pages = 0;
  let restarts = 0;
  let previous: SnaptradeActivity[] | null = null;
  for (;;) {
    const pass = await readPass(fetchPage);
    pages += pass.pages;
    if (pass.consistent && pass.pages === 1) return { kind: 'ok', rows: pass.rows, pages, restarts };
    if (pass.consistent && previous !== null && sameRows(previous, pass.rows)) return { kind: 'ok', rows: pass.rows, pages, restarts };
    // The first multi-page pass is not a restart: it is waiting for its confirmation.
    if (!pass.consistent || previous !== null) restarts++;
    if (restarts > options.maxRestarts) return { kind: 'unstable', pages, restarts };
    previous = pass.consistent ? pass.rows : null;
  }
}
