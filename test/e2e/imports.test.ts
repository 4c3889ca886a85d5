import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { readImportFile } from '../../shared/import/readFile';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { readChanges, readStore } from './support/idb';
import type { AccountRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';

// Manual accounts and file import, for real: the Plaid demo bank (HTTP) → the browser host → the
// built renderer in Chromium. A manual account is made and given a row by hand (edited, then deleted
// from its detail panel, the balance following); an OFX, a QFX, a
// QIF and a CSV go into it, a second CSV (another shape) onto the synced checking account's older
// history; files imported twice show every row as a duplicate and add nothing; undo in Changes
// takes exactly one import's rows out; a statement overlapping the bank's synced rows adds only its older rows; a bad file writes nothing; a sync afterwards leaves it all.
// Every count is checked against IndexedDB (read without Dexie) and against the fixture parsed here.
// Screenshots: test-results/import-mapping.png, import-preview.png, import-preview-duplicates.png,
// import-sidebar.png, import-account-hover.png, import-preview-overlap.png.
const clientId = 'ledgerline-imports';
const secret = 'imports-secret-2020';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const FIXTURES = 'test/fixtures/import';

const transactions = () => readStore<TransactionRow>(page, 'transactions');
const accounts = () => readStore<AccountRow>(page, 'accounts');
const manualAccount = async (name = 'Cash box') => (await accounts()).find((a) => a.connectionId === 'manual' && a.name === name);

/** New account… in the sidebar's manual group. */
async function createAccount(name: string, balance: string): Promise<AccountRow> {
  await page.getByTestId('manual-account-new').click();
  const dialog = page.getByTestId('manual-account-dialog');
  await dialog.getByTestId('manual-account-name').fill(name);
  await dialog.getByTestId('manual-account-currency').fill('USD');
  await dialog.getByTestId('manual-account-balance').fill(balance);
  await dialog.getByTestId('manual-account-save').click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(async () => (await manualAccount(name)) !== undefined).toBe(true);
  return (await manualAccount(name))!;
}
/** Rows the fixture holds for an account in `currency`, as the app's own reader sees them (in this process). */
const fixtureRows = (name: string, currency = 'USD', csv = {}) => readImportFile(new Uint8Array(fs.readFileSync(`${FIXTURES}/${name}`)), { fileName: name, currency, csv }).rows;

function accountRow(id: string): Locator {
  return page.locator(`[data-testid="account-row"][data-account-id="${id}"]`);
}

/** Opens Import file… on an account and gives it the fixture; returns the dialog. */
async function startImport(accountId: string, name: string): Promise<Locator> {
  const row = accountRow(accountId);
  await row.hover();
  await row.getByTestId('account-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('import-file-input').setInputFiles(`${FIXTURES}/${name}`);
  return dialog;
}

async function previewCounts(dialog: Locator): Promise<{ fresh: number; skipped: number; errors: number }> {
  const summary = dialog.getByTestId('import-summary');
  await summary.waitFor();
  const attr = async (n: string) => Number(await summary.getAttribute(n));
  return { fresh: await attr('data-new'), skipped: await attr('data-skipped'), errors: await attr('data-errors') };
}

/** Confirms the preview; waits for the dialog to close and the rows to be in IndexedDB. */
async function confirmImport(dialog: Locator, expectAdded: number): Promise<void> {
  const before = (await transactions()).length;
  await dialog.getByTestId('import-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(async () => (await transactions()).length).toBe(before + expectAdded);
  expect(await page.getByTestId('manual-notice').innerText()).toContain(`Imported ${expectAdded} transaction`);
}

async function importRun(fileName: string): Promise<SyncRunRow> {
  const run = (await readStore<SyncRunRow>(page, 'syncRuns')).find((r) => r.kind === 'import' && r.importOf?.fileName === fileName && !r.revertedBy);
  if (!run) throw new Error(`no import run for ${fileName}`);
  return run;
}

describe.skipIf(!hasChromium)('manual accounts and file import in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 2020, clientId, secret, tickIntervalMs: null, profile: { historyDays: 60 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret, providers: ['plaid'] });
    ({ context, page } = await openApp(host.url));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.waitForFunction(() => {
      const states = [...document.querySelectorAll('[data-testid="connection-status"]')].map((e) => e.getAttribute('data-state'));
      return states.length === 1 && states[0] === 'ok';
    }, undefined, { timeout: 60_000 });
    await page.getByTestId('tx-row').first().waitFor();
  });
  afterAll(() => stopAll(context, host, bank));

  it('creates a manual account and adds a row by hand: the balance moves, the row is listed and searchable, nothing syncs it', async () => {
    const acct = await createAccount('Cash box', '1,000.00');
    expect(acct).toMatchObject({ name: 'Cash box', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 100_000 });

    await accountRow(acct.id).getByTestId('manual-tx-add').click();
    const tx = page.getByTestId('manual-tx-dialog');
    await tx.getByTestId('manual-tx-description').fill('Farmers market');
    await tx.getByTestId('manual-tx-amount').fill('23.45');
    await tx.getByTestId('manual-tx-save').click();
    await tx.waitFor({ state: 'detached' });
    await expect.poll(async () => (await manualAccount())?.currentMinor).toBe(100_000 - 2_345);
    const typed = (await transactions()).find((t) => t.accountId === acct.id);
    expect(typed).toMatchObject({ description: 'Farmers market', amountMinor: -2_345, connectionId: 'manual', pending: false, removedAt: null });
    expect(typed?.id).toMatch(/^manual:/);
    await expect.poll(() => accountRow(acct.id).locator('.account__current').innerText()).toBe('$976.55');

    // In the list and in search, like a synced row.
    await page.getByTestId('search-input').fill('farmers market');
    await expect.poll(async () => Number(await page.getByTestId('match-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('search-input').fill('');

    // Edited and then deleted from its detail panel; the balance follows both ways.
    await page.getByTestId('tx-row').filter({ hasText: 'Farmers market' }).click();
    await page.getByTestId('local-row-edit').click();
    const edit = page.getByTestId('manual-tx-dialog');
    expect(await edit.getByTestId('manual-tx-amount').inputValue()).toBe('23.45');
    await edit.getByTestId('manual-tx-amount').fill('30');
    await edit.getByTestId('manual-tx-save').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await manualAccount())?.currentMinor).toBe(100_000 - 3_000);
    expect((await transactions()).find((t) => t.id === typed?.id)?.amountMinor).toBe(-3_000);
    await page.getByTestId('local-row-edit').click();
    await edit.getByTestId('manual-tx-delete').click();
    await edit.getByTestId('manual-tx-delete').click(); // the second press confirms
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await transactions()).some((t) => t.id === typed?.id)).toBe(false);
    expect((await manualAccount())?.currentMinor).toBe(100_000);
    await page.getByTestId('tx-detail-close').click();
    // The manual group has no sync status line; the bank's connection is still the only one.
    expect(await page.getByTestId('manual-accounts').getByTestId('connection-status').count()).toBe(0);
    expect(await page.getByTestId('connection-status').count()).toBe(1);
  });

  it('imports an OFX, a QFX and a QIF into it: the preview lists every row as new before anything is written, then exactly those rows arrive', async () => {
    const acct = (await manualAccount())!;
    for (const name of ['credit-union-sgml.ofx', 'quicken-card.qfx', 'cash-ambiguous.qif']) {
      const expected = fixtureRows(name);
      expect(expected.length).toBeGreaterThan(0);
      const before = await transactions();
      const dialog = await startImport(acct.id, name);
      const counts = await previewCounts(dialog);
      expect(counts.fresh).toBe(expected.length);
      expect(counts.skipped).toBe(0);
      expect(await dialog.getByTestId('import-preview-row').count()).toBe(expected.length);
      // Nothing is written by the preview.
      expect((await transactions()).length).toBe(before.length);
      if (name === 'credit-union-sgml.ofx') {
        expect(counts.errors).toBe(1); // the row with a broken date is shown, not imported
        await page.screenshot({ path: screenshotPath('import-preview') });
      }
      const balanceBefore = (await manualAccount())!.currentMinor!;
      await confirmImport(dialog, expected.length);
      const run = await importRun(name);
      const added = (await transactions()).filter((t) => !before.some((b) => b.id === t.id));
      expect(added.map((t) => [t.date, t.amountMinor, t.description]).sort()).toEqual(expected.map((r) => [r.date, r.amountMinor, r.description]).sort());
      expect(added.every((t) => t.id.startsWith('import:') && t.accountId === acct.id && t.connectionId === 'manual')).toBe(true);
      expect((await readChanges(page)).filter((c) => c.runId === run.id).map((c) => c.txId).sort()).toEqual(added.map((t) => t.id).sort());
      expect((await manualAccount())!.currentMinor).toBe(balanceBefore + expected.reduce((s, r) => s + r.amountMinor, 0));
    }
  });

  it('two differently shaped CSVs: the mapping step shows the columns and detected formats; one into a second manual account, one onto the synced account\'s older history', async () => {
    // Its own account: the Chase export holds some of the credit union's rows (same household), which would be duplicates there.
    const acct = await createAccount('Chase checking', '0');
    // Chase: an amount column, a posting date, extra columns.
    const chase = fixtureRows('chase-checking.csv');
    let dialog = await startImport(acct.id, 'chase-checking.csv');
    const mapping = dialog.getByTestId('import-mapping');
    await mapping.waitFor();
    const roles = await mapping.getByTestId('import-column-role').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(roles.slice(0, 4)).toEqual(['', 'date', 'description', 'amount']);
    expect(await dialog.getByTestId('import-date-order').inputValue()).toBe('MDY');
    expect(await dialog.getByTestId('import-decimal-mark').inputValue()).toBe('.');
    expect(await dialog.getByTestId('import-reads-as').locator('li').count()).toBe(4);
    await page.screenshot({ path: screenshotPath('import-mapping') });
    await dialog.getByTestId('import-mapping-continue').click();
    expect((await previewCounts(dialog)).fresh).toBe(chase.length);
    await confirmImport(dialog, chase.length);

    // UK: money out / money in columns, day-first dates, pound signs, a total footer — onto the bank's checking account.
    const checking = (await accounts()).find((a) => a.connectionId !== 'manual' && a.kind === 'depository')!;
    const plaidConnection = checking.connectionId;
    const cursorBefore = (await readStore<{ connectionId: string; cursor: string }>(page, 'cursors')).find((c) => c.connectionId === plaidConnection)?.cursor;
    const uk = fixtureRows('uk-debit-credit.csv', checking.currency, { dateOrder: 'DMY' });
    expect(uk.length).toBe(3);
    // Import file… floats over a synced account's second line on hover, moving nothing.
    const box = await accountRow(checking.id).boundingBox();
    await accountRow(checking.id).hover();
    expect(await accountRow(checking.id).boundingBox()).toEqual(box);
    await page.screenshot({ path: screenshotPath('import-account-hover'), clip: { x: 0, y: 56, width: 320, height: 560 } });
    dialog = await startImport(checking.id, 'uk-debit-credit.csv');
    await dialog.getByTestId('import-mapping').waitFor();
    expect(await dialog.getByTestId('import-date-order').inputValue()).toBe('DMY');
    const ukRoles = await dialog.getByTestId('import-column-role').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(ukRoles.slice(0, 4)).toEqual(['date', 'description', 'debit', 'credit']);
    await dialog.getByTestId('import-mapping-continue').click();
    const counts = await previewCounts(dialog);
    expect(counts).toEqual({ fresh: 3, skipped: 0, errors: 2 });
    const bankBalance = checking.currentMinor;
    await confirmImport(dialog, 3);
    const imported = (await transactions()).filter((t) => t.accountId === checking.id && t.id.startsWith('import:'));
    expect(imported.map((t) => [t.date, t.amountMinor]).sort()).toEqual(uk.map((r) => [r.date, r.amountMinor]).sort());
    expect(imported.every((t) => t.connectionId === plaidConnection)).toBe(true);
    // The connection's cursor and the bank's balance are untouched.
    expect((await readStore<{ connectionId: string; cursor: string }>(page, 'cursors')).find((c) => c.connectionId === plaidConnection)?.cursor).toBe(cursorBefore);
    expect((await accounts()).find((a) => a.id === checking.id)?.currentMinor).toBe(bankBalance);
    await page.screenshot({ path: screenshotPath('import-sidebar') });
  });

  it('a file imported twice shows all its rows as duplicates in the preview and adds nothing (CSV with its saved columns, and OFX)', async () => {
    const acct = (await manualAccount())!;
    const before = await transactions();
    let dialog = await startImport((await manualAccount('Chase checking'))!.id, 'chase-checking.csv');
    // The columns chosen last time for this shape are offered again.
    await dialog.getByTestId('import-saved-mapping').waitFor();
    await dialog.getByTestId('import-mapping-continue').click();
    const chase = fixtureRows('chase-checking.csv');
    expect(await previewCounts(dialog)).toEqual({ fresh: 0, skipped: chase.length, errors: 0 });
    expect(await dialog.locator('[data-testid="import-preview-row"][data-status="dup"]').count()).toBe(chase.length);
    expect(await dialog.getByTestId('import-confirm').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('import-preview-duplicates') });
    await dialog.getByTestId('import-cancel').click();
    await dialog.waitFor({ state: 'detached' });

    dialog = await startImport(acct.id, 'credit-union-sgml.ofx');
    const ofx = fixtureRows('credit-union-sgml.ofx');
    expect(await previewCounts(dialog)).toEqual({ fresh: 0, skipped: ofx.length, errors: 1 });
    await dialog.getByTestId('import-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await transactions()).toEqual(before);
  });

  it('a statement overlapping the bank\'s own rows: the preview marks exactly those as duplicates, and only the older rows are written', async () => {
    // The real case (actual#2272): history from before the provider's window, in a file whose last
    // weeks the bank has already synced. Built here from the synced checking rows as IndexedDB holds them.
    const checking = (await accounts()).find((a) => a.connectionId !== 'manual' && a.kind === 'depository')!;
    const synced = (await transactions())
      .filter((t) => t.accountId === checking.id && !t.id.startsWith('import:') && !t.pending && !t.removedAt)
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    const overlap = [synced[0]!, synced[1]!, synced[synced.length - 1]!];
    const firstDay = new Date(`${synced[0]!.date}T00:00:00Z`);
    const older = [40, 75].map((back, i) => ({
      date: new Date(firstDay.getTime() - back * 86_400_000).toISOString().slice(0, 10),
      description: `OLD STATEMENT ROW ${i + 1}`,
      amountMinor: -(1_234 + i * 1_000),
    }));
    const money = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
    const lines = [...older, ...overlap].map((r) => `${r.date},"${r.description.replaceAll('"', '""')}",${money(r.amountMinor)}`);
    const before = await transactions();
    const cursorBefore = (await readStore<{ connectionId: string; cursor: string }>(page, 'cursors')).find((c) => c.connectionId === checking.connectionId)?.cursor;

    const row = accountRow(checking.id);
    await row.hover();
    await row.getByTestId('account-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByTestId('import-file-input').setInputFiles({ name: 'older-statement.csv', mimeType: 'text/csv', buffer: Buffer.from(`Date,Description,Amount\n${lines.join('\n')}\n`) });
    await dialog.getByTestId('import-mapping').waitFor();
    expect(await dialog.getByTestId('import-date-order').inputValue()).toBe('YMD');
    await dialog.getByTestId('import-mapping-continue').click();
    expect(await previewCounts(dialog)).toEqual({ fresh: 2, skipped: 3, errors: 0 });
    // The rows marked as duplicates are the bank's three, by date and amount; the new ones are the older two.
    const shown = async (status: string) => dialog.locator(`[data-testid="import-preview-row"][data-status="${status}"]`).allInnerTexts();
    const dups = await shown('dup');
    expect(dups).toHaveLength(3);
    for (const t of overlap) expect(dups.some((text) => text.includes(t.description)), t.description).toBe(true);
    const fresh = await shown('new');
    expect(fresh).toHaveLength(2);
    for (const r of older) expect(fresh.some((text) => text.includes(r.description)), r.description).toBe(true);
    await page.screenshot({ path: screenshotPath('import-preview-overlap') });
    await confirmImport(dialog, 2);

    const after = await transactions();
    const added = after.filter((t) => !before.some((b) => b.id === t.id));
    expect(added.map((t) => [t.accountId, t.date, t.amountMinor, t.description]).sort()).toEqual(older.map((r) => [checking.id, r.date, r.amountMinor, r.description]).sort());
    // The bank's rows are as they were, and the connection's cursor and balance untouched.
    for (const t of before) expect(after.find((a) => a.id === t.id), t.id).toEqual(t);
    expect((await readStore<{ connectionId: string; cursor: string }>(page, 'cursors')).find((c) => c.connectionId === checking.connectionId)?.cursor).toBe(cursorBefore);
    expect((await accounts()).find((a) => a.id === checking.id)?.currentMinor).toBe(checking.currentMinor);
  });

  it('a file that is not a statement says why and writes nothing', async () => {
    const acct = (await manualAccount())!;
    const before = await transactions();
    await accountRow(acct.id).getByTestId('account-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByTestId('import-file-input').setInputFiles({ name: 'statement.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n') });
    expect(await dialog.getByTestId('import-error').innerText()).toMatch(/This is a PDF/);
    // A currency the account does not hold: rows refused, named.
    await dialog.getByTestId('import-file-input').setInputFiles(`${FIXTURES}/bank-xml.ofx`);
    await expect.poll(() => dialog.getByTestId('import-error').innerText()).toMatch(/No row of this file could be read/);
    await dialog.getByTestId('import-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await transactions()).toEqual(before);
  });

  it('undo in Changes removes exactly one import\'s rows and moves the balance back; a sync afterwards keeps the rest', async () => {
    const run = await importRun('quicken-card.qfx');
    const ids = new Set((await readChanges(page)).filter((c) => c.runId === run.id).map((c) => c.txId));
    expect(ids.size).toBe(run.added);
    const before = await transactions();
    const balance = (await manualAccount())!.currentMinor!;
    const sum = before.filter((t) => ids.has(t.id)).reduce((s, t) => s + t.amountMinor, 0);

    await page.getByTestId('tab-changes').click();
    const card = page.locator(`[data-testid="sync-run"][data-run-id="${run.id}"]`);
    await card.waitFor();
    expect(await card.locator('.run__trigger').innerText()).toBe('Import');
    expect(await card.locator('.run__institution').innerText()).toBe('Manual accounts · quicken-card.qfx');
    await card.getByTestId('run-undo').click();
    await card.getByTestId('undo-confirm').waitFor();
    await card.getByTestId('undo-confirm-button').click();
    await card.getByTestId('run-undone').waitFor();

    const after = await transactions();
    expect(after).toEqual(before.filter((t) => !ids.has(t.id)));
    expect((await manualAccount())!.currentMinor).toBe(balance - sum);

    // A sync of the bank afterwards: no failure anywhere, the imported and typed rows stay.
    await page.getByTestId('tab-transactions').click();
    await page.getByTestId('refresh-now').click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    const synced = new Map((await transactions()).map((t) => [t.id, t]));
    for (const t of after.filter((r) => r.id.startsWith('import:') || r.id.startsWith('manual:'))) expect(synced.get(t.id)).toEqual(t);
    expect(problems).toEqual([]);
  });
});
