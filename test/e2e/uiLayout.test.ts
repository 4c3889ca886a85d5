import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { AccountRow, ConnectionRow, TransactionRow } from '../../renderer/src/db/schema';

// Layout at the window sizes people use: nothing overflows horizontally, nothing is cut off at the
// right edge, the top bar's summary pill gives way (ellipsis) before the clock or the Refresh now
// button do, and pending rows keep their description legible. Demo bank → browser host → the built
// renderer in Chromium, in light and dark, for the Transactions view, the Changes view and the
// detail panel. Screenshots: test-results/ui-<view>-<width>-<scheme>.png.
const clientId = 'ledgerline-ui-layout';
const secret = 'ui-layout-secret-8080';
const WIDTHS = [1440, 1280, 1100, 960] as const;
const HEIGHT = 800;
const SCHEMES = ['light', 'dark'] as const;
type View = 'transactions' | 'changes' | 'detail' | 'changes-detail';
const VIEWS: readonly View[] = ['transactions', 'changes', 'detail', 'changes-detail'];

/** A worst case for the top bar, as the sync summary can really read after a refresh of several connections. */
const LONG_SUMMARY = '1 to review, 12 new, 5 posted, 2 updated, 1 removed · First Platypus Bank, Northwind Brokerage still preparing data';

let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Visible elements whose box reaches past the viewport's right edge (after ancestors' clipping). */
  pastRightEdge: string[];
  /** Elements that must never be clipped (their content is wider than their box). */
  clipped: string[];
  refresh: { left: number; right: number; top: number; bottom: number } | null;
  /** Pending rows whose description is cut with an ellipsis. */
  truncatedPending: string[];
  /** The summary pill: truncates with an ellipsis when short of room. */
  summary: { textOverflow: string; overflow: string; truncated: boolean } | null;
  /** Detail panel fields (inputs) whose box leaves the panel. */
  detailCut: string[];
}

/** Everything measured in one pass, in the page. */
function measure(): Promise<Layout> {
  return page.evaluate(() => {
    const de = document.documentElement;
    const vw = de.clientWidth;
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${cls ? `.${cls}` : ''}`;
    };
    /** The element's box as far as it can be seen: clipped by every ancestor that clips. */
    const visibleRight = (el: Element): number => {
      let right = el.getBoundingClientRect().right;
      for (let a = el.parentElement; a && a !== de; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right);
      }
      return right;
    };
    // The outermost offenders only: their descendants would repeat them.
    const past = new Set<Element>();
    const pastRightEdge: string[] = [];
    for (const el of document.querySelectorAll('#root *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden')) continue;
      const right = visibleRight(el);
      if (right <= vw + 0.5) continue;
      past.add(el);
      if (!el.parentElement || !past.has(el.parentElement)) pastRightEdge.push(`${name(el)} right=${Math.round(right)}`);
    }
    // Narrower than its content by even a fraction of a pixel is enough for an ellipsis, which
    // scrollWidth (rounded) does not show: compare with the width the element takes unconstrained.
    const clipped: string[] = [];
    const mustFit = ['.topbar__name', '.view-tab', '.last-synced', '[data-testid="refresh-now"]', '.changes__title', '.transactions__title'];
    for (const sel of mustFit) {
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        const width = el.getBoundingClientRect().width;
        const { flex, minWidth } = el.style;
        el.style.flex = 'none';
        el.style.minWidth = 'max-content';
        const natural = el.getBoundingClientRect().width;
        el.style.flex = flex;
        el.style.minWidth = minWidth;
        if (natural > width + 0.01) clipped.push(`${name(el)} ${natural.toFixed(2)}>${width.toFixed(2)}`);
      }
    }
    const button = document.querySelector('[data-testid="refresh-now"]')?.getBoundingClientRect();
    const truncatedPending = [...document.querySelectorAll('[data-testid="tx-row"]')]
      .filter((row) => row.querySelector('[data-testid="pending-badge"]'))
      .map((row) => row.querySelector('.tx-description__text'))
      .filter((t): t is HTMLElement => t instanceof HTMLElement && t.scrollWidth > t.clientWidth + 1)
      .map((t) => t.textContent ?? '');
    const pill = document.querySelector('[data-testid="sync-summary"]');
    const ps = pill && getComputedStyle(pill);
    const detail = document.querySelector('[data-testid="tx-detail"]')?.getBoundingClientRect();
    const detailCut = detail
      ? [...document.querySelectorAll('[data-testid="tx-detail"] input, [data-testid="tx-detail"] textarea, [data-testid="tx-detail"] button')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > detail.right + 0.5 || r.left < detail.left - 0.5 || r.right > vw + 0.5);
          })
          .map(name)
      : [];
    return {
      scrollWidth: de.scrollWidth,
      clientWidth: vw,
      pastRightEdge,
      clipped,
      refresh: button ? { left: button.left, right: button.right, top: button.top, bottom: button.bottom } : null,
      truncatedPending,
      summary: pill && ps ? { textOverflow: ps.textOverflow, overflow: ps.overflowX, truncated: pill.scrollWidth > pill.clientWidth + 1 } : null,
      detailCut,
    };
  });
}

/**
 * The summary pill is only up for ten seconds after a refresh: when none is showing, put up one
 * with exactly the markup SyncSummary renders and a long text, so every layout is checked with it.
 */
async function ensureSummary(): Promise<void> {
  await page.evaluate((text) => {
    const region = document.querySelector('.sync-summary-region');
    if (!region || region.querySelector('[data-testid="sync-summary"]')) return;
    const pill = document.createElement('span');
    pill.className = 'sync-summary sync-summary--ok';
    pill.setAttribute('data-testid', 'sync-summary');
    pill.setAttribute('data-stand-in', '');
    pill.title = text;
    pill.textContent = text;
    region.append(pill);
  }, LONG_SUMMARY);
}

const dropStandIn = () => page.evaluate(() => document.querySelector('[data-stand-in]')?.remove());

async function show(view: View): Promise<void> {
  if (view === 'changes' || view === 'changes-detail') {
    await page.getByTestId('tab-changes').click();
    await page.getByTestId('sync-run').first().waitFor();
    if (view === 'changes-detail') {
      const title = page.locator('.change__title--link').first();
      const id = (await title.getAttribute('data-tx-id')) ?? '';
      await title.click();
      await page.locator(`[data-testid="user-fields"][data-tx-id="${id}"]`).waitFor();
    }
    return;
  }
  await page.getByTestId('tab-transactions').click();
  await page.getByTestId('tx-row').first().waitFor();
  if (view === 'detail') {
    const row = page.getByTestId('tx-row').filter({ has: page.getByTestId('pending-badge') }).first();
    const id = (await row.getAttribute('data-tx-id')) ?? '';
    await row.click();
    await page.locator(`[data-testid="user-fields"][data-tx-id="${id}"]`).waitFor();
  }
}

async function hide(view: View): Promise<void> {
  if (view === 'detail' || view === 'changes-detail') {
    await page.getByTestId('tx-detail-close').click();
    await page.getByTestId('tx-detail').waitFor({ state: 'detached' });
  }
}

const localDay = (offset = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * A brokerage account and its activity as the SnapTrade mapper stores them, put straight into
 * IndexedDB under the demo connection (SnapTrade itself is not wired into the host yet).
 */
async function addBrokerage(): Promise<{ account: AccountRow; rows: TransactionRow[] }> {
  const [connection] = await readStore<ConnectionRow>(page, 'connections');
  const connectionId = connection?.id ?? '';
  const now = new Date().toISOString();
  const account: AccountRow = {
    id: 'snaptrade:ui-acct', connectionId, name: 'Individual Brokerage', officialName: null, mask: '4821', kind: 'investment',
    subtype: 'margin', currency: 'USD', currentMinor: 5_234_012, availableMinor: 123_456, limitMinor: null,
    cashBalances: [{ currency: 'CAD', amountMinor: 20_000 }, { currency: 'USD', amountMinor: 123_456 }], updatedAt: now,
  };
  const today = localDay();
  const row = (id: string, fields: Partial<TransactionRow>): TransactionRow => ({
    id: `snaptrade:${id}`, connectionId, accountId: account.id, amountMinor: 0, currency: 'USD', date: today, authorizedDate: null,
    description: '', merchant: null, category: null, pending: false, pendingId: null, activityType: null, symbol: null, units: null,
    price: null, feeMinor: null, settlementDate: today, listKey: `${today}|snaptrade:${id}`, removedAt: null, firstSeenAt: now, updatedAt: now,
    ...fields,
  });
  const rows = [
    row('ui-buy', { activityType: 'BUY', symbol: 'VTI', units: '1.5', price: '245.1', amountMinor: -36_864, feeMinor: 99, settlementDate: localDay(1),
      description: 'YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI)' }),
    row('ui-sell', { activityType: 'SELL', symbol: 'AAPL', units: '-2.25', price: '189.0312', amountMinor: 42_529, feeMinor: 3,
      description: 'YOU SOLD APPLE INC (AAPL)' }),
    row('ui-div', { activityType: 'DIVIDEND', symbol: 'VTI', units: '0', price: '0', amountMinor: 1_234, description: 'DIVIDEND RECEIVED VANGUARD TOTAL STOCK MARKET ETF (VTI)' }),
    row('ui-rei', { activityType: 'REI', symbol: 'VTI', units: '0.012345', price: '246.5', amountMinor: -304, description: 'REINVESTMENT VANGUARD TOTAL STOCK MARKET ETF (VTI)' }),
    row('ui-odd', { activityType: 'STOCK_LOAN_INCOME', amountMinor: 87, description: 'FULLY PAID LENDING INCOME' }),
    // Wider than the fixed amount column: it must still show whole (it grows leftwards, never clipped).
    row('ui-big', { activityType: 'SELL', symbol: 'BRK.A', units: '-2000', price: '617283.9451', amountMinor: 12_345_678_901_234, description: 'YOU SOLD BERKSHIRE HATHAWAY INC CL A (BRK.A)' }),
  ];
  await page.evaluate(({ account, rows }) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('ledgerline');
    open.onsuccess = () => {
      const tx = open.result.transaction(['accounts', 'transactions'], 'readwrite');
      tx.objectStore('accounts').put(account);
      for (const r of rows) tx.objectStore('transactions').put(r);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), { account, rows });
  return { account, rows };
}

function problems(layout: Layout, where: string, opts: { pendingMustFit: boolean }): string[] {
  const out: string[] = [];
  if (layout.scrollWidth !== layout.clientWidth) out.push(`${where}: page scrolls horizontally (${layout.scrollWidth} > ${layout.clientWidth})`);
  for (const p of layout.pastRightEdge) out.push(`${where}: past the right edge: ${p}`);
  for (const c of layout.clipped) out.push(`${where}: clipped: ${c}`);
  const r = layout.refresh;
  if (!r) out.push(`${where}: no Refresh now button`);
  else if (r.left < 0 || r.top < 0 || r.right > layout.clientWidth || r.bottom > HEIGHT) out.push(`${where}: Refresh now not fully in view (${JSON.stringify(r)})`);
  if (!layout.summary) out.push(`${where}: no summary pill`);
  else if (layout.summary.textOverflow !== 'ellipsis' || layout.summary.overflow !== 'hidden') out.push(`${where}: summary pill does not truncate with an ellipsis`);
  for (const d of layout.detailCut) out.push(`${where}: detail panel cuts off ${d}`);
  if (opts.pendingMustFit) for (const t of layout.truncatedPending) out.push(`${where}: pending description truncated: ${t}`);
  return out;
}

describe.skipIf(!hasChromium)('UI layout at common window widths', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 22, clientId, secret, tickIntervalMs: null, profile: { historyDays: 30 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    ({ context, page } = await openApp(host.url));
    await page.locator('[data-testid="connection-status"][data-state="ok"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('pending-badge').first().waitFor();
  });
  afterAll(() => stopAll(context, host, bank));

  it('at 1280 the real summary after Refresh now leaves the Refresh button in view', async () => {
    await page.setViewportSize({ width: 1280, height: HEIGHT });
    const before = (await readStore(page, 'syncRuns')).length;
    await page.getByTestId('refresh-now').click();
    await expect.poll(async () => (await readStore(page, 'syncRuns')).length, { timeout: 30_000 }).toBeGreaterThan(before);
    await page.getByTestId('sync-summary').waitFor();
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
    const layout = await measure();
    expect(problems(layout, 'real summary @1280', { pendingMustFit: true })).toEqual([]);
  });

  it('shows brokerage activity (type badge, symbol · units @ price, the facts in the panel) and cash per currency', async () => {
    await addBrokerage();
    await page.reload();
    const txRow = (id: string) => page.locator(`[data-testid="tx-row"][data-tx-id="snaptrade:${id}"]`);
    await txRow('ui-buy').waitFor();
    expect(await txRow('ui-buy').getByTestId('activity-badge').innerText()).toBe('BUY');
    expect(await txRow('ui-buy').getByTestId('activity-summary').innerText()).toBe('VTI · 1.5 sh @ $245.10');
    expect(await txRow('ui-sell').getByTestId('activity-summary').innerText()).toBe('AAPL · 2.25 sh @ $189.0312');
    expect(await txRow('ui-div').getByTestId('activity-summary').innerText()).toBe('VTI');
    expect(await txRow('ui-rei').getByTestId('activity-summary').innerText()).toBe('VTI · 0.012345 sh @ $246.50');
    expect(await txRow('ui-odd').getByTestId('activity-badge').innerText()).toBe('STOCK_LOAN_INCOME');
    expect(await txRow('ui-odd').getByTestId('activity-summary').count()).toBe(0);
    // Bank rows are as they were.
    expect(await page.locator('[data-testid="tx-row"][data-tx-id^="plaid:"] [data-testid="activity-badge"]').count()).toBe(0);

    const account = page.locator('[data-testid="account-row"][data-account-id="snaptrade:ui-acct"]');
    expect(await account.locator('.account__current').innerText()).toBe('$52,340.12');
    expect((await account.getByTestId('account-cash').innerText()).replace(/\s+/g, ' ').trim()).toBe('Cash CAD $200.00 USD $1,234.56');
    expect(await account.getByText('Available').count()).toBe(0);

    await txRow('ui-buy').click();
    const detail = page.getByTestId('tx-detail');
    await detail.getByTestId('detail-units').waitFor();
    expect(await detail.getByTestId('detail-activity-type').innerText()).toBe('BUY');
    expect(await detail.getByTestId('detail-symbol').innerText()).toBe('VTI');
    expect(await detail.getByTestId('detail-units').innerText()).toBe('1.5');
    expect(await detail.getByTestId('detail-price').innerText()).toBe('$245.10');
    expect(await detail.getByTestId('detail-fee').innerText()).toBe('$0.99');
    expect(await detail.getByTestId('detail-settlement').innerText()).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
    expect(await detail.innerText()).toMatch(/Trade date/);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath(`ui-brokerage-1280-${scheme}`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('tx-detail-close').click();
  });

  it('nothing overflows or is cut off at 1440, 1280, 1100 and 960, light and dark', async () => {
    // The real summary goes after ten seconds (or with the reload); from then on every layout gets the long stand-in.
    await page.getByTestId('sync-summary').waitFor({ state: 'detached', timeout: 15_000 });
    const found: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const view of VIEWS) {
          await show(view);
          await ensureSummary();
          await page.waitForTimeout(300); // the buttons' color transition and the pill's fade-in settle
          const layout = await measure();
          // With the list at full width, a pending row's description (~20 characters) fits beside its badge.
          found.push(...problems(layout, `${view} @${width} ${scheme}`, { pendingMustFit: view === 'transactions' }));
          await page.screenshot({ path: screenshotPath(`ui-${view}-${width}-${scheme}`) });
          await dropStandIn();
          await hide(view);
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
  });
});
