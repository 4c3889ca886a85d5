import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { openApp, stopAll } from './support/app';
import { hasChromium, screenshotPath } from './support/browser';
import { startHost, tempDir, type HostProcess } from './support/host';
import { dumpDatabase, readStore } from './support/idb';
import type { CursorRow, SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';
import { decodeBackup } from '../../shared/backup/backup';

// Backup and restore for real: the Plaid demo bank (HTTP) → browser host → the built renderer in
// Chromium → IndexedDB. The user's own fields (a note typed in the detail panel, a category rule, a
// budget) join a synced ledger; Settings → Back up now with a passphrase downloads the file. A wrong
// passphrase says so and leaves IndexedDB byte-identical. The ledger moves on (a refresh), the
// backup is restored over it — every store equal to the backed-up one field by field — and Undo
// restore brings the moved-on ledger back, field by field. Then a wipe, a restore, and Refresh now:
// the sync continues from the restored cursor (not a first sync) and brings exactly the rows the
// bank made since, once each.
const clientId = 'ledgerline-backup';
const secret = 'backup-restore-secret-2020';
const PASS = 'violet kettle 47 ferns';
let bank: PlaidBank;
let host: HostProcess;
let context: BrowserContext;
let page: Page;
let itemId = '';
const problems: string[] = [];
const downloads = tempDir('backup-downloads');

/** Every object store, as stored (whatever stores the schema has). */
async function readAll(): Promise<Record<string, unknown[]>> {
  const names = await page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('ledgerline');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const list = [...open.result.objectStoreNames];
      open.result.close();
      resolve(list);
    };
  }));
  const out: Record<string, unknown[]> = {};
  for (const n of names) out[n] = await readStore(page, n);
  return out;
}

/** Writes rows straight into IndexedDB (`put`), or empties every store (`wipe`), without the app. */
async function rawWrite(op: { put: [string, unknown][] } | { wipe: true }): Promise<void> {
  await page.evaluate((o) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('ledgerline');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = 'wipe' in o ? [...db.objectStoreNames] : [...new Set(o.put.map(([s]) => s))];
      const t = db.transaction(names, 'readwrite');
      if ('wipe' in o) for (const n of names) t.objectStore(n).clear();
      else for (const [s, row] of o.put) t.objectStore(s).put(row);
      t.oncomplete = () => { db.close(); resolve(); };
      t.onerror = () => reject(t.error);
    };
  }), op);
}

async function refresh(): Promise<SyncRunRow> {
  const before = new Set((await readStore<SyncRunRow>(page, 'syncRuns')).map((r) => r.id));
  await page.getByTestId('refresh-now').click();
  await expect.poll(async () => (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => !before.has(r.id)).length, { timeout: 30_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 30_000 }).toBe(false);
  return (await readStore<SyncRunRow>(page, 'syncRuns')).find((r) => !before.has(r.id))!;
}

/** Picks the backup file in Restore and gives its passphrase. */
async function openInRestore(file: string, passphrase: string): Promise<void> {
  await page.getByTestId('restore-file').setInputFiles(file);
  await page.getByTestId('restore-passphrase').fill(passphrase);
  await page.getByTestId('restore-open').click();
}

describe.skipIf(!hasChromium)('Backup and restore in Chromium', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 2020, clientId, secret, tickIntervalMs: null, profile: { historyDays: 45 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret, providers: ['plaid'] });
    ({ context, page } = await openApp(host.url));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    itemId = bank.items()[0]?.item_id ?? '';
  });
  afterAll(() => stopAll(context, host, bank));

  it('backs up with a passphrase, refuses a wrong one, restores field by field, undoes, and syncs on from the restored cursor', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');

    // The user's own fields: a note typed in the detail panel, a rule and a budget.
    const rows = await readStore<TransactionRow>(page, 'transactions');
    // The newest row with a merchant: the virtualized list has it on screen.
    const noted = rows.filter((t) => t.listKey && t.merchant !== null).sort((a, b) => (b.listKey! < a.listKey! ? -1 : 1))[0]!;
    await page.locator(`[data-testid="tx-row"][data-tx-id="${noted.id}"]`).click();
    await page.getByTestId('tx-detail').getByTestId('user-note').fill('Birthday dinner — split with Ana');
    await page.getByTestId('tx-detail').getByTestId('user-fields-save').click();
    await expect.poll(() => page.getByTestId('tx-detail').getByRole('status').innerText()).toBe('Saved');
    await page.getByTestId('tx-detail-close').click();
    await rawWrite({ put: [
      ['rules', { id: 'rule-e2e', merchantKey: noted.merchant!.toLowerCase(), merchantLabel: noted.merchant, category: 'dining', createdAt: '2026-04-01T00:00:00.000Z' }],
      ['budgets', { id: 'USD\u0000dining\u00002026-04', currency: 'USD', category: 'dining', month: '2026-04', assignedMinor: 45_029, updatedAt: '2026-04-01T00:00:00.000Z' }],
    ] });
    const original = await readAll();
    expect((original.transactions as TransactionRow[]).find((t) => t.id === noted.id)?.note).toBe('Birthday dinner — split with Ana');
    const cursorA = (original.cursors as CursorRow[])[0]!.cursor;

    // Back up now, encrypted: the passphrase typed twice, its strength shown.
    await page.getByTestId('tab-settings').click();
    const section = page.getByTestId('backup-section');
    await section.scrollIntoViewIfNeeded();
    await page.getByTestId('backup-passphrase').fill(PASS);
    await expect.poll(() => page.getByTestId('backup-strength').innerText()).toMatch(/Strong|Fair/);
    await page.getByTestId('backup-passphrase-again').fill(`${PASS}x`);
    expect(await page.getByTestId('backup-now-button').isDisabled()).toBe(true);
    await page.getByTestId('backup-passphrase-again').fill(PASS);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-now-button').click()]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^ledgerline-\d{4}-\d{2}-\d{2}\.llbackup$/);
    const total = Object.values(original).reduce((s, r) => s + r.length, 0);
    await expect.poll(() => page.getByTestId('backup-result').innerText()).toMatch(new RegExp(`^Backed up ${total.toLocaleString('en-US')} rows \\(.* MB, encrypted\\) in \\d+\\.\\d s to ${download.suggestedFilename()}\\.$`));
    await section.screenshot({ path: screenshotPath('e2e-backup-section') });

    // The file: encrypted (no row readable without the passphrase), every store, and no token or secret the bank issued.
    const bytes = new Uint8Array(fs.readFileSync(file));
    expect(Buffer.from(bytes).toString('utf8')).not.toContain(noted.id);
    const decoded = await decodeBackup(bytes, { passphrase: PASS });
    expect(Object.keys(decoded.tables).sort()).toEqual(Object.keys(original).sort());
    const plain = JSON.stringify(decoded.tables);
    for (const s of [...bank.issuedSecrets(), secret]) expect(plain).not.toContain(s);

    // A wrong passphrase: a clear error, and IndexedDB byte-identical.
    const dumpBefore = await dumpDatabase(page);
    await openInRestore(file, 'violet kettle 47 fern');
    await expect.poll(() => page.getByTestId('restore-error').innerText()).toMatch(/not the one this backup was made with\. Nothing was changed/);
    expect(await dumpDatabase(page)).toBe(dumpBefore);
    expect(await page.getByTestId('restore-preview').count()).toBe(0);

    // The ledger moves on: a refresh with new activity.
    await page.getByTestId('tab-transactions').click();
    const scripted = bank.scriptNextRefresh(itemId, [
      { kind: 'authorize', key: 'new1', payee: 'Starbucks', amountCents: 675 },
      { kind: 'authorize', key: 'new2', payee: 'Safeway', amountCents: 2_310 },
    ]);
    const moved = await refresh();
    await scripted;
    expect(moved.added).toBe(2);
    const movedOn = await readAll();

    // Restore over it: the preview says what is replaced, then every store equals the backup's.
    await page.getByTestId('tab-settings').click();
    await openInRestore(file, PASS);
    const preview = page.getByTestId('restore-preview');
    await preview.waitFor();
    for (const [store, list] of Object.entries(original)) {
      const row = preview.locator(`tr[data-table="${store}"]`);
      if (list.length === 0 && movedOn[store]!.length === 0) continue;
      expect([await row.getAttribute('data-now'), await row.getAttribute('data-in-file')], store).toEqual([String(movedOn[store]!.length), String(list.length)]);
    }
    expect(await page.getByTestId('restore-preview-connections').innerText()).not.toBe('none');
    expect(await page.getByTestId('restore-preview-relink').count()).toBe(0); // the host has this connection's sign-in
    await preview.scrollIntoViewIfNeeded();
    await preview.screenshot({ path: screenshotPath('e2e-restore-preview') });
    await page.getByTestId('restore-confirm').click();
    await expect.poll(() => page.getByTestId('restore-result').innerText(), { timeout: 30_000 }).toMatch(/^Restored \d[\d,]* rows from the backup of /);
    expect(await readAll()).toStrictEqual(original);

    // Undo restore: the moved-on ledger, field by field.
    await page.getByTestId('restore-undo').click();
    await expect.poll(() => page.getByTestId('restore-result').innerText(), { timeout: 30_000 }).toMatch(/restore was undone/);
    expect(await readAll()).toStrictEqual(movedOn);
    expect(await page.getByTestId('restore-undo-offer').count()).toBe(0);

    // Wipe → restore → identical again; then Refresh now continues from the restored cursor.
    await rawWrite({ wipe: true });
    await openInRestore(file, PASS);
    await page.getByTestId('restore-confirm').click();
    await expect.poll(() => page.getByTestId('restore-result').innerText(), { timeout: 30_000 }).toMatch(/^Restored /);
    expect(await readAll()).toStrictEqual(original);
    await page.getByTestId('tab-transactions').click();
    const quiet = bank.scriptNextRefresh(itemId, []); // the bank makes nothing new at this refresh
    const next = await refresh();
    await quiet;
    expect(next.fromCursor).toBe(cursorA);
    expect(next.added).toBe(2);
    const after = await readStore<TransactionRow>(page, 'transactions');
    expect(new Set(after.map((t) => t.id)).size).toBe(after.length);
    expect(after.map((t) => t.id).sort()).toEqual((movedOn.transactions as TransactionRow[]).map((t) => t.id).sort());
    expect(after.find((t) => t.id === noted.id)?.note).toBe('Birthday dinner — split with Ana');
    expect(problems).toEqual([]);
  }, 120_000);
});
