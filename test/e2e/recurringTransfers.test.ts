import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotsBothSchemes } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import type { TransactionRow, TransferDecisionRow } from '../../renderer/src/db/schema';

// Transfers and recurring series with the demo banks' household scenario (demo mode's): the Plaid
// checking pays the MoneyKit card every month (two banks, one date-keyed schedule), and pays rent,
// a drifting utility, a subscription that went up $2.00 and a gym that skipped its last charge;
// payroll comes on the 1st and the 15th. Expected dates are computed here from the rows the app
// stored in IndexedDB, independently of the app's detector.
const clientId = 'ledgerline-recurring';
const secret = 'recurring-transfers-secret-1919';
let plaid: PlaidBank;
let moneykit: MoneykitBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const onDay = (date: string, monthsLater: number, dom: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsLater + 1, 0)).getUTCDate();
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsLater, Math.min(dom, last)));
};
const live = async () => (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null && !t.pending);
const datesOf = (rows: TransactionRow[], description: string) => rows.filter((t) => t.description === description || t.merchant === description).map((t) => t.date).sort();
/** A monthly row's next date: the same day of the month (the most common one) after the last. */
function nextMonthly(dates: string[]): string {
  const days = dates.slice(-6).map((d) => Number(d.slice(8, 10)));
  const dom = [...new Set(days)].sort((a, b) => days.filter((x) => x === b).length - days.filter((x) => x === a).length || a - b)[0] ?? 1;
  const last = dates.at(-1) ?? '';
  let next = onDay(last, 0, dom);
  for (let k = 1; next <= last || (Date.parse(next) - Date.parse(last)) / DAY < 20; k++) next = onDay(last, k, dom);
  return next;
}
const seriesRow = (name: string) => page.getByTestId('series-row').filter({ hasText: name }).first();

describe.skipIf(!hasChromium)('transfers and recurring payments with the demo banks', () => {
  beforeAll(async () => {
    plaid = await startPlaidBank({ seed: 1919, clientId, secret, tickIntervalMs: null, profile: { historyDays: 120 }, household: 'payer' });
    moneykit = await startMoneykitBank({ seed: 1919, clientId, clientSecret: secret, profile: { historyDays: 120 }, household: 'card', refreshWindowMs: 10 * 60_000 });
    host = await startHost({ plaidUrl: plaid.plaidUrl, moneykitUrl: moneykit.url, clientId, secret, providers: ['plaid', 'moneykit'] });
    ({ context, page } = await openApp(host.url));
  });
  afterAll(() => stopAll(context, host, plaid, moneykit));

  it('pairs the card payments from checking across the two banks as transfers, shown on the rows and in Review', async () => {
    await expect.poll(() => page.getByTestId('connection-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 60_000 }).toEqual(['ok', 'ok']);
    const rows = await live();
    const paid = rows.filter((t) => t.id.startsWith('plaid:') && t.description === 'ACORN CU CARD PMT ONLINE');
    const received = rows.filter((t) => t.id.startsWith('moneykit:') && t.description === 'ONLINE PAYMENT RECEIVED - THANK YOU');
    expect(received.length).toBeGreaterThanOrEqual(3);
    // Each payment the card shows was paid from the checking at the other bank, the same or the day before.
    for (const r of received) {
      expect(paid.some((p) => p.amountMinor === -r.amountMinor && p.currency === r.currency && [0, 1].includes((Date.parse(r.date) - Date.parse(p.date)) / DAY))).toBe(true);
    }

    await page.getByTestId('search-input').fill('online');
    await expect.poll(async () => page.getByTestId('tx-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Every cross-bank payment, both sides, carries the Transfer badge (the index worker paired them).
    await expect.poll(async () => {
      const shown = await page.getByTestId('tx-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-tx-id'), e.querySelector('[data-testid="transfer-badge"]') !== null]));
      return shown.filter(([id]) => [...paid, ...received].some((t) => t.id === id)).every(([, badge]) => badge);
    }, { timeout: 30_000 }).toBe(true);
    const first = page.locator(`[data-testid="tx-row"][data-tx-id="${received[0]?.id ?? ''}"]`);
    await first.click();
    await expect.poll(() => page.getByTestId('detail-transfer-status').innerText(), { timeout: 10_000 }).toMatch(/transfer between your accounts/);
    expect(await page.getByTestId('detail-transfer-other').innerText()).toMatch(/^From .*Checking/);
    await screenshotsBothSchemes(page, 'e2e-transfer-row');
    await page.getByTestId('tx-detail-close').click();

    // Review asks about the recent pairs, confidence shown; Confirm stores the user's answer.
    await page.getByTestId('tab-review').click();
    const transferItems = page.locator('[data-review-item][data-source="transfer"]');
    await expect.poll(() => transferItems.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await transferItems.first().innerText()).toMatch(/\d+% sure/);
    const before = await transferItems.count();
    await transferItems.first().getByRole('button', { name: /^Confirm/ }).click();
    await expect.poll(async () => (await readStore<TransferDecisionRow>(page, 'transferDecisions')).filter((d) => d.status === 'confirmed').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => transferItems.count(), { timeout: 10_000 }).toBe(before - 1);
  });

  it('finds rent, payroll and the subscriptions with the right next dates, and flags the changed and the missed bill', async () => {
    await page.getByTestId('tab-recurring').click();
    await expect.poll(() => page.getByTestId('series-row').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    const rows = await live();

    const rent = datesOf(rows, 'Greenline Property Management');
    expect(await seriesRow('Greenline').getAttribute('data-next-date')).toBe(nextMonthly(rent));
    expect(await seriesRow('Greenline').getAttribute('data-cadence')).toBe('monthly');

    const payroll = datesOf(rows, 'ACME CORP DIRECT DEP PPD ID: 1234567890');
    const lastPay = payroll.at(-1) ?? '';
    const nextPay = [onDay(lastPay, 0, 15), onDay(lastPay, 1, 1)].find((d) => d > lastPay && (Date.parse(d) - Date.parse(lastPay)) / DAY >= 8);
    expect(await seriesRow('ACME CORP').getAttribute('data-cadence')).toBe('semimonthly');
    expect(await seriesRow('ACME CORP').getAttribute('data-next-date')).toBe(nextPay);

    const hulu = rows.filter((t) => t.merchant === 'Hulu').sort((a, b) => (a.date < b.date ? -1 : 1));
    expect(await seriesRow('Hulu').getAttribute('data-next-date')).toBe(nextMonthly(hulu.map((t) => t.date)));
    const rise = (hulu.at(-2)?.amountMinor ?? 0) - (hulu.at(-1)?.amountMinor ?? 0);
    expect(rise).toBe(200);
    expect(await seriesRow('Hulu').getByTestId('series-changed').innerText()).toBe('Hulu is $2.00 more than last month');
    // The gym's last charge is more than a month (and its grace days) old: the one after it never came.
    const gym = datesOf(rows, 'Bay Club Fitness');
    expect(await seriesRow('Bay Club').getByTestId('series-missed').count()).toBe(1);
    expect(await seriesRow('Bay Club').getByTestId('series-missed-text').innerText()).toMatch(/^Expected \w{3} \d{1,2} — no charge came$/);
    expect(await seriesRow('Bay Club').getAttribute('data-next-date')).toBe(nextMonthly([...gym, nextMonthly(gym)]));

    // The upcoming list holds the next 30 days of the series, rent's next date among them if it is that close.
    expect(await page.getByTestId('upcoming-row').count()).toBeGreaterThan(0);
    await screenshotsBothSchemes(page, 'e2e-recurring-view');

    // Edit: the amount expected from now on; stored as the user's answer, shown as the next amount.
    await seriesRow('Hulu').getByTestId('series-edit').click();
    await seriesRow('Hulu').getByTestId('series-edit-amount').fill('21.99');
    await seriesRow('Hulu').getByTestId('series-edit-save').click();
    await expect.poll(async () => (await readStore<{ seriesId: string; amountMinor: number | null; status: string }>(page, 'recurringDecisions')).map((d) => [d.seriesId, d.amountMinor, d.status]), { timeout: 10_000 })
      .toEqual([['hulu|USD|out', -2_199, 'confirmed']]);
    await expect.poll(() => seriesRow('Hulu').locator('.series-row__next').innerText(), { timeout: 10_000 }).toMatch(/-\$21\.99$/);
    await seriesRow('Bay Club').scrollIntoViewIfNeeded();
    await screenshotsBothSchemes(page, 'e2e-recurring-series');

    // Dismiss, then Undo: the answer is stored, then put back.
    await seriesRow('Hulu').getByTestId('series-dismiss').click();
    await expect.poll(() => page.getByTestId('dismissed-row').count(), { timeout: 10_000 }).toBe(1);
    expect((await readStore<{ seriesId: string; status: string }>(page, 'recurringDecisions')).map((d) => d.status)).toEqual(['dismissed']);
    await page.getByTestId('recurring-undo').waitFor();
    await page.getByTestId('recurring-undo').click();
    await expect.poll(() => page.getByTestId('dismissed-row').count(), { timeout: 10_000 }).toBe(0);
  });
});
