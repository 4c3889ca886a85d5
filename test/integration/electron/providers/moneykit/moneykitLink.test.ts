import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moneykitAdapter } from '../../../../../electron/providers/moneykit/moneykitAdapter';
import { createMoneykitClient } from '../../../../../electron/providers/moneykit/moneykitClient';
import { startMoneykitBank, type MoneykitBank } from '../../../../../electron/demo-banks/moneykit/moneykitBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { createLinkFlows, type LinkFlows } from '../../../../../electron/services/link/linkFlows';
import { moneykitConsentUrl, moneykitCustomerUserId, moneykitLinkDriver } from '../../../../../electron/providers/moneykit/moneykitLink';
import { createLogger, type Logger } from '../../../../../electron/core/logger';
import { memoryStore, type SecretStore } from '../../../../../electron/core/secretStore';
import type { LiveDeps, ProviderProfile } from '../../../../../electron/providers/provider';
import type { LinkStatus } from '../../../../../shared/ipc/contract';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Connecting a MoneyKit account end to end over real HTTP: linkFlows' loopback callback, the MoneyKit
// link driver, and the demo bank's consent page standing in for MoneyKit Connect.
const CLIENT_ID = 'ledgerline-link-mk';
const CLIENT_SECRET = 'link-mk-secret-0123456789';
const RETRY = { attempts: 2, baseMs: 1, capMs: 2 };

let dir: string;
let connections: ConnectionStore;
let lines: string[];
let logger: Logger;
let secrets: SecretStore;
let bank: MoneykitBank;
let flows: LinkFlows;
let profile: ProviderProfile;
let deps: LiveDeps;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mk-link-'));
  connections = openConnectionStore(dir);
  lines = [];
  logger = createLogger({ echo: (line) => lines.push(line) });
  // A keychain stand-in: linkFlows refuses to link without an available secret store.
  secrets = { ...memoryStore('test keychain'), available: true };
  bank = await startMoneykitBank({ seed: 11, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, profile: { historyDays: 30 }, logger: (line) => lines.push(line) });
  profile = { provider: 'moneykit', environment: 'sandbox', clientId: CLIENT_ID, secret: CLIENT_SECRET, baseUrl: bank.url };
  deps = { secrets, logger, retry: RETRY, timeoutMs: 5000 };
  const driver = moneykitLinkDriver(profile, deps);
  flows = createLinkFlows({ driverFor: async () => driver, connections, secrets, logger, onChange: () => undefined });
});
afterEach(async () => {
  await flows.close();
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

const moneykitConnections = () => connections.list().filter((c) => c.provider === 'moneykit' && !c.demo);

/** The user answers on the consent page; the browser follows the 303 to the flow's loopback callback. */
async function consent(url: string, decision: 'allow' | 'cancel'): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ decision }), redirect: 'follow' });
  expect(res.status).toBe(200);
  expect(new URL(res.url).hostname).toBe('127.0.0.1');
  expect(new URL(res.url).pathname).toMatch(/^\/link\/callback\/lf_/);
  await res.text();
  return res;
}

/** Opens the consent page as the browser would and checks it renders. */
async function openPage(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  return res.text();
}

/** One full sign-in: start, open the page, answer, and read the flow's status. */
async function signIn(reauthConnectionId: string | null = null, decision: 'allow' | 'cancel' = 'allow'): Promise<LinkStatus> {
  const { flowId, url } = await flows.start('moneykit', reauthConnectionId);
  expect((await flows.status(flowId)).state).toBe('waiting');
  await openPage(url);
  await consent(url, decision);
  return flows.status(flowId);
}

describe('MoneyKit link driver against the demo bank', () => {
  it('links a new connection through the consent page and the loopback callback', async () => {
    const { flowId, url } = await flows.start('moneykit', null);
    expect(url).toMatch(new RegExp(`^${bank.url}/connect/mkls_`));
    expect(await flows.status(flowId)).toMatchObject({ state: 'waiting', connectionId: null });

    const html = await openPage(url);
    expect(html).toContain('Acorn Credit Union — Allow Ledgerline to read your accounts and transactions');
    expect(html).toContain('value="allow"');
    expect(html).toContain('value="cancel"');
    expect(html).not.toMatch(/<script|src=|href=/i);

    await consent(url, 'allow');
    const status = await flows.status(flowId);
    expect(status.state).toBe('linked');
    const [record, ...others] = moneykitConnections();
    expect(others).toEqual([]);
    expect(record).toMatchObject({ id: status.connectionId, institutionName: 'Acorn Credit Union', institutionId: 'acorn_credit_union', demo: false });
    expect(bank.links()).toEqual([expect.objectContaining({ link_id: record?.externalId, state: 'connected' })]);
    // MoneyKit's secrets are app-wide: nothing per connection goes to the keychain.
    expect(await secrets.get(`connection:${record?.id ?? ''}:access-token`)).toBeNull();

    // The session is used up: the page is gone and the flow stays finished.
    expect((await fetch(url)).status).toBe(404);
    expect((await flows.status(flowId)).state).toBe('linked');

    // A sync through the adapter works on the new link.
    const adapter = moneykitAdapter(createMoneykitClient({ baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 5000 }), RETRY);
    const pulled = await pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId: record?.externalId ?? '', accessToken: null, cursor: null }, sink));
    expect(pulled.kind).toBe('update');
  });

  it('refuses a second link to the same login as a duplicate and deletes it at the bank', async () => {
    const first = await signIn();
    expect(first.state).toBe('linked');
    const second = await signIn();
    expect(second).toMatchObject({ state: 'duplicate', connectionId: first.connectionId });
    expect(second.message).toContain('Acorn Credit Union is already connected');
    expect(moneykitConnections().map((c) => c.id)).toEqual([first.connectionId]);
    const kept = connections.get(first.connectionId ?? '')?.externalId;
    const links = bank.links();
    expect(links).toHaveLength(2);
    expect(links.find((l) => l.link_id === kept)?.state).toBe('connected');
    expect(links.find((l) => l.link_id !== kept)?.state).toBe('deleted');
  });

  it('repairs a link whose login expired: re-authentication, consent, and syncing works again', async () => {
    const linked = await signIn();
    const record = connections.get(linked.connectionId ?? '');
    const linkId = record?.externalId ?? '';
    const adapter = moneykitAdapter(createMoneykitClient({ baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 5000 }), RETRY);
    const pull = () => pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId: linkId, accessToken: null, cursor: null }, sink));

    bank.setFaults(linkId, { authExpired: true });
    const broken = await pull();
    expect(broken).toMatchObject({ kind: 'error', error: { code: 'needs_reauth' } });
    connections.setStatus(record?.id ?? '', { state: 'needs_reauth', message: 'The bank needs you to sign in again.' });

    const { flowId, url } = await flows.start('moneykit', record?.id ?? null);
    expect(await flows.status(flowId)).toMatchObject({ state: 'waiting', connectionId: record?.id });
    expect(await openPage(url)).toContain('Sign in to Acorn Credit Union again');
    await consent(url, 'allow');
    const status = await flows.status(flowId);
    expect(status).toMatchObject({ state: 'linked', connectionId: record?.id });
    expect(status.message).toContain('connected again');
    expect(connections.get(record?.id ?? '')?.status.state).not.toBe('needs_reauth');
    expect(moneykitConnections()).toHaveLength(1);
    expect(bank.links()).toEqual([expect.objectContaining({ link_id: linkId, state: 'connected' })]);

    const repaired = await pull();
    expect(repaired.kind).toBe('update');
  });

  it('reports a repair that did not take as failed, in plain words', async () => {
    const linked = await signIn();
    const record = connections.get(linked.connectionId ?? '');
    const { flowId, url } = await flows.start('moneykit', record?.id ?? null);
    await consent(url, 'allow'); // repairs the login…
    bank.setFaults(record?.externalId ?? '', { authExpired: true }); // …which breaks again before Ledgerline checks
    const status = await flows.status(flowId);
    expect(status).toMatchObject({ state: 'failed', connectionId: record?.id });
    expect(status.message).toContain('Acorn Credit Union still needs you to sign in again');
  });

  it('fails in plain words when the bank cannot finish a repair (the link was deleted meanwhile)', async () => {
    const linked = await signIn();
    const record = connections.get(linked.connectionId ?? '');
    const { flowId, url } = await flows.start('moneykit', record?.id ?? null);
    await createMoneykitClient({ baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 5000 }).deleteLink(record?.externalId ?? '');
    await consent(url, 'allow');
    const status = await flows.status(flowId);
    expect(status).toMatchObject({ state: 'failed', connectionId: record?.id });
    expect(status.message).toBe('MoneyKit reported that the sign-in did not finish (link_not_found). Start again; if it keeps failing, try later.');
  });

  it('cancels when the user presses Cancel, linking nothing', async () => {
    const status = await signIn(null, 'cancel');
    expect(status).toMatchObject({ state: 'cancelled', connectionId: null });
    expect(moneykitConnections()).toEqual([]);
    expect(bank.links()).toEqual([]);
  });

  it('hands out a single-use exchangeable token on the redirect, and the demo setup path still exchanges the session token', async () => {
    const client = createMoneykitClient({ baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 5000 });
    const callback = 'http://127.0.0.1:9/callback';
    const token = await client.createLinkSession({ customer_user: { id: moneykitCustomerUserId(CLIENT_ID) }, redirect_uri: callback });
    const res = await fetch(moneykitConsentUrl(bank.url, token), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=allow', redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    const exchangeable = location.searchParams.get('exchangeable_token') ?? '';
    expect(exchangeable).toMatch(/^mkex_/);
    await expect(client.exchangeToken(token)).rejects.toThrow(/invalid_token_exchange/); // the session was consumed by consent
    const link = await client.exchangeToken(exchangeable);
    expect(bank.links().map((l) => l.link_id)).toEqual([link.link_id]);
    await expect(client.exchangeToken(exchangeable)).rejects.toThrow(/invalid_token_exchange/);

    // No browser: the link-session token doubles as the exchangeable token (setupMoneykitDemo's path).
    const direct = await client.createLinkSession({ customer_user: { id: 'ledgerline-demo-user' }, redirect_uri: callback });
    expect((await client.exchangeToken(direct)).link_id).not.toBe(link.link_id);
    expect((await fetch(moneykitConsentUrl(bank.url, direct))).status).toBe(404);
  });

  it('points at MoneyKit Connect for the real service', () => {
    expect(moneykitConsentUrl('https://api.moneykit.com/', 'mkls_abc')).toBe('https://connect.moneykit.com/?link_session_token=mkls_abc');
    expect(moneykitConsentUrl('http://127.0.0.1:4000/', 'mkls_abc')).toBe('http://127.0.0.1:4000/connect/mkls_abc');
    expect(moneykitCustomerUserId(CLIENT_ID)).toBe(moneykitCustomerUserId(CLIENT_ID));
    expect(moneykitCustomerUserId(CLIENT_ID)).not.toContain(CLIENT_ID);
  });

  afterEach(() => {
    // No token or secret the bank issued ever reaches Ledgerline's log or the bank's.
    const log = lines.join('\n');
    for (const secret of bank.issuedSecrets()) expect(log).not.toContain(secret);
  });
});
