/**
 * Linking a real SnapTrade connection end to end: the link registry (createLinkFlows) with the
 * SnapTrade driver, the official SDK over HTTP against the demo SnapTrade service, its consent page
 * in place of the browser, and main's loopback callback receiving the portal's redirect.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import { startSnaptradeBank, type SnaptradeBank } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import type { LinkDriver } from '../../../../../electron/providers/linkDriver';
import { createLinkFlows, type LinkFlows } from '../../../../../electron/services/link/linkFlows';
import { snaptradeLinkDriver } from '../../../../../electron/providers/snaptrade/snaptradeLink';
import { createLogger, type Logger } from '../../../../../electron/core/logger';
import { memoryStore, type SecretStore } from '../../../../../electron/core/secretStore';
import type { LiveDeps, ProviderProfile } from '../../../../../electron/providers/provider';
import { snaptradeLiveAdapter } from '../../../../../electron/providers/snaptrade/snaptradeLive';
import { SNAPTRADE_LIVE_USER_ID_KEY, SNAPTRADE_LIVE_USER_SECRET_KEY } from '../../../../../electron/providers/snaptrade/snaptradeLive';
import type { LinkStatus } from '../../../../../shared/ipc/contract';
import { CLIENT_ID, CONSUMER_KEY } from '../../../../support/providers/snaptradeFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

const RETRY: RetryPolicy = { attempts: 2, baseMs: 1, capMs: 2 };
const CONSENT_HEADING = 'Demo Brokerage — Allow Ledgerline to read your accounts and activity';

let dir: string;
let bank: SnaptradeBank;
let connections: ConnectionStore;
let secrets: SecretStore;
let logger: Logger;
let flows: LinkFlows;
let deps: LiveDeps;
let profile: ProviderProfile;
/** Added to the bank's clock, to let portal URLs expire. */
let clockOffsetMs = 0;
/** Each flow's callback URL, by flow id. */
const callbackUrls = new Map<string, string>();
const logLines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'snaptrade-link-'));
  clockOffsetMs = 0;
  bank = await startSnaptradeBank({
    seed: 515, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, profile: { historyDays: 30 }, rateLimitPerMinute: null,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  connections = openConnectionStore(dir);
  // A keychain stand-in: memory, but "available" as the real keychain is.
  secrets = { ...memoryStore('test keychain'), available: true };
  logLines.length = 0;
  logger = createLogger({ file: path.join(dir, 'ledgerline.log'), echo: (line) => logLines.push(line) });
  profile = { provider: 'snaptrade', environment: 'sandbox', clientId: CLIENT_ID, secret: CONSUMER_KEY, baseUrl: bank.url };
  deps = { secrets, logger, retry: RETRY, timeoutMs: 10_000 };
  callbackUrls.clear();
  const driverFor = async (): Promise<LinkDriver> => {
    const driver = snaptradeLinkDriver(profile, deps);
    // Records each flow's loopback callback URL, to play the portal's error redirects to it.
    return { begin: (input) => (callbackUrls.set(/lf_[A-Za-z0-9_-]+$/.exec(input.callbackUrl)?.[0] ?? '', input.callbackUrl), driver.begin(input)) };
  };
  flows = createLinkFlows({ driverFor, connections, secrets, logger, onChange: () => undefined });
});
afterEach(async () => {
  await flows.close();
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the portal URL as the browser would: the consent page, and its form's token. */
async function openPortal(url: string): Promise<{ html: string; csp: string; token: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the consent page has no token');
  return { html, csp: res.headers.get('content-security-policy') ?? '', token };
}

/** Presses Connect or Cancel on the consent page; follows the 303 to main's loopback callback unless told not to. */
async function decide(url: string, decision: 'connect' | 'cancel', follow = true): Promise<Response> {
  const { token } = await openPortal(url);
  const res = await fetch(new URL('/snapTrade/redeemToken', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision }).toString(),
    redirect: follow ? 'follow' : 'manual',
  });
  await res.arrayBuffer();
  return res;
}

/** Polls the flow until it is no longer waiting (the fallback lists authorizations at most every 3 s). */
async function settle(flowId: string, timeoutMs = 10_000): Promise<LinkStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await flows.status(flowId);
    if (status.state !== 'waiting' || Date.now() > until) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function linkNew(): Promise<LinkStatus> {
  const { flowId, url } = await flows.start('snaptrade', null);
  const res = await decide(url, 'connect');
  expect(res.status).toBe(200);
  expect(res.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/link\/callback\/lf_/);
  return settle(flowId);
}

const leaks = (): string =>
  readFileSync(path.join(dir, 'connections.json'), 'utf8') + readFileSync(path.join(dir, 'ledgerline.log'), 'utf8') + logLines.join('\n');

describe('SnapTrade link driver with the link registry', () => {
  it('links through the consent page, refuses a duplicate, repairs a disabled connection, and is cancelled', async () => {
    // ── A new connection ──
    const { flowId, url } = await flows.start('snaptrade', null);
    expect(await flows.status(flowId)).toMatchObject({ state: 'waiting' });
    const portal = await openPortal(url);
    expect(portal.html).toContain(CONSENT_HEADING);
    expect(portal.html).toMatch(/>Connect<\/button>/);
    expect(portal.html).toMatch(/>Cancel<\/button>/);
    expect(portal.html).not.toMatch(/\b(src|href)=|<script/i); // no external resources, no script
    expect(portal.csp).toContain("default-src 'none'");
    expect(portal.csp).toContain("frame-ancestors 'none'");
    const consent = await decide(url, 'connect');
    expect(consent.url).toMatch(/\/link\/callback\/lf_/);
    const linked = await settle(flowId);
    expect(linked).toMatchObject({ state: 'linked' });
    const record = connections.get(linked.connectionId ?? '');
    expect(record).toMatchObject({ provider: 'snaptrade', demo: false, institutionName: 'Demo Brokerage', institutionId: 'DEMO-BROKERAGE' });
    expect(bank.authorizations().map((a) => a.id)).toEqual([record?.externalId]);

    // The install's live SnapTrade user is in the keychain, and its secret nowhere else.
    const userId = await secrets.get(SNAPTRADE_LIVE_USER_ID_KEY);
    const userSecret = await secrets.get(SNAPTRADE_LIVE_USER_SECRET_KEY);
    expect(userSecret).toBeTruthy();
    expect(bank.authorizations()[0]?.user_id).toBe(userId);
    expect(userId).toMatch(/^ledgerline-[0-9a-f-]{36}$/);
    expect(leaks()).not.toContain(userSecret);

    // ── The same brokerage login again: a duplicate, and SnapTrade's new authorization is removed ──
    const again = await linkNew();
    expect(again).toMatchObject({ state: 'duplicate', connectionId: record?.id });
    expect(connections.list()).toHaveLength(1);
    expect(bank.authorizations().map((a) => a.id)).toEqual([record?.externalId]);

    // ── Disabled at SnapTrade → re-authentication repairs it in place ──
    const externalId = record?.externalId ?? '';
    bank.setFaults(externalId, { disabled: true });
    connections.setStatus(record?.id ?? '', { state: 'needs_reauth', message: 'disabled' });
    const repair = await flows.start('snaptrade', record?.id ?? null);
    expect(await flows.status(repair.flowId)).toMatchObject({ state: 'waiting' }); // still disabled: nothing to report yet
    expect((await openPortal(repair.url)).html).toContain(CONSENT_HEADING);
    await decide(repair.url, 'connect');
    expect(await settle(repair.flowId)).toMatchObject({ state: 'linked', connectionId: record?.id });
    expect(bank.authorizations()).toEqual([expect.objectContaining({ id: externalId, disabled: false })]);
    expect(connections.get(record?.id ?? '')?.status.state).toBe('never_synced');
    // The live adapter (keychain user) syncs it.
    const adapter = snaptradeLiveAdapter(profile, deps);
    const pulled = await pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId, accessToken: null, cursor: null }, sink));
    expect(pulled.kind).toBe('update');
    expect(pulled.kind === 'update' && pulled.update.upserts.length).toBeGreaterThan(5);

    // ── Cancel on the consent page ──
    const cancelled = await flows.start('snaptrade', null);
    await decide(cancelled.url, 'cancel');
    expect(await settle(cancelled.flowId)).toMatchObject({ state: 'cancelled' });
    expect(bank.authorizations()).toHaveLength(1);

    // No secret the service issued or accepted — user secret, portal tokens, consumer key — is in a file or the log.
    for (const s of bank.issuedSecrets()) expect(leaks()).not.toContain(s);
  }, 30_000);

  it('finds a new connection by polling /authorizations when no redirect arrives', async () => {
    const { flowId, url } = await flows.start('snaptrade', null);
    const consent = await decide(url, 'connect', false);
    expect(consent.status).toBe(303);
    expect(consent.headers.get('location')).toMatch(/\?status=SUCCESS&connection_id=/);
    const linked = await settle(flowId);
    expect(linked).toMatchObject({ state: 'linked' });
    expect(connections.get(linked.connectionId ?? '')?.externalId).toBe(bank.authorizations()[0]?.id);
  }, 20_000);

  it('reports an expired portal URL (five minutes) in plain words', async () => {
    const { flowId, url } = await flows.start('snaptrade', null);
    clockOffsetMs = 5 * 60_000 + 1_000;
    const opened = await fetch(url); // redirected straight to the callback with error_code=1006
    await opened.arrayBuffer();
    expect(opened.url).toMatch(/\/link\/callback\/lf_.*status=ERROR.*error_code=1006/);
    const failed = await settle(flowId);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.message).toMatch(/expired/);
    expect(bank.authorizations()).toHaveLength(0);
  });

  it('says what the portal\'s credential and outage errors mean', async () => {
    for (const [code, words] of [['1066', /username and password/], ['3000', /could not reach the brokerage/]] as const) {
      const { flowId } = await flows.start('snaptrade', null);
      const other = await flows.start('snaptrade', null);
      // The portal's error redirect, as SnapTrade sends it to main's loopback callback for this flow.
      const res = await fetch(`${callbackUrls.get(flowId) ?? ''}?status=ERROR&status_code=400&error_code=${code}`);
      expect(res.status).toBe(200);
      const status = await settle(flowId);
      expect(status).toMatchObject({ state: 'failed' });
      expect(status.message).toMatch(words);
      expect(await flows.status(other.flowId)).toMatchObject({ state: 'waiting' }); // callbacks are per flow
    }
  });
});
