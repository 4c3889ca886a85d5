import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import type { Provider } from '../../shared/types';
import { openApp, stopAll } from './support/app';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { dumpDatabase, readStore, readChanges } from './support/idb';

// Settings end to end: the browser host (main's real services, the OS keychain) with the built
// renderer in Chromium. Provider credentials are configured against demo banks (base URL override
// = the bank's address), tested, broken and fixed; demo mode goes off and on; connections are
// removed keeping or deleting their data; and no secret ever reaches IndexedDB, storage, the page,
// an IPC frame (but the one that carries it to main), the log or the host's output.

const DEMO_CLIENT = 'ledgerline-settings-demo';
const DEMO_SECRET = 'settings-demo-secret-31337';
/** The "real" provider accounts the user types in: other banks, other credentials. */
const REAL = {
  plaid: { clientId: 'real-plaid-client-7', secret: 'plaid-typed-secret-Q8w2e4r6' },
  moneykit: { clientId: 'real-moneykit-client-7', secret: 'moneykit-typed-secret-Z1x3c5v7' },
  snaptrade: { clientId: 'real-snaptrade-client-7', secret: 'snaptrade-typed-key-M9n8b7v6' },
} as const satisfies Record<Provider, { clientId: string; secret: string }>;
const WRONG_SECRET = 'wrong-typed-secret-K2j4h6g8';
const PROVIDERS = ['plaid', 'moneykit', 'snaptrade'] as const;
const NAMES = { plaid: 'First Platypus Bank', moneykit: 'Acorn Credit Union', snaptrade: 'Demo Brokerage' } as const;

interface Frame {
  dir: 'sent' | 'received';
  text: string;
}

async function openSettings(page: Page) {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-view').waitFor();
}

describe.skipIf(!hasChromium)('settings without an OS keychain', () => {
  let bank: PlaidBank;
  let host: HostProcess;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 404, clientId: DEMO_CLIENT, secret: DEMO_SECRET, tickIntervalMs: null, profile: { historyDays: 20 } });
    // No session bus: keytar (libsecret) cannot reach a Secret Service.
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId: DEMO_CLIENT, secret: DEMO_SECRET, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' } });
    ({ context, page } = await openApp(host.url));
  });
  afterAll(() => stopAll(context, host, bank));

  it('keeps demo mode working, says plainly that no secret can be stored, and disables the credential forms', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    await page.getByTestId('tx-row').first().waitFor();
    await openSettings(page);
    const banner = page.getByTestId('keychain-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/No OS keychain is available[\s\S]*keeps working in demo mode and will not store secrets anywhere else/);
    for (const p of PROVIDERS) {
      const form = page.getByTestId(`provider-${p}`);
      expect(await form.getByTestId('provider-client-id').isDisabled(), p).toBe(true);
      expect(await form.getByTestId('provider-secret').isDisabled(), p).toBe(true);
      expect(await form.getByTestId('provider-save').isDisabled(), p).toBe(true);
    }
    await page.screenshot({ path: screenshotPath('e2e-settings-no-keychain') });
    // and the demo data is still there
    await page.getByRole('tab', { name: 'Transactions' }).click();
    await page.getByTestId('tx-row').first().waitFor();
    expect((await readStore(page, 'transactions')).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasChromium)('settings with the OS keychain', () => {
  // The demo connections' banks (credentials from the host's environment) …
  let demoPlaid: PlaidBank;
  let demoMoneykit: MoneykitBank;
  let demoSnaptrade: SnaptradeBank;
  // … and the banks the user's own credentials point at.
  let plaid: PlaidBank;
  let moneykit: MoneykitBank;
  let snaptrade: SnaptradeBank;
  let host: HostProcess;
  let context: BrowserContext;
  let page: Page;
  const frames: Frame[] = [];
  /** How many times each typed secret was submitted (each in exactly one settings:saveProvider frame). */
  const typed = new Map<string, number>();
  const urls = (): Record<Provider, string> => ({ plaid: plaid.plaidUrl, moneykit: moneykit.url, snaptrade: snaptrade.url });

  const statesByName = () =>
    page.getByTestId('connection').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.querySelector('.connection__name')?.textContent ?? '?', e.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state') ?? '?'])),
    );
  const group = (name: string): Locator => page.getByTestId('connection').filter({ has: page.locator('.connection__name', { hasText: name }) });
  const storedFor = async (connectionId: string) => {
    const rows = async (store: string) => (await readStore<{ connectionId?: string; id?: string }>(page, store)).filter((r) => r.connectionId === connectionId || r.id === connectionId).length;
    return {
      transactions: await rows('transactions'), accounts: await rows('accounts'), cursors: await rows('cursors'),
      syncRuns: await rows('syncRuns'), changes: (await readChanges(page)).filter((c) => c.connectionId === connectionId).length, connections: await rows('connections'),
    };
  };

  async function fillCredentials(provider: Provider, opts: { clientId?: string; secret: string; baseUrl?: string }) {
    const form = page.getByTestId(`provider-${provider}`);
    if (opts.clientId !== undefined) await form.getByTestId('provider-client-id').fill(opts.clientId);
    await form.getByTestId('provider-environment').selectOption('sandbox');
    if (await form.getByTestId('provider-secret-replace').count()) await form.getByTestId('provider-secret-replace').click();
    await form.getByTestId('provider-secret').fill(opts.secret);
    typed.set(opts.secret, (typed.get(opts.secret) ?? 0) + 1);
    if (opts.baseUrl !== undefined) {
      const base = form.getByTestId('provider-base-url');
      if (!(await base.isVisible())) await form.locator('summary', { hasText: 'Advanced' }).click();
      await base.fill(opts.baseUrl);
    }
    await form.getByTestId('provider-save').click();
    await expect.poll(() => form.getByTestId('provider-save').innerText(), { timeout: 20_000 }).toBe('Save');
    await expect.poll(() => form.getByTestId('provider-notice').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/Saved|Not saved/);
    expect(await form.getByTestId('provider-notice').innerText()).toMatch(/^Saved/);
    // the typed secret is gone from the page: only main's mask is shown
    expect(await form.getByTestId('provider-secret').count()).toBe(0);
    const mask = await form.getByTestId('provider-secret-mask').innerText();
    expect(mask).not.toContain(opts.secret);
    expect(mask).toMatch(/[•*]/);
  }

  async function testConnection(provider: Provider): Promise<{ ok: string | null; text: string }> {
    const form = page.getByTestId(`provider-${provider}`);
    await form.getByTestId('provider-test').click();
    await expect.poll(() => form.getByTestId('provider-test').innerText(), { timeout: 60_000 }).toBe('Test connection');
    await expect.poll(() => form.getByTestId('provider-test-result').innerText().catch(() => ''), { timeout: 10_000 }).not.toBe('');
    const result = form.getByTestId('provider-test-result');
    return { ok: await result.getAttribute('data-ok'), text: await result.innerText() };
  }

  beforeAll(async () => {
    [demoPlaid, demoMoneykit, demoSnaptrade, plaid, moneykit, snaptrade] = await Promise.all([
      startPlaidBank({ seed: 11, clientId: DEMO_CLIENT, secret: DEMO_SECRET, tickIntervalMs: null, profile: { historyDays: 30 } }),
      startMoneykitBank({ seed: 11, clientId: DEMO_CLIENT, clientSecret: DEMO_SECRET, profile: { historyDays: 30 } }),
      startSnaptradeBank({ seed: 11, clientId: DEMO_CLIENT, consumerKey: DEMO_SECRET, dailySync: false, profile: { historyDays: 30 } }),
      startPlaidBank({ seed: 12, clientId: REAL.plaid.clientId, secret: REAL.plaid.secret, tickIntervalMs: null, profile: { historyDays: 10 } }),
      startMoneykitBank({ seed: 12, clientId: REAL.moneykit.clientId, clientSecret: REAL.moneykit.secret, profile: { historyDays: 10 } }),
      startSnaptradeBank({ seed: 12, clientId: REAL.snaptrade.clientId, consumerKey: REAL.snaptrade.secret, dailySync: false, profile: { historyDays: 10 } }),
    ]);
    host = await startHost({
      plaidUrl: demoPlaid.plaidUrl, moneykitUrl: demoMoneykit.url, snaptradeUrl: demoSnaptrade.url,
      clientId: DEMO_CLIENT, secret: DEMO_SECRET, providers: ['plaid', 'moneykit', 'snaptrade'],
    });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frames.push({ dir: 'sent', text: String(f.payload) }));
      ws.on('framereceived', (f) => frames.push({ dir: 'received', text: String(f.payload) }));
    });
    await page.goto(host.url);
  });
  afterAll(() => stopAll(context, host, demoPlaid, demoMoneykit, demoSnaptrade, plaid, moneykit, snaptrade));

  it('starts in demo mode with the three demo connections synced', async () => {
    await expect.poll(statesByName, { timeout: 60_000 }).toEqual({ [NAMES.plaid]: 'ok', [NAMES.moneykit]: 'ok', [NAMES.snaptrade]: 'ok' });
    await openSettings(page);
    expect(await page.getByTestId('demo-switch').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('demo-mode').innerText()).toContain('Shows demo banks so you can try Ledgerline. Turns off when you connect a real provider.');
    expect(await page.getByTestId('keychain-banner').count()).toBe(0);
    for (const p of PROVIDERS) expect(await page.getByTestId(`provider-${p}`).getAttribute('data-configured'), p).toBe('false');
  });

  it('removing a connection asks first; Esc cancels; focus stays in the dialog', async () => {
    await page.getByRole('tab', { name: 'Transactions' }).click();
    await group(NAMES.snaptrade).getByTestId('connection-remove').click();
    const dialog = page.getByTestId('remove-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`Remove ${NAMES.snaptrade}?`);
    // Tab around more times than there are controls: focus never leaves the dialog.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await page.screenshot({ path: screenshotPath('e2e-settings-remove-dialog') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await statesByName())[NAMES.snaptrade]).toBe('ok');
  });

  it('removes a connection keeping its data: it shows as removed, and its rows stay', async () => {
    const id = (await group(NAMES.plaid).getAttribute('data-connection-id')) ?? '';
    const before = await storedFor(id);
    expect(before.transactions).toBeGreaterThan(0);
    await group(NAMES.plaid).getByTestId('connection-remove').click();
    await page.getByTestId('remove-keep').check();
    await page.getByTestId('remove-confirm').click();
    await expect.poll(() => page.getByTestId('removal-result').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/Removed/);
    expect(await page.getByTestId('removal-result').innerText()).toMatch(new RegExp(`Removed ${NAMES.plaid}\\. Its transactions stay on this computer`));
    await expect.poll(() => group(NAMES.plaid).getByTestId('connection-status').innerText()).toMatch(/Removed — showing saved data/);
    const after = await storedFor(id);
    expect(after.transactions).toBe(before.transactions);
    expect(after.accounts).toBe(before.accounts);
    expect(await page.getByTestId('tx-row').count()).toBeGreaterThan(0);
    // a reload (the launch reconcile) keeps it too
    await page.reload();
    await expect.poll(() => group(NAMES.plaid).getByTestId('connection-status').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/Removed — showing saved data/);
    expect((await storedFor(id)).transactions).toBe(before.transactions);
  });

  it('removes a connection deleting its data: every row of it is purged from IndexedDB', async () => {
    const id = (await group(NAMES.moneykit).getAttribute('data-connection-id')) ?? '';
    expect((await storedFor(id)).transactions).toBeGreaterThan(0);
    await group(NAMES.moneykit).getByTestId('connection-remove').click();
    await page.getByTestId('remove-delete').check();
    await page.getByTestId('remove-confirm').click();
    await expect.poll(() => page.getByTestId('removal-result').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(new RegExp(`Removed ${NAMES.moneykit} and deleted its data`));
    await expect.poll(() => group(NAMES.moneykit).count()).toBe(0);
    expect(await storedFor(id)).toEqual({ transactions: 0, accounts: 0, cursors: 0, syncRuns: 0, changes: 0, connections: 0 });
    await page.screenshot({ path: screenshotPath('e2e-settings-removed') });
  });

  it('configures each provider against its bank; Test connection says it works', async () => {
    await openSettings(page);
    for (const p of PROVIDERS) {
      await fillCredentials(p, { clientId: REAL[p].clientId, secret: REAL[p].secret, baseUrl: urls()[p] });
      const form = page.getByTestId(`provider-${p}`);
      await expect.poll(() => form.getAttribute('data-configured')).toBe('true');
      const result = await testConnection(p);
      expect(result.ok, `${p}: ${result.text}`).toBe('true');
      expect(result.text).toMatch(/^Connection works/);
      expect(result.text).toMatch(/tested at \d{1,2}:\d{2}/);
    }
  });

  it('a wrong secret fails the test, in plain words; the right one works again', async () => {
    await fillCredentials('plaid', { secret: WRONG_SECRET });
    const bad = await testConnection('plaid');
    expect(bad.ok).toBe('false');
    expect(bad.text).toMatch(/^Connection failed/);
    expect(bad.text).not.toMatch(/\{|\bat .*\.js|undefined|null|\[object/);
    await page.getByTestId('provider-plaid').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('e2e-settings-test-failed') });
    await fillCredentials('plaid', { secret: REAL.plaid.secret });
    expect((await testConnection('plaid')).ok).toBe('true');
  });

  it('another address or environment asks for the secret again, and plain http goes only to this computer', async () => {
    const form = page.getByTestId('provider-plaid');
    const base = form.getByTestId('provider-base-url');
    if (!(await base.isVisible())) await form.locator('summary', { hasText: 'Advanced' }).click();
    const saves = () => frames.filter((f) => f.dir === 'sent' && f.text.includes('"settings:saveProvider"')).length;
    const before = saves();
    // The secret field opens by itself (no Replace needed) and says why.
    await base.fill('http://127.0.0.1:1');
    await form.getByTestId('provider-secret').waitFor();
    expect(await form.getByTestId('provider-secret-hint').innerText()).toBe('Enter the secret again: the stored one is sent only to the address it was entered for.');
    await form.getByTestId('provider-save').click();
    expect(await form.locator('.field__error').innerText()).toBe('Enter the secret again: the stored one is sent only to the address it was entered for.');
    expect(saves()).toBe(before); // refused in the form: nothing went to main
    await base.fill(urls().plaid);
    await form.getByTestId('provider-secret-mask').waitFor();
    await form.getByTestId('provider-environment').selectOption('production');
    await form.getByTestId('provider-secret').waitFor();
    await form.getByTestId('provider-environment').selectOption('sandbox');
    await form.getByTestId('provider-secret-mask').waitFor();
    // Main has the last word on the address: http elsewhere is refused, in words, and nothing changes.
    await base.fill('http://collector.example');
    await form.getByTestId('provider-secret').fill(REAL.plaid.secret);
    typed.set(REAL.plaid.secret, (typed.get(REAL.plaid.secret) ?? 0) + 1);
    await form.getByTestId('provider-save').click();
    await expect.poll(() => form.getByTestId('provider-notice').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/^Not saved/);
    expect(await form.getByTestId('provider-notice').innerText())
      .toBe('Not saved: Plaid API base URL: plain http:// is allowed only to this computer (localhost, 127.0.0.1 or [::1]); use https://. Nothing was saved.');
    await base.fill(urls().plaid);
    await form.getByTestId('provider-secret-mask').waitFor();
    expect((await testConnection('plaid')).ok).toBe('true');
  });

  it('demo mode off: the demo connections disappear (the kept one stays as saved data)', async () => {
    await openSettings(page);
    const sw = page.getByTestId('demo-switch');
    if ((await sw.getAttribute('aria-checked')) === 'true') await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => group(NAMES.snaptrade).count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(1); // the kept, removed one
    await expect.poll(() => page.locator('.topbar .pill--demo').count()).toBe(0);
    const demoTx = (await readStore<{ id: string; connectionId: string }>(page, 'transactions')).filter((t) => t.id.startsWith('snaptrade:'));
    expect(demoTx).toHaveLength(0);
  });

  it('demo mode on again: the demo connections come back and sync', async () => {
    const sw = page.getByTestId('demo-switch');
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => Object.values(await statesByName()).filter((s) => s === 'ok').length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => group(NAMES.snaptrade).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await readStore<{ id: string }>(page, 'transactions')).filter((t) => t.id.startsWith('snaptrade:')).length, { timeout: 60_000 }).toBeGreaterThan(0);
  });

  it('looks right in light and dark, with nothing past the right edge at 960–1440 px', async () => {
    await openSettings(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1440, 1280, 960]) {
        await page.setViewportSize({ width, height: 1900 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${scheme} ${width}`).toBeLessThanOrEqual(0);
        const past = await page.evaluate(() =>
          [...document.querySelectorAll('[data-testid="settings-view"] *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length,
        );
        expect(past, `${scheme} ${width}`).toBe(0);
        await page.screenshot({ path: screenshotPath(`e2e-settings-${scheme}-${width}`) });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('leaks no secret: IndexedDB, storage, page, IPC frames (but the save that carries it), log, host output', async () => {
    const secrets = [
      ...new Set([
        DEMO_SECRET, WRONG_SECRET, ...PROVIDERS.map((p) => REAL[p].secret),
        ...demoPlaid.issuedSecrets(), ...demoMoneykit.issuedSecrets(), ...demoSnaptrade.issuedSecrets(),
        ...plaid.issuedSecrets(), ...moneykit.issuedSecrets(), ...snaptrade.issuedSecrets(),
      ]),
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(6);

    // Exactly the outgoing settings:saveProvider frames carry a typed secret, one per Save.
    const carrying = new Map<string, number>();
    const others: Frame[] = [];
    for (const f of frames) {
      const msg = f.dir === 'sent' ? (JSON.parse(f.text) as { channel?: string; payload?: { secret?: string } }) : null;
      if (msg?.channel === 'settings:saveProvider' && typeof msg.payload?.secret === 'string' && typed.has(msg.payload.secret)) {
        const s = msg.payload.secret;
        carrying.set(s, (carrying.get(s) ?? 0) + 1);
        // … and nothing else: no other secret rides along in that frame.
        for (const other of secrets) if (other !== s) expect(f.text.includes(other), 'a save frame carries another secret').toBe(false);
      } else {
        others.push(f);
      }
    }
    expect(Object.fromEntries(carrying)).toEqual(Object.fromEntries(typed));

    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    const logFile = fs.readFileSync(path.join(host.dataDir, 'ledgerline.log'), 'utf8');
    const dataFiles = fs.readdirSync(host.dataDir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(host.dataDir, f), 'utf8')).join('\n');
    await openSettings(page);
    const haystacks: Record<string, string> = {
      indexedDb: await dumpDatabase(page),
      storage,
      ipcSent: others.filter((f) => f.dir === 'sent').map((f) => f.text).join('\n'),
      ipcReceived: others.filter((f) => f.dir === 'received').map((f) => f.text).join('\n'),
      pageText: await page.locator('body').innerText(),
      pageHtml: await page.content(),
      inputValues: await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).join('\n')),
      log: logFile,
      dataFiles,
      hostOutput: host.output(),
    };
    expect(frames.length).toBeGreaterThan(0);
    expect(logFile.length).toBeGreaterThan(0);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const s of secrets) expect(text.includes(s), `${where} contains a secret (${s.slice(0, 4)}…)`).toBe(false);
    }
  });
});
