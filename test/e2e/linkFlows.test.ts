import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import type { SyncRunRow, TransactionRow } from '../../renderer/src/db/schema';
import { PROVIDERS, type Provider } from '../../shared/types';
import { hasChromium, launchBrowser, screenshotPath } from './support/browser';
import { startHost, type HostProcess } from './support/host';
import { dumpDatabase, readStore } from './support/idb';
import { linkCases, type LinkCase } from './support/linkCases';

// Issue #6's acceptance: a new user (fresh data folder, fresh browser profile, the real OS
// keychain) sets up a provider in Settings against a demo bank, adds an account through the
// provider's sign-in page, sees it sync exactly the bank's data, is forced to sign in again, does,
// syncs again without duplicates, and removes the connection — after which its keychain entries
// are gone. Then no secret of the whole session is anywhere it must not be.
//
// Run under `dbus-run-session -- sh test/tools/with-keyring.sh npx vitest run test/e2e/linkFlows.test.ts`.

const hasBus = process.platform !== 'linux' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const DEMO_CLIENT = 'link-e2e-demo-client';
const DEMO_SECRET = 'link-e2e-demo-secret-90210';
const KEYCHAIN_SERVICE = `ledgerline-e2e-link-${crypto.randomUUID()}`;

interface Frame {
  dir: 'sent' | 'received';
  text: string;
}
interface StoredConnection {
  id: string;
  provider: Provider;
  demo: boolean;
  externalId: string;
  institutionName: string;
}

describe.skipIf(!hasChromium || !hasBus)('linking accounts: add, sign in again, remove (issue #6)', () => {
  const cases = linkCases(606);
  let demoBank: PlaidBank;
  let host: HostProcess;
  let context: BrowserContext;
  let page: Page;
  const frames: Frame[] = [];
  /** Each typed secret, and how many times it was saved (each in exactly one settings:saveProvider frame). */
  const typed = new Map<string, number>();
  /** Every password the keychain held for this service during the session (provider secrets, access tokens). */
  const keychainSecrets = new Set<string>();
  /** The connection each provider's case linked. */
  const linked = new Map<Provider, StoredConnection>();

  const connectionsFile = (): StoredConnection[] =>
    (JSON.parse(fs.readFileSync(path.join(host.dataDir, 'connections.json'), 'utf8')) as { connections: StoredConnection[] }).connections;
  const group = (id: string): Locator => page.locator(`[data-testid="connection"][data-connection-id="${id}"]`);
  const stateOf = (id: string) => group(id).getByTestId('connection-status').getAttribute('data-state').catch(() => null);
  const liveIdsOf = async (connectionId: string) =>
    (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.connectionId === connectionId && t.removedAt === null).map((t) => t.id);
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  /** The keychain's secrets (API secrets, access tokens, user secrets); ids kept beside them (SnapTrade's user id) are not. */
  const remember = async () => {
    for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE)) if (!/:user-id$/.test(c.account)) keychainSecrets.add(c.password);
  };

  async function openTab(name: 'Settings' | 'Transactions') {
    // Settings is the gear button at the end of the top bar, the others are tabs.
    await (name === 'Settings' ? page.getByRole('button', { name: 'Settings', exact: true }) : page.getByRole('tab', { name })).click();
    if (name === 'Settings') await page.getByTestId('settings-view').waitFor();
  }

  async function configure(c: LinkCase) {
    await openTab('Settings');
    const form = page.getByTestId(`provider-${c.provider}`);
    await form.getByTestId('provider-client-id').fill(c.clientId);
    await form.getByTestId('provider-environment').selectOption('sandbox');
    if (await form.getByTestId('provider-secret-replace').count()) await form.getByTestId('provider-secret-replace').click();
    await form.getByTestId('provider-secret').fill(c.secret);
    typed.set(c.secret, (typed.get(c.secret) ?? 0) + 1);
    const base = form.getByTestId('provider-base-url');
    if (!(await base.isVisible())) await form.locator('summary', { hasText: 'Advanced' }).click();
    await base.fill(c.url());
    await form.getByTestId('provider-save').click();
    await expect.poll(() => form.getByTestId('provider-notice').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/Saved|Not saved/);
    expect(await form.getByTestId('provider-notice').innerText()).toMatch(/^Saved/);
    await expect.poll(() => form.getAttribute('data-configured')).toBe('true');
    await openTab('Transactions');
  }

  /** In the open dialog: Start, then answer the provider's page in a new tab. Returns the sign-in URL. */
  async function signInThroughProvider(decision: 'allow' | 'cancel', opts: { shot?: string; via?: 'link-start' | 'link-retry' } = {}): Promise<string> {
    const dialog = page.getByTestId('link-dialog');
    await dialog.getByTestId(opts.via ?? 'link-start').click();
    await dialog.getByTestId('link-waiting').waitFor({ timeout: 30_000 });
    const link = dialog.getByTestId('link-url');
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(/^https?:\/\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await dialog.innerText()).toMatch(/Sign in with (Plaid|MoneyKit|SnapTrade) in your browser/);
    expect(await dialog.innerText()).toMatch(/Waiting for you to finish signing in/);
    if (opts.shot) await page.screenshot({ path: screenshotPath(opts.shot) });
    const consent = await context.newPage();
    try {
      await consent.goto(url);
      const button = decision === 'cancel'
        ? consent.locator('button[name="decision"][value="cancel"]')
        : consent.locator('button[name="decision"]:not([value="cancel"])');
      await button.click();
      await consent.waitForLoadState('load');
    } finally {
      await consent.close();
    }
    return url;
  }

  async function refreshNow() {
    await page.getByTestId('refresh-now').click();
    await expect.poll(() => page.getByTestId('refresh-now').isDisabled(), { timeout: 60_000 }).toBe(false);
  }

  beforeAll(async () => {
    // The demo connection's bank (a new user starts in demo mode), and the user's own provider accounts.
    demoBank = await startPlaidBank({ seed: 605, clientId: DEMO_CLIENT, secret: DEMO_SECRET, tickIntervalMs: null, profile: { historyDays: 10 } });
    await Promise.all(PROVIDERS.map((p) => cases[p].start()));
    host = await startHost({ plaidUrl: demoBank.plaidUrl, clientId: DEMO_CLIENT, secret: DEMO_SECRET, keychainService: KEYCHAIN_SERVICE });
    ({ context } = await launchBrowser());
    page = await context.newPage();
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frames.push({ dir: 'sent', text: String(f.payload) }));
      ws.on('framereceived', (f) => frames.push({ dir: 'received', text: String(f.payload) }));
    });
    await page.goto(host.url);
  });
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await Promise.all([demoBank?.close(), ...PROVIDERS.map((p) => cases[p].close())]);
    // Leave nothing of this run in the keyring.
    for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE).catch(() => [])) await keytar.deletePassword(KEYCHAIN_SERVICE, c.account);
  });

  it('offers Add account; before any provider is set up, each is shown disabled with "Set up in Settings"', async () => {
    await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-state').catch(() => null), { timeout: 60_000 }).toBe('ok');
    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('link-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-mode')).toBe('add');
    expect(await page.getByRole('dialog', { name: 'Add an account' }).count()).toBe(1);
    for (const p of PROVIDERS) {
      const choice = dialog.getByTestId(`link-provider-${p}`);
      expect(await choice.locator('input').isDisabled(), p).toBe(true);
      expect(await choice.innerText()).toMatch(/Set up in Settings/);
    }
    expect(await dialog.getByTestId('link-start').isDisabled()).toBe(true);
    // Focus stays in the dialog; Esc closes it.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    }
    await page.screenshot({ path: screenshotPath('e2e-link-add-dialog-unconfigured') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  for (const provider of PROVIDERS) {
    const c = cases[provider];
    it(`${provider}: set up in Settings, add an account through the provider's page, sync exactly the bank's truth`, async () => {
      await configure(c);
      await page.getByTestId('add-account').click();
      const dialog = page.getByTestId('link-dialog');
      await dialog.waitFor();
      const choice = dialog.getByTestId(`link-provider-${provider}`);
      expect(await choice.locator('input').isDisabled()).toBe(false);
      await choice.locator('input').check();
      if (provider === 'plaid') {
        await page.screenshot({ path: screenshotPath('e2e-link-add-dialog') });
        // First the user changes their mind on the bank's page: the dialog says so and offers Try again.
        await signInThroughProvider('cancel');
        await expect.poll(() => dialog.getByTestId('link-result').getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toBe('cancelled');
        expect(await dialog.getByTestId('link-result').innerText()).toMatch(/cancelled/i);
        await page.screenshot({ path: screenshotPath('e2e-link-cancelled') });
      }
      const before = new Set(connectionsFile().map((x) => x.id));
      await signInThroughProvider('allow', provider === 'plaid' ? { shot: 'e2e-link-waiting', via: 'link-retry' } : {});
      await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('link-notice').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/is connected/);

      const added = connectionsFile().filter((x) => !before.has(x.id));
      expect(added).toHaveLength(1);
      const conn = added[0] as StoredConnection;
      expect(conn.provider).toBe(provider);
      expect(conn.demo).toBe(false);
      linked.set(provider, conn);

      await expect.poll(() => stateOf(conn.id), { timeout: 60_000 }).toBe('ok');
      await expect.poll(async () => sorted(await liveIdsOf(conn.id)), { timeout: 30_000 }).toEqual(sorted(c.truthIds(conn.externalId)));
      expect(c.truthIds(conn.externalId).size).toBeGreaterThan(0);
      const runs = (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => r.connectionId === conn.id);
      expect(runs.length).toBeGreaterThan(0);
      expect(runs[0]?.fromCursor).toBeNull();
      await remember();

      if (provider === 'plaid') {
        // The same bank again (same institution, same account masks): main refuses the duplicate;
        // the dialog says why and shows the existing connection.
        await page.getByTestId('add-account').click();
        await dialog.getByTestId(`link-provider-${provider}`).locator('input').check();
        await signInThroughProvider('allow');
        await expect.poll(() => dialog.getByTestId('link-result').getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toBe('duplicate');
        expect(await dialog.getByTestId('link-result').innerText()).toMatch(/already connected/);
        await page.screenshot({ path: screenshotPath('e2e-link-duplicate') });
        await dialog.getByTestId('link-show-existing').click();
        await expect.poll(() => dialog.count()).toBe(0);
        expect(await group(conn.id).getAttribute('class')).toContain('connection--highlight');
        expect(connectionsFile().filter((x) => !x.demo)).toHaveLength(1);

        // Plaid's sandbox shortcut (no sign-in page) goes through the same registry: the test item
        // has the same accounts, so it is refused as a duplicate too, and the bank forgets it.
        const itemsBefore = c.itemCount();
        await page.getByTestId('add-account').click();
        await dialog.getByTestId('link-provider-plaid').locator('input').check();
        await dialog.getByTestId('link-sandbox').click();
        await expect.poll(() => dialog.getByTestId('link-result').getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toBe('duplicate');
        expect(c.itemCount()).toBe(itemsBefore);
        await dialog.getByTestId('link-show-existing').click();
        expect(connectionsFile().filter((x) => !x.demo)).toHaveLength(1);
      }
    });

    it(`${provider}: forced to sign in again, does, and syncs again from its cursor without duplicates`, async () => {
      const conn = linked.get(provider);
      if (!conn) throw new Error(`${provider} was not linked`);
      c.advance(conn.externalId);
      c.breakLogin(conn.externalId);
      await refreshNow();
      await expect.poll(() => stateOf(conn.id), { timeout: 60_000 }).toBe('needs_reauth');
      expect(await group(conn.id).getByTestId('connection-status').innerText()).toMatch(/Needs re-authentication/);
      const signIn = group(conn.id).getByTestId('sign-in-again');
      expect(await signIn.isVisible()).toBe(true);
      await group(conn.id).scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`e2e-link-sign-in-again-${provider}`) });

      const runsBefore = new Set((await readStore<SyncRunRow>(page, 'syncRuns')).map((r) => r.id));
      const idsBefore = new Set(connectionsFile().map((x) => x.id));
      await signIn.click();
      const dialog = page.getByTestId('link-dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('data-mode')).toBe('reauth');
      expect(await dialog.innerText()).toContain(`Sign in to ${conn.institutionName} again`);
      if (provider === 'plaid') await page.screenshot({ path: screenshotPath('e2e-link-reauth-dialog') });
      await signInThroughProvider('allow');
      await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('link-notice').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/connected again/);

      // The same connection, repaired: none added.
      expect(new Set(connectionsFile().map((x) => x.id))).toEqual(idsBefore);
      await expect.poll(() => stateOf(conn.id), { timeout: 60_000 }).toBe('ok');
      await expect.poll(async () => {
        const runs = (await readStore<SyncRunRow>(page, 'syncRuns')).filter((r) => r.connectionId === conn.id && !runsBefore.has(r.id));
        return runs.some((r) => r.trigger === 'retry' && r.fromCursor !== null);
      }, { timeout: 30_000 }).toBe(true);
      const live = await liveIdsOf(conn.id);
      expect(new Set(live).size).toBe(live.length); // no id twice
      expect(sorted(live)).toEqual(sorted(c.truthIds(conn.externalId)));
      expect(await group(conn.id).getByTestId('sign-in-again').count()).toBe(0);
      await remember();
    });

    it(`${provider}: removing the connection (delete data) leaves no keychain entry for it`, async () => {
      const conn = linked.get(provider);
      if (!conn) throw new Error(`${provider} was not linked`);
      await remember();
      const entries = (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((x) => x.account);
      // Plaid keeps a per-connection access token; MoneyKit and SnapTrade use app-wide secrets.
      if (provider === 'plaid') expect(entries).toContain(`connection:${conn.id}:access-token`);
      await group(conn.id).getByTestId('connection-remove').click();
      await page.getByTestId('remove-delete').check();
      await page.getByTestId('remove-confirm').click();
      await expect.poll(() => page.getByTestId('removal-result').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/Removed .* and deleted its data/);
      await expect.poll(() => group(conn.id).count()).toBe(0);
      expect(await liveIdsOf(conn.id)).toEqual([]);
      expect(connectionsFile().some((x) => x.id === conn.id)).toBe(false);
      const left = (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((x) => x.account);
      expect(left.filter((a) => a.startsWith(`connection:${conn.id}:`))).toEqual([]);
    });
  }

  it('leaks no secret: IndexedDB, storage, IPC frames (but the saves that carry them), page, log, host output', async () => {
    await remember();
    const secrets = [
      ...new Set([
        DEMO_SECRET, ...typed.keys(), ...keychainSecrets, ...demoBank.issuedSecrets(),
        ...PROVIDERS.flatMap((p) => cases[p].issuedSecrets()),
      ]),
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(4);

    // Requests and their replies, to know which reply answered a startLink.
    const startLinkIds = new Set<number>();
    for (const f of frames) {
      if (f.dir !== 'sent') continue;
      const msg = JSON.parse(f.text) as { id?: number; channel?: string };
      if (msg.channel === 'connections:startLink' && typeof msg.id === 'number') startLinkIds.add(msg.id);
    }
    /** Tokens inside a provider's sign-in URL: main hands that URL to the renderer for the user's browser. */
    const inSignInUrls = new Set<string>();
    const carrying = new Map<string, number>();
    const others: Frame[] = [];
    for (const f of frames) {
      const msg = JSON.parse(f.text) as { id?: number; channel?: string; payload?: { secret?: string }; ok?: boolean; value?: { url?: string } };
      if (f.dir === 'sent' && msg.channel === 'settings:saveProvider' && typeof msg.payload?.secret === 'string' && typed.has(msg.payload.secret)) {
        const s = msg.payload.secret;
        carrying.set(s, (carrying.get(s) ?? 0) + 1);
        for (const other of secrets) if (other !== s) expect(f.text.includes(other), 'a save frame carries another secret').toBe(false);
        continue;
      }
      if (f.dir === 'received' && typeof msg.id === 'number' && startLinkIds.has(msg.id) && msg.ok && typeof msg.value?.url === 'string') {
        const url = msg.value.url;
        for (const s of secrets) if (url.includes(s)) inSignInUrls.add(s);
        // Nothing else in that reply: the URL is the only place such a token may ride.
        others.push({ dir: f.dir, text: JSON.stringify({ ...msg, value: { ...msg.value, url: '' } }) });
        continue;
      }
      others.push(f);
    }
    expect(Object.fromEntries(carrying)).toEqual(Object.fromEntries(typed));
    if (inSignInUrls.size > 0) {
      console.warn(`${inSignInUrls.size} bank-issued token(s) ride in a sign-in URL main hands to the renderer (e.g. a link token); allowed only in the startLink reply's url.`);
    }

    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    const logFile = fs.readFileSync(path.join(host.dataDir, 'ledgerline.log'), 'utf8');
    const dataFiles = fs.readdirSync(host.dataDir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(host.dataDir, f), 'utf8')).join('\n');
    const haystacks: Record<string, string> = {
      indexedDb: await dumpDatabase(page),
      storage,
      ipcSent: others.filter((f) => f.dir === 'sent').map((f) => f.text).join('\n'),
      ipcReceived: others.filter((f) => f.dir === 'received').map((f) => f.text).join('\n'),
      pageText: await page.locator('body').innerText(),
      pageHtml: await page.content(),
      log: logFile,
      dataFiles,
      hostOutput: host.output(),
    };
    expect(frames.length).toBeGreaterThan(0);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const s of secrets) expect(text.includes(s), `${where} contains a secret (${s.slice(0, 4)}…)`).toBe(false);
    }
  });
});
