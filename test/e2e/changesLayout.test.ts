import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { stopAll } from './support/app';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore, readChanges } from './support/idb';
import { findOverlaps } from './support/overlap';
import type { AccountRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// The Changes view holds real data: dates from last year, 300-character descriptions in several
// scripts with emoji, long account names, seven-digit amounts in CAD and USD — at 960, 1280 and
// 1440 px, light and dark. Measured, not eyeballed: within a change row, its header and each field
// diff, no part's visible text or painted box may intersect its neighbour's (support/overlap.ts).
// The bank's clock and the page's are pinned to the same January day, so "last year" is 2025.
const clientId = 'ledgerline-changes-layout';
const secret = 'changes-layout-secret-4242';
const NOW = new Date('2026-01-06T15:00:00Z');
const WIDTHS = [960, 1280, 1440] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Every container whose children sit side by side (or wrap), checked child against child. */
const CONTAINERS = ['.change', '.change__headline', '.change__meta', '.field-diff__values', '.field-diffs', '.amount-pair', '.run__header', '.run__title', '.run__counts', '.older__line'];

const LONG = 'Überweisung 🧾 Café «Le Zèbre» — 東京都渋谷区 ☕️ ПЕРЕВОД Ελληνικά 🚀 مرحبا 👩‍👩‍👧‍👦 ';
const longText = (tag: string) => `${tag} ${LONG.repeat(6)}`.slice(0, 300);
const LONG_ACCOUNT = 'Everyday Checking — Joint account of Alexandra Montgomery-Fitzgerald and Jean-Baptiste Oyelaran-Castellanos';

let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

async function refresh(): Promise<void> {
  const before = (await readStore(page, 'syncRuns')).length;
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
}

async function burst(spec: Record<string, number>): Promise<void> {
  const itemId = bank.items()[0]?.item_id ?? '';
  const res = await fetch(`${bank.plaidUrl}/__admin/burst`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item_id: itemId, authorize: 0, post: 0, add: 0, modify: 0, remove: 0, ...spec, on_refresh: true }),
  });
  expect(res.status).toBe(200);
}

/** The rows the last run names, rewritten as real data is: long, multilingual, large, and from last year. */
async function makeRealData(): Promise<void> {
  const runs = await readStore<SyncRunRow>(page, 'syncRuns');
  const last = runs.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).at(-1);
  const changes = (await readChanges(page)).filter((c) => c.runId === last?.id);
  const ids = new Set(changes.flatMap((c) => [c.txId, ...(c.relatedId ? [c.relatedId] : [])]));
  const rows = (await readStore<TransactionRow>(page, 'transactions')).filter((t) => ids.has(t.id));
  const accounts = await readStore<AccountRow>(page, 'accounts');
  let i = 0;
  const edited = rows.map((t) => {
    const k = i++;
    return {
      ...t, description: longText(`#${k}`), merchant: k % 2 === 0 ? null : longText(`M${k}`),
      date: k % 3 === 0 ? '2025-07-19' : t.date, currency: k % 2 === 0 ? 'CAD' : 'USD',
      amountMinor: (k % 2 === 0 ? -1 : 1) * (987_654_321 - k),
    };
  });
  const renamed = accounts.map((a) => ({ ...a, name: LONG_ACCOUNT }));
  await page.evaluate(({ edited, renamed }) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('ledgerline');
    open.onsuccess = () => {
      const tx = open.result.transaction(['accounts', 'transactions'], 'readwrite');
      for (const r of edited) tx.objectStore('transactions').put(r);
      for (const a of renamed) tx.objectStore('accounts').put(a);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), { edited, renamed });
}

describe.skipIf(!hasChromium)('Changes view layout with real data', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 1515, clientId, secret, tickIntervalMs: null, now: () => NOW, profile: { historyDays: 40 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    await page.clock.install({ time: NOW });
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, bank));

  it('no part of a change row, a field diff or a run header overlaps its neighbour at 960, 1280 and 1440, light and dark', async () => {
    await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
    // Pendings to post, then one refresh that posts, corrects, removes and adds.
    await burst({ authorize: 4 });
    await refresh();
    await burst({ post: 4, add: 12, modify: 3, remove: 2, backfill: 12 });
    await refresh();
    await makeRealData();
    // The sync on launch must not put the bank's names back over the long ones.
    bank.setFaults(bank.items()[0]?.item_id ?? '', { notReady: 1000 });
    await page.reload();
    await page.getByTestId('tab-changes').click();
    const card = page.getByTestId('sync-run').first();
    await card.locator('time[datetime="2025-07-19"]').first().waitFor();
    // Account names arrive by their own live query.
    await expect.poll(() => card.getByTestId('older-summary').first().innerText()).toContain(LONG_ACCOUNT);
    const found: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(250);
        for (const o of await findOverlaps(page, '[data-testid="sync-run"]', CONTAINERS)) {
          found.push(`@${width} ${scheme} in ${o.container}: ${o.a} × ${o.b} (${o.area.width}×${o.area.height}px)`);
        }
        await page.screenshot({ path: screenshotPath(`changes-layout-${width}-${scheme}`) });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
  });
});
