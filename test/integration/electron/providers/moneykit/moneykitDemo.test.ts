import { demoSimulator, httpControl, inProcessControl } from '../../../../../electron/providers/demoControls';
import type { MoneykitFaultPlan } from '../../../../../electron/demo-banks/moneykit/moneykitBank';
import type { DemoAction } from '../../../../../shared/ipc/contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MONEYKIT_SITUATIONS, setupMoneykitDemo,
} from '../../../../../electron/providers/moneykit/moneykitDemo';
import { startMoneykitBank, type MoneykitBank } from '../../../../../electron/demo-banks/moneykit/moneykitBank';
import { openConnectionStore, type ConnectionStore } from '../../../../../electron/core/connectionStore';
import { createLogger, type Logger } from '../../../../../electron/core/logger';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Demo mode's MoneyKit connection, made through MoneyKit's own link flow against the demo bank,
// and the "try a situation" controls that drive it.
const CLIENT_ID = 'ledgerline-demo-mk';
const CLIENT_SECRET = 'demo-mk-secret-0123456789';
const RETRY = { attempts: 2, baseMs: 1, capMs: 2 };

let dir: string;
let connections: ConnectionStore;
let logger: Logger;
let lines: string[];
let bank: MoneykitBank;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mk-demo-'));
  connections = openConnectionStore(dir);
  lines = [];
  logger = createLogger({ echo: (line) => lines.push(line) });
  bank = await startMoneykitBank({ seed: 7, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, profile: { historyDays: 30 } });
});
afterEach(async () => {
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

const setup = (b = bank) =>
  setupMoneykitDemo({ baseUrl: b.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, connections, logger, timeoutMs: 5000, retry: RETRY });
const moneykitDemos = () => connections.list().filter((c) => c.demo && c.provider === 'moneykit');

describe('setupMoneykitDemo', () => {
  it('links one demo connection through the link-session flow, once, and its adapter pulls it', async () => {
    const { adapter } = await setup();
    const [record, ...others] = moneykitDemos();
    expect(others).toEqual([]);
    expect(record).toMatchObject({ provider: 'moneykit', institutionName: 'Acorn Credit Union', institutionId: 'acorn_credit_union', demo: true });
    expect(bank.links().map((l) => l.link_id)).toEqual([record?.externalId]);
    expect(adapter.perConnectionToken).toBe(false);
    const pulled = await pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId: record?.externalId ?? '', accessToken: null, cursor: null }, sink));
    expect(pulled.kind).toBe('update');

    await setup(); // a second launch keeps the connection it has
    expect(moneykitDemos().map((c) => c.id)).toEqual([record?.id]);
    expect(bank.links()).toHaveLength(1);
  });

  it('replaces a demo link the bank no longer knows or deleted, removes duplicates, and leaves other connections alone', async () => {
    const plaid = connections.add({ provider: 'plaid', institutionName: 'First Platypus Bank', institutionId: 'ins_109508', demo: true, externalId: 'item-1' });
    const real = connections.add({ provider: 'moneykit', institutionName: 'Real CU', institutionId: 'real', demo: false, externalId: 'mk_real' });
    connections.add({ provider: 'moneykit', institutionName: 'Acorn Credit Union', institutionId: 'acorn_credit_union', demo: true, externalId: 'mk_FromAnEarlierBank0000' });
    await setup();
    const [fresh] = moneykitDemos();
    expect(moneykitDemos()).toHaveLength(1);
    expect(fresh?.externalId).not.toBe('mk_FromAnEarlierBank0000');

    connections.add({ provider: 'moneykit', institutionName: 'Acorn Credit Union', institutionId: 'acorn_credit_union', demo: true, externalId: fresh?.externalId ?? '' });
    await setup();
    expect(moneykitDemos().map((c) => c.id)).toEqual([fresh?.id]);

    const t = await fetch(`${bank.url}/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    await fetch(`${bank.url}/links/${fresh?.externalId}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.access_token}` } });
    await setup();
    expect(moneykitDemos()).toHaveLength(1);
    expect(moneykitDemos()[0]?.id).not.toBe(fresh?.id);
    expect(connections.get(plaid.id)).toBeDefined();
    expect(connections.get(real.id)).toBeDefined();
  });

  it('registers every secret it meets with the log, so none can ever be written', async () => {
    await setup();
    const [record] = moneykitDemos();
    const { adapter } = await setup();
    await pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId: record?.externalId ?? '', accessToken: null, cursor: null }, sink));
    const secrets = bank.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(4); // client secret, two access tokens, a link-session token
    for (const secret of secrets) logger.info(`if this ever happened: ${secret}`);
    for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});

describe('MoneyKit demo situations', () => {
  it('makes the demo link need a new login, fail, rate-limit or move — and repairs it — in process or over the admin API', async () => {
    const { adapter } = await setup();
    const [record] = moneykitDemos();
    const linkId = record?.externalId ?? '';
    const pull = () => pullFolded((sink) => adapter.pull({ connectionId: record?.id ?? '', externalId: linkId, accessToken: null, cursor: null }, sink));
    for (const control of [inProcessControl(bank), httpControl<MoneykitFaultPlan>(bank.url, 'link_id')]) {
      const applyMoneykitDemoAction = (c: typeof control, id: string, action: DemoAction) => demoSimulator(c, MONEYKIT_SITUATIONS)(id, action);
      expect(await applyMoneykitDemoAction(control, linkId, 'login_required')).toMatch(/sign in again/);
      expect(await pull()).toMatchObject({ kind: 'error', error: { code: 'needs_reauth' } });
      expect(await applyMoneykitDemoAction(control, linkId, 'bank_outage')).toMatch(/failing/);
      expect(await pull()).toMatchObject({ kind: 'error', error: { code: 'provider_unavailable' } });
      expect(await applyMoneykitDemoAction(control, linkId, 'rate_limit')).toMatch(/rate-limits/);
      expect(await pull()).toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: expect.any(String) } });
      expect(await applyMoneykitDemoAction(control, linkId, 'repair')).toMatch(/normally again/);
      expect((await pull()).kind).toBe('update');
      const before = bank.truth(linkId).transactions.length;
      const ids = new Set(bank.truth(linkId).transactions.map((t) => t.transaction_id));
      expect(await applyMoneykitDemoAction(control, linkId, 'new_activity')).toMatch(/new activity/);
      expect(bank.truth(linkId).transactions.some((t) => !ids.has(t.transaction_id)) || bank.truth(linkId).transactions.length !== before).toBe(true);
    }
  });
});
