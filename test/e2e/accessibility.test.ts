import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { CHROMIUM, hasChromium, pinPageClock, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { AccountRow, ConnectionRow, TransactionRow } from '../../renderer/src/db/schema';

// Comfort, audited in the real thing: demo bank → browser host → the built renderer in Chromium.
// axe-core on every view and dialog in light and dark (serious and critical violations fail,
// color contrast included), every control named (as Chromium's own accessibility tree names it),
// a visible focus ring on every Tab stop, the keyboard-shortcuts help, money and dates as the
// locale writes them, and the empty / loading / error states saying what to do next.
// Screenshots: test-results/a11y-<what>-<scheme>.png.
const clientId = 'ledgerline-a11y';
const secret = 'a11y-secret-4242';
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let bank: PlaidBank;
let host: HostProcess;
let browser: Browser;
let itemId: string;
const contexts: BrowserContext[] = [];

interface AxeWindow {
  axe?: { run(context: Document, options: { resultTypes: string[] }): Promise<AxeResults> };
}

/**
 * A fresh, non-persistent context (its own empty IndexedDB: the app syncs on first load).
 * bypassCSP: the app's CSP (script-src 'self', no eval) rightly forbids injecting axe-core's
 * source into the page; this test alone lifts it so the audit can run inside the page. Every
 * other e2e test runs under the real CSP, and hostSecurity.test.ts checks it.
 */
async function openPage(opts: { colorScheme?: Scheme; locale?: string; timezoneId?: string; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    bypassCSP: true,
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    timezoneId: opts.timezoneId ?? 'America/New_York',
    viewport: { width: opts.width ?? 1280, height: 800 },
  });
  contexts.push(context);
  await pinPageClock(context); // the run's calendar, as the host and the bank have it
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  await page.goto(host.url);
  return page;
}

async function synced(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('tx-row').first().waitFor({ timeout: 30_000 });
}

/** Serious and critical axe violations on the page as it is now, one line each. */
async function audit(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean((window as unknown as AxeWindow).axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${where}: ${v.id} (${v.impact}) ${n}`));
}

const CONTROL_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'spinbutton', 'slider', 'option']);

interface AXNode {
  ignored: boolean;
  role?: { value?: unknown };
  name?: { value?: unknown };
  backendDOMNodeId?: number;
}

/** Every control Chromium's accessibility tree has without a name (button, link, input, select, tab…). */
async function unnamedControls(page: Page, where: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const out: string[] = [];
    for (const n of nodes) {
      const role = typeof n.role?.value === 'string' ? n.role.value : '';
      const name = typeof n.name?.value === 'string' ? n.name.value.trim() : '';
      if (n.ignored || !CONTROL_ROLES.has(role) || name !== '') continue;
      let what = role;
      if (n.backendDOMNodeId !== undefined) {
        const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId })) as { node: { nodeName: string; attributes?: string[] } };
        what = `${role} <${node.nodeName.toLowerCase()} ${(node.attributes ?? []).join(' ').slice(0, 160)}>`;
      }
      out.push(`${where}: unnamed ${what}`);
    }
    // And every native control, whatever role it ended up with.
    const native = await page.evaluate(() =>
      [...document.querySelectorAll('button, input:not([type="hidden"]), select, textarea, a[href]')]
        .filter((el) => el.getClientRects().length > 0 && !el.closest('[inert], [aria-hidden="true"]'))
        .filter((el) => {
          const labelled = el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby') || el.getAttribute('title')?.trim();
          const labels = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? el.labels?.length ?? 0 : 0;
          const text = el instanceof HTMLInputElement ? '' : (el.textContent ?? '').trim();
          return !labelled && labels === 0 && text === '';
        })
        .map((el) => el.outerHTML.slice(0, 160)));
    return [...out, ...native.map((h) => `${where}: unlabelled ${h}`)];
  } finally {
    await cdp.detach();
  }
}

async function check(page: Page, where: string, found: string[]): Promise<void> {
  await page.waitForTimeout(350); // color transitions settle before contrast is measured
  found.push(...(await audit(page, where)), ...(await unnamedControls(page, where)));
  await page.screenshot({ path: screenshotPath(`a11y-${where.replace(/[^a-z0-9]+/gi, '-')}`) });
}

/** Opens a transaction's detail panel by its row. */
async function openDetail(page: Page): Promise<void> {
  await page.getByTestId('tab-transactions').click();
  const row = page.getByTestId('tx-row').first();
  const id = (await row.getAttribute('data-tx-id')) ?? '';
  await row.click();
  await page.locator(`[data-testid="user-fields"][data-tx-id="${id}"]`).waitFor();
}

/** Next year: a row dated then is from another year (shown compact, with its year) and sorts first. */
const YEAR = new Date().getFullYear() + 1;
const YY = String(YEAR).slice(-2);
const OLD_DATE = `${YEAR}-03-05`;

/** An account with a known balance and a row from another year, put straight into IndexedDB. */
async function addKnownRows(page: Page): Promise<void> {
  const [connection] = await readStore<ConnectionRow>(page, 'connections');
  const connectionId = connection?.id ?? '';
  const now = new Date().toISOString();
  const account: AccountRow = {
    id: 'plaid:a11y-acct', connectionId, name: 'Locale Checking', officialName: null, mask: '7777', kind: 'depository',
    subtype: 'checking', currency: 'USD', currentMinor: 123_456, availableMinor: null, limitMinor: null, updatedAt: now,
  };
  const row: TransactionRow = {
    id: 'plaid:a11y-old', connectionId, accountId: account.id, amountMinor: -123_456, currency: 'USD', date: OLD_DATE, authorizedDate: null,
    description: 'LOCALE TEST ROW', merchant: null, category: null, pending: false, pendingId: null, activityType: null, symbol: null, units: null,
    price: null, feeMinor: null, settlementDate: null, listKey: `${OLD_DATE}|plaid:a11y-old`, removedAt: null, firstSeenAt: now, updatedAt: now,
  };
  await page.evaluate(({ account, row }) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('ledgerline');
    open.onsuccess = () => {
      const tx = open.result.transaction(['accounts', 'transactions'], 'readwrite');
      tx.objectStore('accounts').put(account);
      tx.objectStore('transactions').put(row);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), { account, row });
  await page.reload();
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium)('accessibility and comfort', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 77, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    itemId = bank.items()[0]?.item_id ?? '';
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await host?.stop();
    await bank?.close();
  });

  for (const scheme of SCHEMES) {
    it(`axe finds nothing serious on any view or dialog, and every control has a name (${scheme})`, async () => {
      const page = await openPage({ colorScheme: scheme });
      await synced(page);
      const found: string[] = [];

      await openDetail(page);
      await check(page, `transactions-detail-${scheme}`, found);
      await page.keyboard.press('Escape');
      await page.getByTestId('tx-detail').waitFor({ state: 'detached' });

      await page.getByTestId('tab-changes').click();
      await page.getByTestId('sync-run').first().waitFor();
      await check(page, `changes-${scheme}`, found);

      await page.getByTestId('tab-review').click();
      await page.getByTestId('review-view').waitFor();
      await check(page, `review-${scheme}`, found);

      await page.getByTestId('tab-settings').click();
      await page.getByTestId('settings-view').waitFor();
      await check(page, `settings-${scheme}`, found);

      if ((await page.locator('[data-testid="tab-insights"]').count()) > 0) {
        await page.getByTestId('tab-insights').click();
        await page.waitForTimeout(1500); // charts draw
        await check(page, `insights-${scheme}`, found);
      }

      // Issue 19's views, each once its figures are in (not the loading state).
      for (const [tab, view] of [['tab-budgets', 'budgets-view'], ['tab-recurring', 'recurring-view'], ['tab-networth', 'networth-view']] as const) {
        await page.getByTestId(tab).click();
        await page.locator(`[data-testid="${view}"][aria-busy="false"]`).waitFor({ timeout: 30_000 });
        await check(page, `${view.replace('-view', '')}-${scheme}`, found);
      }

      await page.getByTestId('tab-transactions').click();
      await page.getByTestId('demo-controls').locator('summary').click();
      await check(page, `transactions-sidebar-${scheme}`, found);

      await page.getByTestId('add-account').click();
      await page.getByTestId('link-dialog').waitFor();
      await check(page, `add-account-dialog-${scheme}`, found);
      await page.keyboard.press('Escape');
      await page.getByTestId('link-dialog').waitFor({ state: 'detached' });

      await page.getByTestId('connection-remove').first().click();
      await page.getByTestId('remove-dialog').waitFor();
      await check(page, `remove-dialog-${scheme}`, found);
      await page.getByTestId('remove-cancel').click();
      await page.getByTestId('remove-dialog').waitFor({ state: 'detached' });
      // Closing a dialog hands focus back to the control that opened it.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('connection-remove');

      await page.getByTestId('shortcuts-open').click();
      await page.getByTestId('shortcuts-dialog').waitFor();
      await check(page, `shortcuts-dialog-${scheme}`, found);
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcuts-dialog').waitFor({ state: 'detached' });

      expect(found).toEqual([]);
    });
  }

  it('Tab moves focus through the controls, each with a visible focus ring', async () => {
    const page = await openPage();
    await synced(page);
    const found: string[] = [];
    const seen = new Set<string>();
    let previous: { id: string; focused: string; label: string } | null = null;
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (previous) {
        // The stop just left, now unfocused, must look different from when it had focus.
        const unfocused = await page.evaluate((id) => {
          const el = document.querySelector<HTMLElement>(`[data-a11y-stop="${id}"]`);
          if (!el) return null;
          const s = getComputedStyle(el);
          return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}|${s.boxShadow}`;
        }, previous.id);
        if (unfocused !== null && unfocused === previous.focused) found.push(`no visible change on focus: ${previous.label}`);
      }
      const now = await page.evaluate((i) => {
        const el = document.activeElement;
        if (!(el instanceof HTMLElement) || el === document.body) return null;
        el.dataset.a11yStop = String(i);
        const s = getComputedStyle(el);
        const label = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
        return { id: String(i), label, focused: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}|${s.boxShadow}`, visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
      }, i);
      previous = now;
      if (!now) {
        found.push(`Tab ${i + 1} left focus on the page body`);
        continue;
      }
      if (!now.visible) found.push(`no focus ring: ${now.label} (${now.focused})`);
      seen.add(now.label);
    }
    expect(found).toEqual([]);
    // It really travels: the tabs, Refresh now, the sidebar's buttons and the rows.
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].some((l) => l.includes('[refresh-now]'))).toBe(true);
    expect([...seen].some((l) => l.includes('[tab-changes]'))).toBe(true);
    expect([...seen].some((l) => l.includes('[shortcuts-open]'))).toBe(true);
    await page.screenshot({ path: screenshotPath('a11y-focus-ring') });
  });

  it('the keyboard-shortcuts help opens with ? and from the top bar, lists the shortcuts, and Esc closes it', async () => {
    const page = await openPage();
    await synced(page);
    await page.locator('body').press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor();
    const body = await dialog.innerText();
    for (const k of [/Refresh/, /Search/i, /↑/, /Enter/, /Esc/]) expect(body).toMatch(k);
    expect(body).toMatch(/Ctrl|⌘/);
    // Focus is inside the dialog, and Esc gives it back.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="shortcuts-dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Typing "?" into a field types it; it does not open the help.
    await openDetail(page);
    const note = page.getByTestId('tx-detail').locator('textarea, input[type="text"]').first();
    await note.focus();
    await page.keyboard.press('?');
    expect(await dialog.count()).toBe(0);
    // Esc from the panel (focus on its heading) closes the panel.
    await page.locator('#detail-title').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('tx-detail').waitFor({ state: 'detached' });

    await page.getByTestId('shortcuts-open').click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /close/i }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('shortcuts-open');
  });

  it('de-DE: money and dates as German writes them', async () => {
    const page = await openPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await synced(page);
    await addKnownRows(page);
    const account = page.locator('[data-testid="account-row"][data-account-id="plaid:a11y-acct"]');
    await account.waitFor();
    expect((await account.locator('.account__current').innerText()).replace(/\s/g, ' ')).toBe('1.234,56 $');
    const row = page.locator('[data-testid="tx-row"][data-tx-id="plaid:a11y-old"]');
    await row.waitFor();
    expect(await row.locator('time').innerText()).toBe(`5.3.${YY}`);
    expect((await row.innerText()).replace(/\s/g, ' ')).toContain('-1.234,56 $');
    // This year's dates: day first, German month ("21. Nov.").
    expect(await text(page, '[data-testid="tx-row"]:not([data-tx-id="plaid:a11y-old"]) time')).toMatch(/^\d{1,2}\. \p{L}{3,4}\.?$/u);
    await row.click();
    await expect.poll(() => page.getByTestId('tx-detail').innerText()).toContain(`5. März ${YEAR}`);
    await page.screenshot({ path: screenshotPath('a11y-locale-de-DE') });
  });

  it('en-GB: day before month', async () => {
    const page = await openPage({ locale: 'en-GB', timezoneId: 'Europe/London' });
    await synced(page);
    await addKnownRows(page);
    const row = page.locator('[data-testid="tx-row"][data-tx-id="plaid:a11y-old"]');
    await row.waitFor();
    expect(await row.locator('time').innerText()).toBe(`05/03/${YY}`);
    expect(await text(page, '[data-testid="tx-row"]:not([data-tx-id="plaid:a11y-old"]) time')).toMatch(/^\d{1,2} [A-Z][a-z]{2,3}$/);
    await row.click();
    await expect.poll(() => page.getByTestId('tx-detail').innerText()).toContain(`5 Mar ${YEAR}`);
    expect((await page.locator('[data-testid="account-row"][data-account-id="plaid:a11y-acct"] .account__current').innerText())).toBe('US$1,234.56');
  });

  it('loading, error and empty states say what happened and what to do next (light and dark)', async () => {
    const found: string[] = [];
    for (const scheme of SCHEMES) {
      // Loading: a first sync the bank answers slowly.
      bank.setFaults(itemId, { slowMs: { ms: 4000, count: 2 } });
      const page = await openPage({ colorScheme: scheme });
      const empty = page.locator('.empty');
      await expect.poll(() => empty.innerText(), { timeout: 15_000 }).toMatch(/Syncing/);
      expect(await empty.innerText()).toMatch(/appear here/);
      await check(page, `state-loading-${scheme}`, found);
      await synced(page);
      bank.setFaults(itemId, {});

      // A failing connection: the sidebar says why and what to do.
      bank.setFaults(itemId, { serverError: 100 });
      await page.getByTestId('refresh-now').click();
      const status = page.getByTestId('connection-status').first();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('error');
      expect(await status.innerText()).toMatch(/Error: .+/);
      expect(await page.locator('[data-testid="connection"]').first().innerText()).toMatch(/Retry|Refresh now|try again/i);
      await check(page, `state-error-${scheme}`, found);
      bank.setFaults(itemId, {});

      // The bank wants a new sign-in: the line says how to get past it in demo mode.
      await page.getByTestId('demo-controls').locator('summary').click();
      await page.getByTestId('demo-login_required').click();
      await expect.poll(() => page.getByTestId('demo-controls').getByRole('status').innerText()).toMatch(/sign in again/);
      await page.getByTestId('refresh-now').click();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('needs_reauth');
      expect(await page.getByTestId('connection-next').innerText()).toMatch(/Back to normal, then Refresh now/);
      await check(page, `state-needs-reauth-${scheme}`, found);
      await page.getByTestId('demo-repair').click();
      await page.getByTestId('refresh-now').click();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
      bank.setFaults(itemId, { serverError: 100 });

      // A first sync that fails: the empty list says so, not "no transactions yet".
      const fresh = await openPage({ colorScheme: scheme });
      const freshEmpty = fresh.locator('.empty');
      await expect.poll(() => freshEmpty.innerText(), { timeout: 30_000 }).toMatch(/Couldn't sync/);
      expect(await freshEmpty.innerText()).toMatch(/Retry|Refresh now/);
      await check(fresh, `state-first-sync-failed-${scheme}`, found);
      bank.setFaults(itemId, {});
    }
    expect(found).toEqual([]);
  });

  it('with no connections, each view says how to get started', async () => {
    const found: string[] = [];
    const page = await openPage();
    await synced(page);
    // Remove the only connection and delete its data.
    await page.getByTestId('connection-remove').first().click();
    await page.getByTestId('remove-delete').check();
    await page.getByTestId('remove-confirm').click();
    await page.getByTestId('remove-dialog').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('add-account-empty').waitFor({ timeout: 30_000 });
    expect(await page.locator('.empty').innerText()).toMatch(/No accounts connected[\s\S]*Connect/);
    expect(await page.locator('.sidebar__empty').innerText()).toMatch(/Add account/);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('tab-transactions').click();
      await check(page, `state-no-connections-${scheme}`, found);
      await page.getByTestId('tab-changes').click();
      await expect.poll(() => page.locator('#main-view').innerText()).toMatch(/No changes yet[\s\S]*Add account/);
      await check(page, `state-no-changes-${scheme}`, found);
      if ((await page.locator('[data-testid="tab-insights"]').count()) > 0) {
        await page.getByTestId('tab-insights').click();
        await page.waitForTimeout(1000);
        await check(page, `state-no-insights-${scheme}`, found);
      }
      await page.getByTestId('tab-settings').click();
      await page.getByTestId('settings-view').waitFor();
      await check(page, `state-no-connections-settings-${scheme}`, found);
    }
    expect(found).toEqual([]);
  });
});
