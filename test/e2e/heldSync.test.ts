import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { stopAll } from './support/app';
import { hasChromium, launchBrowser, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { HeldUpdateRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// A suspicious sync is held, not applied (issue 18): the demo bank withdraws most of its posted
// history in one refresh (its `burst` with a large `remove`, deterministic under the seed), the app
// stores a held update and changes nothing else, says "Sync held for review", and the Changes view
// shows what it would do with Apply / Discard; Discard changes nothing and the next sync (from the
// same cursor) holds the withdrawal again; Apply then applies exactly the held update. The bank's clock and
// the page's are pinned to the same day.
const clientId = 'ledgerline-held-sync';
const secret = 'held-sync-secret-8181';
const NOW = new Date('2026-03-10T15:00:00Z');

let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

async function burst(spec: Record<string, number>): Promise<void> {
  const res = await fetch(`${bank.plaidUrl}/__admin/burst`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item_id: bank.items()[0]?.item_id ?? '', authorize: 0, post: 0, add: 0, modify: 0, remove: 0, ...spec, on_refresh: true }),
  });
  expect(res.status).toBe(200);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe violations inside the held card, one line each (as accessibility.test.ts audits views). */
async function auditHeldCard(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Element, options: { resultTypes: string[] }): Promise<AxeResults> } }).axe;
    const card = document.querySelector('[data-testid="held-update"]');
    if (!card) throw new Error('no held card');
    return (await axe.run(card, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3).join(', ')}`);
}

const liveRows = async () => (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null).length;

describe.skipIf(!hasChromium)('a suspicious sync is held for review (Chromium)', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 1818, clientId, secret, tickIntervalMs: null, now: () => NOW, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    // Only so axe-core's source can be evaluated in the page for the card's audit (the app's CSP
    // forbids it, rightly; hostSecurity.test.ts checks that CSP, accessibility.test.ts lifts it too).
    await (await context.newCDPSession(page)).send('Page.setBypassCSP', { enabled: true });
    await page.clock.install({ time: NOW });
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, bank));

  it('holds a mass removal, shows what it would do; Discard keeps everything and the next sync holds it again; Apply applies it', async () => {
    await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
    const runsBefore = await readStore<SyncRunRow>(page, 'syncRuns');
    const liveBefore = await liveRows();
    const cursorBefore = await readStore(page, 'cursors');

    // Every posted row with a merchant withdrawn at once: far past any account's threshold.
    await burst({ remove: 100_000 });
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'heldUpdates')).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);

    // Nothing else changed: no run, no row, the same cursor.
    expect(await readStore<SyncRunRow>(page, 'syncRuns')).toEqual(runsBefore);
    expect(await liveRows()).toBe(liveBefore);
    expect(await readStore(page, 'cursors')).toEqual(cursorBefore);
    const [held] = await readStore<HeldUpdateRow>(page, 'heldUpdates');
    expect(held?.reasons.length).toBeGreaterThan(0);
    expect(held?.counts.removed).toBeGreaterThan(20);

    // The top bar and the connection say so plainly, not as an error.
    expect(await page.getByTestId('sync-summary').innerText()).toBe('Sync held for review: First Platypus Bank');
    expect(await page.locator('[data-testid="connection-status"][data-state="held"]').count()).toBe(1);

    await page.getByTestId('tab-changes').click();
    const card = page.getByTestId('held-update');
    await card.waitFor();
    const reasons = await card.getByTestId('held-reasons').locator('li').allInnerTexts();
    expect(reasons.length).toBe(held?.reasons.length);
    for (const r of reasons) expect(r).toMatch(/^It would (remove [\d,]+ of the [\d,]+ transactions in .+ \(\d+%\)|leave .+ with no transactions: all [\d,]+ transactions would be removed)\.$/);
    expect(await card.getByTestId('held-counts').innerText()).toBe(`If applied: ${held?.counts.removed.toLocaleString('en-US')} removed`);
    expect(await card.innerText()).toContain('Ledgerline will ask');
    expect(await card.getByTestId('held-apply').isVisible()).toBe(true);

    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshotsBothSchemes(page, 'held-sync');
    // Apply and Discard are reached by Tab, and axe finds nothing serious on the card in either scheme.
    await card.getByTestId('held-apply').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('held-discard');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300); // the buttons' colour transitions settle (120 ms)
      expect(await auditHeldCard(), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // Discard: nothing changes, the cursor stays, and the next sync asks again from it — and holds
    // the same withdrawal again.
    await card.getByTestId('held-discard').click();
    await expect.poll(async () => (await readStore(page, 'heldUpdates')).length, { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('held-notice').innerText()).toBe('Discarded the held sync of First Platypus Bank. Nothing changed.');
    expect(await readStore(page, 'cursors')).toEqual(cursorBefore);
    expect(await readStore<SyncRunRow>(page, 'syncRuns')).toEqual(runsBefore);
    expect(await liveRows()).toBe(liveBefore);
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'heldUpdates')).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);
    const [again] = await readStore<HeldUpdateRow>(page, 'heldUpdates');
    expect(again?.fromCursor).toBe(held?.fromCursor);
    expect(again?.counts.removed).toBeGreaterThanOrEqual(held?.counts.removed ?? 0);

    await page.getByTestId('held-update').getByTestId('held-apply').click();
    await expect.poll(async () => (await readStore(page, 'heldUpdates')).length, { timeout: 30_000 }).toBe(0);
    const runs = await readStore<SyncRunRow>(page, 'syncRuns');
    const applied = runs.find((r) => r.id === again?.id);
    expect(applied).toMatchObject({ removed: again?.counts.removed, added: again?.counts.added });
    expect(await liveRows()).toBe(liveBefore - (again?.counts.removed ?? 0) + (again?.counts.added ?? 0));
    const notice = await page.getByTestId('held-notice').innerText();
    expect(notice).toMatch(/^Applied the held sync of First Platypus Bank: .+\.$/);
    expect(notice).toContain(`${(again?.counts.removed ?? 0).toLocaleString('en-US')} removed`);
    expect(await page.locator(`[data-testid="sync-run"][data-run-id="${again?.id ?? ''}"]`).count()).toBe(1);
    expect(await page.locator('[data-testid="connection-status"][data-state="held"]').count()).toBe(0);
  });
});
