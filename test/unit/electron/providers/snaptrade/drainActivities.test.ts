import { describe, expect, it } from 'vitest';
import { drainActivities } from '../../../../../electron/providers/snaptrade/drainActivities';
import type { SnaptradeActivity, SnaptradeActivityPage } from '../../../../../electron/providers/snaptrade/snaptradeSchemas';

const rows = (ids: string[]): SnaptradeActivity[] => ids.map((id) => ({ id }));

/** Serves offset/limit pages of whatever `current()` holds at the moment of each request. */
function server(current: (request: number) => string[], limit: number) {
  let requests = 0;
  const fetchPage = async (offset: number): Promise<SnaptradeActivityPage> => {
    const all = current(requests++);
    return { data: rows(all.slice(offset, offset + limit)), pagination: { offset, limit, total: all.length } };
  };
  return { fetchPage, requests: () => requests };
}

const ids = (n: number, prefix = 'a'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('drainActivities', () => {
  it('accepts a window that fits in one page after one request', async () => {
    const s = server(() => ids(3), 10);
    expect(await drainActivities(s.fetchPage, { limit: 10, maxRestarts: 5 })).toEqual({ kind: 'ok', rows: rows(ids(3)), pages: 1, restarts: 0 });
    expect(await drainActivities(server(() => [], 10).fetchPage, { limit: 10, maxRestarts: 5 })).toEqual({ kind: 'ok', rows: [], pages: 1, restarts: 0 });
  });

  it('confirms a multi-page window with a second identical pass', async () => {
    const s = server(() => ids(7), 3);
    expect(await drainActivities(s.fetchPage, { limit: 3, maxRestarts: 5 })).toEqual({ kind: 'ok', rows: rows(ids(7)), pages: 6, restarts: 0 });
  });

  it('never returns a pass in which a row was skipped because rows shifted between pages', async () => {
    // After the first page, the newest row is deleted: every later offset moves by one, and a
    // naive drain would skip a1. The total changes, so the pass is discarded and read again.
    const before = ids(7);
    const after = before.slice(1);
    const s = server((request) => (request === 0 ? before : after), 3);
    const result = await drainActivities(s.fetchPage, { limit: 3, maxRestarts: 5 });
    expect(result).toMatchObject({ kind: 'ok', rows: rows(after) });
    expect(result.restarts).toBeGreaterThan(0);
  });

  it('catches a change that keeps the total (an id re-issued mid-drain) by comparing two passes', async () => {
    const before = ids(6);
    const after = ['z0', ...before.slice(1)]; // a0 re-issued as z0, same place
    const s = server((request) => (request < 1 ? before : after), 3);
    const result = await drainActivities(s.fetchPage, { limit: 3, maxRestarts: 5 });
    expect(result).toMatchObject({ kind: 'ok', rows: rows(after), restarts: 1 });
  });

  it('gives up when the data keeps changing under every pass', async () => {
    const s = server((request) => ids(6, `r${request}-`), 3);
    expect(await drainActivities(s.fetchPage, { limit: 3, maxRestarts: 2 })).toMatchObject({ kind: 'unstable', restarts: 3 });
  });

  it('treats a page that comes back short before the end as inconsistent', async () => {
    let n = 0;
    const fetchPage = async (offset: number): Promise<SnaptradeActivityPage> => {
      n++;
      const data = n === 2 ? [] : rows(ids(4).slice(offset, offset + 2));
      return { data, pagination: { offset, limit: 2, total: 4 } };
    };
    expect(await drainActivities(fetchPage, { limit: 2, maxRestarts: 5 })).toMatchObject({ kind: 'ok', rows: rows(ids(4)), restarts: 1 });
  });
});
