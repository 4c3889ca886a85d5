import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { revertRun } from '../../../../renderer/src/db/revertRun';
import { lastLocalSyncs, takeBackgroundNews } from '../../../../renderer/src/sync/useAutoSync';
import {
  DEFAULT_BACKGROUND_SETTINGS, loadBackgroundSettings, NOTIFIED_UP_TO_KEY, parseBackgroundSettings, saveBackgroundSettings,
} from '../../../../renderer/src/hooks/useBackgroundSettings';
import type { SyncTrigger } from '../../../../shared/types';
import { tx, update } from '../../../support/db/fixtures';

let n = 0;
async function freshDb(): Promise<LedgerlineDb> {
  const db = openDb(`bg-news-${++n}`);
  await db.connections.put({ id: 'c1', provider: 'plaid', institutionName: 'First Platypus Bank', demo: true, createdAt: '2026-11-01T00:00:00.000Z' });
  return db;
}
const sync = (db: LedgerlineDb, from: string | null, next: string, ids: string[], trigger: SyncTrigger, amount = -1000) =>
  applyUpdate(db, update(from, next, ids.map((id) => tx(id, { amountMinor: id.endsWith('big') ? -987_65 : amount }))), { trigger, startedAt: new Date().toISOString() });

describe('background sync settings', () => {
  it('defaults to every 4 hours with notifications off, and ignores unreadable stored values', async () => {
    expect(DEFAULT_BACKGROUND_SETTINGS).toEqual({ intervalMs: 4 * 3_600_000, notify: false });
    expect(parseBackgroundSettings('not json')).toEqual(DEFAULT_BACKGROUND_SETTINGS);
    expect(parseBackgroundSettings(JSON.stringify({ intervalMs: 5, notify: true }))).toEqual(DEFAULT_BACKGROUND_SETTINGS);
    expect(parseBackgroundSettings(JSON.stringify({ intervalMs: null, notify: true }))).toEqual({ intervalMs: null, notify: true });
    const db = await freshDb();
    expect(await loadBackgroundSettings(db)).toEqual(DEFAULT_BACKGROUND_SETTINGS);
  });

  it('turning notifications on starts them from now; turning them on again does not move the start', async () => {
    const db = await freshDb();
    await saveBackgroundSettings(db, { notify: true }, new Date('2026-11-21T10:00:00.000Z'));
    expect((await db.meta.get(NOTIFIED_UP_TO_KEY))?.value).toBe('2026-11-21T10:00:00.000Z');
    await saveBackgroundSettings(db, { intervalMs: 3_600_000 }, new Date('2026-11-21T11:00:00.000Z'));
    expect((await db.meta.get(NOTIFIED_UP_TO_KEY))?.value).toBe('2026-11-21T10:00:00.000Z');
    expect(await loadBackgroundSettings(db)).toEqual({ intervalMs: 3_600_000, notify: true });
  });
});

describe('takeBackgroundNews', () => {
  it('announces background runs with new transactions once, and never an import or a Refresh now', async () => {
    const db = await freshDb();
    await sync(db, null, 'K1', ['t1', 't2'], 'launch'); // the first sync: an import, before notifications were on
    await saveBackgroundSettings(db, { notify: true }, new Date(Date.now() - 1));
    await sync(db, 'K1', 'K2', ['t3'], 'manual'); // the user asked: no notification for it
    expect(await takeBackgroundNews(db)).toBeNull();

    await sync(db, 'K2', 'K3', ['t4', 't5big'], 'timer');
    await sync(db, 'K3', 'K4', ['t6'], 'resume');
    const news = await takeBackgroundNews(db);
    expect(news?.title).toBe('3 new transactions');
    expect(news?.body).toMatch(/^First Platypus Bank: 3 new\. Largest: -\$987\.65\.$/);
    // Taken: the same runs are never announced twice (another window would find nothing either).
    expect(await takeBackgroundNews(db)).toBeNull();
  });

  it('an import after the toggle is still not news', async () => {
    const db = await freshDb();
    await saveBackgroundSettings(db, { notify: true }, new Date(Date.now() - 1));
    await sync(db, null, 'K1', ['t1'], 'timer');
    expect(await takeBackgroundNews(db)).toBeNull();
  });

  it('nothing happens while notifications were never turned on', async () => {
    const db = await freshDb();
    await sync(db, null, 'K1', ['t1'], 'launch');
    await sync(db, 'K1', 'K2', ['t2'], 'timer');
    expect(await takeBackgroundNews(db)).toBeNull();
    expect(await db.meta.get(NOTIFIED_UP_TO_KEY)).toBeUndefined();
  });
});

describe('lastLocalSyncs', () => {
  it('an undo is recorded as a run but is not a sync: the next background sync is not put off by it', async () => {
    const db = await freshDb();
    await applyUpdate(db, update(null, 'K1', [tx('t1')]), { trigger: 'launch', startedAt: '2026-11-21T08:00:00.000Z', now: () => new Date('2026-11-21T08:00:00.000Z') });
    const applied = await applyUpdate(db, update('K1', 'K2', [tx('t2')]), { trigger: 'timer', startedAt: '2026-11-21T09:00:00.000Z', now: () => new Date('2026-11-21T09:00:00.000Z') });
    await revertRun(db, applied.outcome === 'applied' ? applied.runId : '', new Date('2026-11-21T13:00:00.000Z'));
    expect((await lastLocalSyncs(db)).get('c1')).toBe('2026-11-21T09:00:00.000Z');
  });
});
