import fs from 'node:fs';
import Papa from 'papaparse';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import { categoryLabel } from '../../shared/categories/categories';
import { effectiveCategory, rulesByKey, type CategoryRule } from '../../shared/categories/rules';
import { unguardFormula } from '../../shared/export/csv';
import { toMinorUnits } from '../../shared/money';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readStore } from './support/idb';
import { openIpcSocket } from './support/ipcSocket';
import type { AccountRow, TransactionRow } from '../../renderer/src/db/schema';

// Export, for real: demo bank (HTTP) → browser host → the built renderer in Chromium. The dialog's
// file arrives as a real download; it is parsed (papaparse, fast-xml-parser) and compared with what
// IndexedDB holds, read without Dexie. Screenshots: test-results/export-dialog-<scheme>.png.
const clientId = 'ledgerline-export';
const secret = 'export-secret-2718';
let bank: PlaidBank;
let brokerage: SnaptradeBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const consoleProblems: string[] = [];

async function liveRows(): Promise<TransactionRow[]> {
  return (await readStore<TransactionRow>(page, 'transactions'))
    .filter((t) => t.removedAt === null && t.listKey)
    .sort((a, b) => ((a.listKey ?? '') < (b.listKey ?? '') ? 1 : -1));
}

interface CsvTx {
  id: string;
  date: string;
  amountMinor: number;
  currency: string;
  description: string;
  status: string;
  account: string;
  category: string;
  symbol: string;
  units: string;
  price: string;
  feeMinor: number | null;
}

function parseCsv(text: string): CsvTx[] {
  expect(text.charCodeAt(0)).toBe(0xfeff); // the BOM, for Excel
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, delimiter: ',', newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data.map((r) => ({
    id: unguardFormula(r.Id ?? ''),
    date: r.Date ?? '',
    amountMinor: toMinorUnits(r.Amount ?? '', r.Currency ?? ''),
    currency: r.Currency ?? '',
    description: unguardFormula(r.Description ?? ''),
    status: r.Status ?? '',
    account: unguardFormula(r.Account ?? ''),
    category: unguardFormula(r.Category ?? ''),
    symbol: unguardFormula(r.Symbol ?? ''),
    units: r.Units ?? '',
    price: r.Price ?? '',
    feeMinor: r.Fee ? toMinorUnits(r.Fee, r.Currency ?? '') : null,
  }));
}

/** Switches the color scheme and waits for the CSS transitions it starts to finish, so a screenshot shows the end state. */
async function scheme(colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

async function openDialog(): Promise<void> {
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dialog').waitFor();
}

/** Exports with the dialog's current choices; returns the downloaded file's text and the result line. */
async function exportNow(): Promise<{ text: string; name: string; result: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-confirm').click()]);
  const file = await download.path();
  const text = fs.readFileSync(file, 'utf8');
  const result = page.getByTestId('export-result');
  await result.waitFor();
  return { text, name: download.suggestedFilename(), result: (await result.textContent()) ?? '' };
}

async function closeDialog(): Promise<void> {
  await page.getByTestId('export-cancel').click();
  await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
}

describe.skipIf(!hasChromium)('export on the demo data', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 47, clientId, secret, tickIntervalMs: null, profile: { historyDays: 120 } });
    brokerage = await startSnaptradeBank({ seed: 47, clientId, consumerKey: secret, dailySync: false, profile: { historyDays: 120 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, snaptradeUrl: brokerage.url, clientId, secret, providers: ['plaid', 'snaptrade'] });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));
    // Both connections synced (a poll: expect.poll works only inside a test).
    await page.waitForFunction(() => {
      const states = [...document.querySelectorAll('[data-testid="connection-status"]')].map((e) => e.getAttribute('data-state'));
      return states.length === 2 && states.every((st) => st === 'ok');
    }, undefined, { timeout: 60_000 });
    await page.getByTestId('tx-row').first().waitFor();
  });
  afterAll(() => stopAll(context, host, bank, brokerage));

  it('everything as CSV: exactly the live rows of IndexedDB, newest first, amounts to the minor unit', async () => {
    await openDialog();
    const rows = await liveRows();
    expect(rows.some((r) => r.pending)).toBe(true);
    // No filter is set: only "Everything" can be chosen, and it says how many.
    expect(await page.getByTestId('export-scope-filter').isDisabled()).toBe(true);
    expect(await page.getByTestId('export-scope-all').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('export-dialog').textContent()).toContain(`Everything (${rows.length.toLocaleString('en-US')} transactions)`);

    for (const name of ['light', 'dark'] as const) {
      await scheme(name);
      await page.screenshot({ path: screenshotPath(`export-dialog-${name}`) });
    }
    await scheme('light');

    const { text, name, result } = await exportNow();
    expect(name).toMatch(/^ledgerline-transactions-\d{4}-\d{2}-\d{2}\.csv$/);
    const got = parseCsv(text);
    expect(got.map((t) => t.id)).toEqual(rows.map((r) => r.id));
    expect(got.map((t) => [t.amountMinor, t.currency, t.date, t.status])).toEqual(rows.map((r) => [r.amountMinor, r.currency, r.date, r.pending ? 'pending' : 'posted']));
    expect(got.map((t) => t.description)).toEqual(rows.map((r) => r.description));
    const accounts = new Map((await readStore<AccountRow>(page, 'accounts')).map((a) => [a.id, a.name]));
    expect(got.map((t) => t.account)).toEqual(rows.map((r) => accounts.get(r.accountId) ?? ''));
    const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
    expect(got.map((t) => t.category)).toEqual(rows.map((r) => categoryLabel(effectiveCategory(r, rules))));
    // The brokerage's activity keeps its investment fields, exactly.
    expect(rows.some((r) => r.symbol)).toBe(true);
    expect(got.map((t) => [t.symbol, t.units, t.price, t.feeMinor])).toEqual(rows.map((r) => [r.symbol ?? '', r.units ?? '', r.price ?? '', r.feeMinor ?? null]));
    expect(result).toContain(`Saved ${rows.length.toLocaleString('en-US')} transactions to ${name}`);
    await page.screenshot({ path: screenshotPath('export-dialog-saved') });
    await closeDialog();
  });

  it('the current filter as CSV: exactly the rows the search matches', async () => {
    const rows = await liveRows();
    // A word several (not all) rows share.
    const counts = new Map<string, number>();
    for (const r of rows) for (const w of new Set(r.description.toLowerCase().split(/[^a-z]+/u))) if (w.length >= 4) counts.set(w, (counts.get(w) ?? 0) + 1);
    const word = [...counts].filter(([, n]) => n >= 3 && n < rows.length / 2).sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!word) throw new Error('no shared word in the demo descriptions');
    await page.getByTestId('search-input').fill(word);
    const rules = rulesByKey(await readStore<CategoryRule>(page, 'rules'));
    const expected = rows.filter((r) => [r.description, r.merchant ?? '', categoryLabel(effectiveCategory(r, rules)), r.note ?? ''].join('\u0001').toLowerCase().includes(word));
    await expect.poll(async () => Number(await page.getByTestId('match-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(expected.length);

    await openDialog();
    // A filter is set: it is the default, and says how many it holds.
    expect(await page.getByTestId('export-scope-filter').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('export-dialog').textContent()).toContain(`Current filter (${expected.length.toLocaleString('en-US')} transaction`);
    const { text, name, result } = await exportNow();
    expect(name).toMatch(/^ledgerline-filtered-.*\.csv$/);
    const got = parseCsv(text);
    expect(got.map((t) => t.id)).toEqual(expected.map((r) => r.id));
    expect(got.map((t) => t.amountMinor)).toEqual(expected.map((r) => r.amountMinor));
    expect(result).toContain(`Saved ${expected.length.toLocaleString('en-US')} transaction`);
    await page.screenshot({ path: screenshotPath('export-dialog-filter') });
    await closeDialog();
    await page.getByTestId('search-input').fill('');
    await page.getByTestId('match-summary').waitFor({ state: 'detached' });
  });

  it('everything as OFX: parses, one statement per account, the posted rows and no pending ones', async () => {
    await openDialog();
    await page.getByTestId('export-format-ofx').check();
    const { text, name, result } = await exportNow();
    expect(name).toMatch(/\.ofx$/);
    expect(text).toContain('<?OFX OFXHEADER="200" VERSION="220"');
    const rows = await liveRows();
    const accounts = await readStore<AccountRow>(page, 'accounts');
    const kinds = new Map(accounts.map((a) => [a.id, a.kind]));
    const posted = rows.filter((r) => !r.pending && kinds.get(r.accountId) !== 'investment');
    const pending = rows.filter((r) => r.pending && kinds.get(r.accountId) !== 'investment');
    const brokerageRows = rows.filter((r) => kinds.get(r.accountId) === 'investment');
    expect(brokerageRows.length).toBeGreaterThan(0);

    const doc = new XMLParser({ parseTagValue: false, isArray: (tag) => ['STMTTRNRS', 'CCSTMTTRNRS', 'STMTTRN'].includes(tag) }).parse(text) as {
      OFX: {
        BANKMSGSRSV1?: { STMTTRNRS: { STMTRS: { BANKACCTFROM: { ACCTID: string }; BANKTRANLIST: { STMTTRN?: { FITID: string; TRNAMT: string; DTPOSTED: string }[] } } }[] };
        CREDITCARDMSGSRSV1?: { CCSTMTTRNRS: { CCSTMTRS: { CCACCTFROM: { ACCTID: string }; BANKTRANLIST: { STMTTRN?: { FITID: string; TRNAMT: string; DTPOSTED: string }[] } } }[] };
      };
    };
    const lists = [
      ...(doc.OFX.BANKMSGSRSV1?.STMTTRNRS ?? []).map((s) => ({ acct: s.STMTRS.BANKACCTFROM.ACCTID, trns: s.STMTRS.BANKTRANLIST.STMTTRN ?? [] })),
      ...(doc.OFX.CREDITCARDMSGSRSV1?.CCSTMTTRNRS ?? []).map((s) => ({ acct: s.CCSTMTRS.CCACCTFROM.ACCTID, trns: s.CCSTMTRS.BANKTRANLIST.STMTTRN ?? [] })),
    ];
    expect(new Set(lists.map((l) => l.acct)).size).toBe(lists.length);
    expect(lists.length).toBe(new Set(posted.map((r) => r.accountId)).size);
    const trns = lists.flatMap((l) => l.trns);
    const byId = new Map(posted.map((r) => [r.id, r]));
    expect(trns.map((t) => t.FITID).sort()).toEqual(posted.map((r) => r.id).sort());
    for (const t of trns) {
      const r = byId.get(t.FITID);
      expect(r, t.FITID).toBeDefined();
      if (!r) continue;
      expect(toMinorUnits(t.TRNAMT, r.currency)).toBe(r.amountMinor);
      expect(t.DTPOSTED).toBe(r.date.replaceAll('-', ''));
    }
    for (const p of [...pending, ...brokerageRows]) expect(text).not.toContain(`<FITID>${p.id}</FITID>`);
    expect(result).toMatch(new RegExp(`${brokerageRows.length} brokerage transactions? left out`));
    await scheme('dark');
    await page.screenshot({ path: screenshotPath('export-dialog-ofx-dark') });
    await scheme('light');
    expect(result).toContain(`Saved ${posted.length.toLocaleString('en-US')} transactions`);
    if (pending.length > 0) expect(result).toContain(`${pending.length} pending`);
    await closeDialog();
  });

  it('shows its progress while it reads, and Stop cancels without saving anything', async () => {
    let downloads = 0;
    const onDownload = () => downloads++;
    page.on('download', onDownload);
    await openDialog();
    // Hold a readwrite transaction on the transactions store (as a long sync would): the export's
    // read-only snapshot waits behind it, so the dialog sits in its "reading" state until released.
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const w = window as unknown as { holdExport?: boolean };
      const open = indexedDB.open('ledgerline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const store = db.transaction('transactions', 'readwrite').objectStore('transactions');
        w.holdExport = true;
        const spin = () => {
          if (w.holdExport) store.count().onsuccess = spin;
          else db.close();
        };
        spin();
        resolve();
      };
    }));
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-progress').waitFor();
    expect(await page.getByTestId('export-confirm').textContent()).toBe('Exporting…');
    expect(await page.getByTestId('export-cancel').textContent()).toBe('Stop');
    for (const name of ['light', 'dark'] as const) {
      await scheme(name);
      await page.screenshot({ path: screenshotPath(`export-dialog-progress-${name}`) });
    }
    await scheme('light');
    await page.getByTestId('export-cancel').click();
    await page.evaluate(() => void ((window as unknown as { holdExport?: boolean }).holdExport = false));
    await expect.poll(() => page.getByTestId('export-result').textContent()).toBe('Export cancelled: nothing was saved.');
    await page.getByTestId('export-progress').waitFor({ state: 'detached' });
    expect(downloads).toBe(0);
    page.off('download', onDownload);
    await closeDialog();
  });

  it('the browser host never writes an export on its disk, even when a page asks it directly', async () => {
    const before = fs.readdirSync(host.dataDir).sort();
    const socket = await openIpcSocket(host.url);
    try {
      const reply = await socket.send(JSON.stringify({ id: 1, channel: 'export:save', payload: { suggestedName: 'planted.csv', format: 'csv', content: 'x\r\n' } }));
      expect(reply).toMatchObject({ id: 1, ok: true, value: { saved: false, fileName: null } });
      // Path tricks are refused by the schema before any handler runs.
      const sneaky = await socket.send(JSON.stringify({ id: 2, channel: 'export:save', payload: { suggestedName: '../../etc/x.csv', format: 'csv', content: 'x' } }));
      expect(sneaky).toMatchObject({ id: 2, ok: false, error: { code: 'invalid_input' } });
    } finally {
      socket.close();
    }
    expect(fs.readdirSync(host.dataDir).sort()).toEqual(before);
    expect(host.output()).not.toContain('planted.csv');
  });

  it('the dialog is keyboard usable and closes with Esc; no CSP violations or errors', async () => {
    await page.getByTestId('export-open').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('export-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-format-csv');
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-open');
    expect(consoleProblems).toEqual([]);
  });
});
