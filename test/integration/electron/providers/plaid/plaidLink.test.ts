import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaidApi } from '../../../../../electron/providers/plaid/plaidClient';
import { plaidAdapter } from '../../../../../electron/providers/plaid/plaidAdapter';
import { startPlaidBank, type PlaidBank } from '../../../../../electron/demo-banks/plaid/plaidBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { createLinkFlows, type LinkFlows } from '../../../../../electron/services/link/linkFlows';
import { plaidLinkDriver } from '../../../../../electron/providers/plaid/plaidLink';
import { createLogger } from '../../../../../electron/core/logger';
import { memoryStore, accessTokenKey, type SecretStore } from '../../../../../electron/core/secretStore';
import type { ProviderProfile } from '../../../../../electron/providers/provider';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Linking Plaid accounts through Hosted Link: the real driver and flow registry, the demo bank's
// consent page and /link/token/get, over real HTTP.
const clientId = 'ledgerline-link-test';
const secret = 'link-test-secret-0123456789';
let clock = new Date('2026-03-01T15:00:00Z');

let bank: PlaidBank;
let dir: string;
let connections: ConnectionStore;
let secrets: SecretStore;
let flows: LinkFlows;
const logLines: string[] = [];

beforeAll(async () => {
  bank = await startPlaidBank({ seed: 777, clientId, secret, tickIntervalMs: null, now: () => clock });
  dir = mkdtempSync(join(tmpdir(), 'ledgerline-plaidlink-'));
  connections = openConnectionStore(dir);
  // The keychain is tested elsewhere; linking only needs a store that says it is one.
  secrets = { ...memoryStore('test keychain'), available: true };
  const logger = createLogger({ echo: (line) => logLines.push(line) });
  const profile: ProviderProfile = { provider: 'plaid', environment: 'sandbox', clientId, secret, baseUrl: bank.plaidUrl };
  const driver = plaidLinkDriver(profile, { secrets, logger, retry: { attempts: 2, baseMs: 1, capMs: 5 }, timeoutMs: 10_000 });
  flows = createLinkFlows({ driverFor: async () => driver, connections, secrets, logger, onChange: () => undefined });
});
afterAll(async () => {
  await flows.close();
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = () => createPlaidApi({ basePath: bank.plaidUrl, clientId, secret, timeoutMs: 10_000 });
const adapter = () => plaidAdapter(api(), { attempts: 2, baseMs: 1, capMs: 5 });

async function consent(url: string, decision: 'continue' | 'cancel'): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `decision=${decision}` });
}

/** Opens the page, answers it, and returns the status the app sees afterwards. */
async function signIn(reauthId: string | null, decision: 'continue' | 'cancel') {
  const started = await flows.start('plaid', reauthId);
  expect((await flows.status(started.flowId)).state).toBe('waiting');
  const page = await fetch(started.url);
  expect(page.status).toBe(200);
  expect((await flows.status(started.flowId)).state).toBe('waiting'); // opened, not answered
  const answered = await consent(started.url, decision);
  expect(answered.status).toBe(303);
  const callback = answered.headers.get('location') ?? '';
  expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/link\/callback\/lf_/);
  expect((await fetch(callback)).status).toBe(200); // the app's loopback page answers the redirect
  return { started, status: await flows.status(started.flowId) };
}

async function sync(connectionId: string, itemId: string) {
  const token = await secrets.get(accessTokenKey(connectionId));
  return pullFolded((sink) => adapter().pull({ connectionId, externalId: itemId, accessToken: token, cursor: null }, sink));
}

describe('Plaid Hosted Link against the demo bank', () => {
  let connectionId = '';
  let itemId = '';

  it('serves a clean consent page for the hosted_link_url', async () => {
    const started = await flows.start('plaid', null);
    expect(started.url).toMatch(new RegExp(`^${bank.plaidUrl}/hosted-link/link-sandbox-[0-9a-f-]{36}$`));
    const res = await fetch(started.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:\d+;/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('First Platypus Bank — Allow Ledgerline to read your accounts and transactions');
    expect(html).toMatch(/<form method="post">/);
    expect(html).toContain('>Continue</button>');
    expect(html).toContain('>Cancel</button>');
    expect(html).not.toMatch(/\b(src|href|action)=/); // nothing external, posts to itself
    await flows.cancel(started.flowId);
  });

  it('links a new connection and keeps its access token in the secret store', async () => {
    const { status } = await signIn(null, 'continue');
    expect(status).toMatchObject({ state: 'linked' });
    expect(status.message).toContain('First Platypus Bank is connected');
    connectionId = status.connectionId ?? '';
    const record = connections.get(connectionId);
    expect(record).toMatchObject({ provider: 'plaid', institutionName: 'First Platypus Bank', institutionId: 'ins_109508', demo: false });
    itemId = record?.externalId ?? '';
    expect(bank.items().map((i) => i.item_id)).toEqual([itemId]);
    expect(await secrets.get(accessTokenKey(connectionId))).toMatch(/^access-sandbox-/);
    expect((await sync(connectionId, itemId)).kind).toBe('update');
  });

  it('refuses a second link to the same bank as a duplicate, and the bank forgets the discarded item', async () => {
    const { status } = await signIn(null, 'continue');
    expect(status).toMatchObject({ state: 'duplicate', connectionId });
    expect(status.message).toMatch(/already connected \(accounts ••0000, ••1111, ••3333\)/);
    expect(connections.list()).toHaveLength(1);
    expect(bank.items().map((i) => i.item_id)).toEqual([itemId]);
  });

  it('repairs a login-required connection through update mode', async () => {
    bank.setFaults(itemId, { loginRequired: true });
    const broken = await sync(connectionId, itemId);
    expect(broken.kind).not.toBe('update');
    const tokenBefore = await secrets.get(accessTokenKey(connectionId));

    const started = await flows.start('plaid', connectionId);
    const html = await (await fetch(started.url)).text();
    expect(html).toContain('needs you to sign in again');
    const answered = await consent(started.url, 'continue');
    expect(answered.status).toBe(303);
    const status = await flows.status(started.flowId);
    expect(status).toMatchObject({ state: 'linked', connectionId });
    expect(status.message).toContain('connected again');
    expect(await secrets.get(accessTokenKey(connectionId))).toBe(tokenBefore);
    expect(bank.items()).toHaveLength(1); // update mode makes no new item
    expect((await sync(connectionId, itemId)).kind).toBe('update');
  });

  it('reports a cancelled sign-in as cancelled and links nothing', async () => {
    const { status } = await signIn(null, 'cancel');
    expect(status.state).toBe('cancelled');
    expect(connections.list()).toHaveLength(1);
    expect(bank.items()).toHaveLength(1);
  });

  it('reports an expired sign-in page as failed, in plain words', async () => {
    const started = await flows.start('plaid', null);
    clock = new Date(clock.getTime() + 4 * 3600_000 + 60_000); // new-link tokens last 4 h
    const page = await fetch(started.url);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This sign-in link has expired');
    const status = await flows.status(started.flowId);
    expect(status).toMatchObject({ state: 'failed', message: 'The sign-in page expired before it was finished. Start again.' });
    expect(bank.items()).toHaveLength(1);
  });

  it('lets update-mode tokens expire after 30 minutes', async () => {
    const started = await flows.start('plaid', connectionId);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await consent(started.url, 'continue')).status).toBe(410);
    expect((await flows.status(started.flowId)).state).toBe('failed');
  });

  it('answers /link/token/get in Plaid\'s shape', async () => {
    const client = api();
    const { data: created } = await client.linkTokenCreate({
      client_name: 'Ledgerline', language: 'en', country_codes: ['US' as never], user: { client_user_id: 'u1' },
      products: ['transactions' as never], hosted_link: {},
    });
    expect((await client.linkTokenGet({ link_token: created.link_token })).data.link_sessions).toEqual([]);
    const done = await consent(created.hosted_link_url ?? '', 'continue');
    expect(done.status).toBe(200); // no completion_redirect_uri: the page says so itself
    expect(await done.text()).toContain('You can close this tab');
    const { data } = await client.linkTokenGet({ link_token: created.link_token });
    expect(data.link_sessions).toHaveLength(1);
    const session = data.link_sessions?.[0];
    expect(session).toMatchObject({ exit: null, link_session_id: expect.any(String), started_at: expect.any(String), finished_at: expect.any(String) });
    const result = session?.results?.item_add_results[0];
    expect(result?.public_token).toMatch(/^public-sandbox-/);
    expect(result?.institution).toEqual({ name: 'First Platypus Bank', institution_id: 'ins_109508' });
    expect(result?.accounts[0]).toEqual({ id: expect.any(String), name: 'Plaid Checking', mask: '0000', type: 'depository', subtype: 'checking' });
    await client.itemRemove({ access_token: (await client.itemPublicTokenExchange({ public_token: result?.public_token ?? '' })).data.access_token });
  });

  it('refuses unknown links, unknown answers and a second answer', async () => {
    expect((await fetch(`${bank.plaidUrl}/hosted-link/link-sandbox-00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    const started = await flows.start('plaid', null);
    expect((await consent(started.url, 'maybe' as never)).status).toBe(400);
    expect((await flows.status(started.flowId)).state).toBe('waiting');
    expect((await consent(started.url, 'cancel')).status).toBe(303);
    expect((await consent(started.url, 'continue')).status).toBe(409);
    expect((await flows.status(started.flowId)).state).toBe('cancelled');
    expect(bank.items()).toHaveLength(1);
  });

  it('never wrote a token to the log', () => {
    const log = logLines.join('\n');
    expect(log).toContain('linked ');
    for (const token of bank.issuedSecrets()) expect(log).not.toContain(token);
  });
});
