import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration, PlaidApi, Products, type Transaction } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaidBank, type PlaidBank, type PlaidBankOptions } from '../../../../../electron/demo-banks/plaid/plaidBank';

const CLIENT_ID = 'test-client-id';
const SECRET = 'test-secret-value';
const START = new Date('2026-03-01T15:00:00Z');

function plaidClient(bank: PlaidBank, secret = SECRET): PlaidApi {
  return new PlaidApi(
    new Configuration({ basePath: bank.plaidUrl, baseOptions: { headers: { 'PLAID-CLIENT-ID': CLIENT_ID, 'PLAID-SECRET': secret } } }),
  );
}

/** The status and Plaid error body of a call that must fail (the SDK throws an AxiosError). */
async function failure(call: Promise<unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: Record<string, unknown> } }).response;
    if (response !== undefined) return response;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function link(client: PlaidApi): Promise<{ accessToken: string; itemId: string }> {
  const created = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
  const exchanged = await client.itemPublicTokenExchange({ public_token: created.data.public_token });
  return { accessToken: exchanged.data.access_token, itemId: exchanged.data.item_id };
}

/** One complete update from `cursor`, applied to `state` after the last page, as a client does. */
async function drain(client: PlaidApi, accessToken: string, state: Map<string, Transaction>, cursor?: string, count = 500): Promise<{ cursor: string; pages: number }> {
  const pages = [];
  let next = cursor;
  for (;;) {
    const { data } = await client.transactionsSync({ access_token: accessToken, cursor: next, count });
    pages.push(data);
    next = data.next_cursor;
    if (!data.has_more) break;
  }
  for (const page of pages) {
    for (const txn of [...page.added, ...page.modified]) state.set(txn.transaction_id, txn);
    for (const { transaction_id } of page.removed) state.delete(transaction_id);
  }
  return { cursor: next, pages: pages.length };
}

function expectMatchesTruth(bank: PlaidBank, itemId: string, state: Map<string, Transaction>): void {
  const truth = bank.truth(itemId);
  expect(new Map(truth.transactions.map((t) => [t.transaction_id, t]))).toEqual(new Map(state));
}

/** Raw HTTP for the admin endpoints, with control over the Host header. */
function admin(bank: PlaidBank, method: string, path: string, body?: unknown, host?: string): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, bank.plaidUrl);
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...(host && { host }) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('demo bank over real HTTP with the plaid SDK', () => {
  let bank: PlaidBank;
  let client: PlaidApi;
  let clock = START;
  const logLines: string[] = [];

  beforeAll(async () => {
    bank = await startPlaidBank({
      seed: 7,
      clientId: CLIENT_ID,
      secret: SECRET,
      now: () => clock,
      tickIntervalMs: null,
      logger: (line) => logLines.push(line),
    });
    client = plaidClient(bank);
  });
  afterAll(() => bank.close());

  it('links an item and drains a multi-page history equal to the truth', async () => {
    const { accessToken, itemId } = await link(client);
    expect(accessToken).toMatch(/^access-sandbox-[0-9a-f-]{36}$/);
    const state = new Map<string, Transaction>();
    const { pages } = await drain(client, accessToken, state);
    expect(pages).toBeGreaterThanOrEqual(3);
    expectMatchesTruth(bank, itemId, state);

    const { data } = await client.transactionsSync({ access_token: accessToken, count: 1 });
    expect(data.transactions_update_status).toBe('HISTORICAL_UPDATE_COMPLETE');
    // Plaid: `accounts` holds only the accounts with transactions in this response (issue 14).
    const inPage = new Set([...data.added, ...data.modified, ...data.removed].map((t) => t.account_id));
    expect(data.accounts.map((a) => a.account_id).sort()).toEqual([...inPage].sort());
    expect(data.accounts).toEqual(bank.truth(itemId).accounts.filter((a) => inPage.has(a.account_id)));
    // /accounts/get lists every account, balances included.
    const all = await client.accountsGet({ access_token: accessToken });
    expect(all.data.accounts.map((a) => a.name)).toEqual(['Plaid Checking', 'Plaid Saving', 'Plaid Credit Card']);
    expect(all.data.accounts).toEqual(bank.truth(itemId).accounts);
    const quiet = await client.transactionsSync({ access_token: accessToken, cursor: (await drain(client, accessToken, new Map())).cursor });
    expect(quiet.data.accounts).toEqual([]);
    expect(data.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
    const txn = data.added[0];
    expect(Object.keys(txn ?? {}).sort()).toEqual(
      [
        'account_id', 'account_owner', 'amount', 'authorized_date', 'authorized_datetime', 'category', 'category_id',
        'check_number', 'counterparties', 'date', 'datetime', 'iso_currency_code', 'location', 'logo_url',
        'merchant_entity_id', 'merchant_name', 'name', 'payment_channel', 'payment_meta', 'pending',
        'pending_transaction_id', 'personal_finance_category', 'transaction_code', 'transaction_id',
        'transaction_type', 'unofficial_currency_code', 'website',
      ].sort(),
    );
  });

  it('advances on /transactions/refresh and syncs the difference', async () => {
    const { accessToken, itemId } = await link(client);
    const state = new Map<string, Transaction>();
    const { cursor } = await drain(client, accessToken, state);
    const unchanged = await client.transactionsSync({ access_token: accessToken, cursor });
    expect(unchanged.data.next_cursor).toBe(cursor);
    expect(unchanged.data.added).toEqual([]);

    clock = new Date(clock.getTime() + 6 * 3_600_000);
    await client.transactionsRefresh({ access_token: accessToken });
    const before = state.size;
    const after = await drain(client, accessToken, state, cursor, 2);
    expect(after.cursor).not.toBe(cursor);
    expect(state.size).not.toBe(before);
    expectMatchesTruth(bank, itemId, state);

    const item = await client.itemGet({ access_token: accessToken });
    expect(item.data.status?.transactions?.last_successful_update).toBe(clock.toISOString());
    expect(item.data.item.error).toBeNull();
    expect(item.data.item.institution_id).toBe('ins_109508');
  });

  it('fails the next page with TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION and recovers on restart', async () => {
    const { accessToken, itemId } = await link(client);
    bank.setFaults(itemId, { mutationDuringPagination: 1 });
    const first = await client.transactionsSync({ access_token: accessToken, count: 500 });
    expect(first.data.has_more).toBe(true);
    const error = await failure(client.transactionsSync({ access_token: accessToken, cursor: first.data.next_cursor, count: 500 }));
    expect(error.status).toBe(400);
    expect(error.data).toMatchObject({
      error_type: 'TRANSACTIONS_ERROR',
      error_code: 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION',
      display_message: null,
      causes: [],
      suggested_action: null,
    });
    expect(error.data.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(error.data.documentation_url).toBe('https://plaid.com/docs/errors/transactions/#transactions_sync_mutation_during_pagination');

    const state = new Map<string, Transaction>();
    await drain(client, accessToken, state);
    expectMatchesTruth(bank, itemId, state);
  });

  it('rejects bad credentials, tokens and fields with Plaid error codes', async () => {
    const { accessToken, itemId } = await link(client);
    const cases: [Promise<unknown>, number, string][] = [
      [plaidClient(bank, 'wrong').transactionsSync({ access_token: accessToken }), 400, 'INVALID_API_KEYS'],
      [client.transactionsSync({ access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000' }), 400, 'INVALID_ACCESS_TOKEN'],
      [client.transactionsSync({ access_token: accessToken, count: 501 }), 400, 'INVALID_FIELD'],
      [client.transactionsSync({ access_token: accessToken, count: 0 }), 400, 'INVALID_FIELD'],
      [client.transactionsSync({ access_token: accessToken, cursor: 'garbage' }), 400, 'INVALID_FIELD'],
      [client.transactionsSync({} as { access_token: string }), 400, 'MISSING_FIELDS'],
      [client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Auth] }), 400, 'INVALID_FIELD'],
      [client.itemPublicTokenExchange({ public_token: 'public-sandbox-nope' }), 400, 'INVALID_PUBLIC_TOKEN'],
    ];
    for (const [call, status, code] of cases) {
      const error = await failure(call);
      expect([error.status, error.data.error_code]).toEqual([status, code]);
    }

    const other = await link(client);
    const foreignCursor = (await client.transactionsSync({ access_token: other.accessToken, count: 1 })).data.next_cursor;
    const foreign = await failure(client.transactionsSync({ access_token: accessToken, cursor: foreignCursor }));
    expect(foreign.data.error_code).toBe('INVALID_FIELD');

    const notFound = await fetch(`${bank.plaidUrl}/no/such/path`, { method: 'POST', body: '{}' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'NOT_FOUND' });

    const badBody = await fetch(`${bank.plaidUrl}/item/get`, { method: 'POST', body: '{not json' });
    expect(await badBody.json()).toMatchObject({ error_code: 'INVALID_BODY' });

    // Credentials in the body work as well as in headers.
    const bodyAuth = await fetch(`${bank.plaidUrl}/item/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT_ID, secret: SECRET, access_token: accessToken }),
    });
    expect(bodyAuth.status).toBe(200);

    await client.itemRemove({ access_token: accessToken });
    expect((await failure(client.accountsGet({ access_token: accessToken }))).data.error_code).toBe('ITEM_NOT_FOUND');
    expect(bank.items().map((i) => i.item_id)).not.toContain(itemId);
  });

  it('makes public tokens single-use and expires them after 30 minutes', async () => {
    const created = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    await client.itemPublicTokenExchange({ public_token: created.data.public_token });
    const reused = await failure(client.itemPublicTokenExchange({ public_token: created.data.public_token }));
    expect(reused.data.error_code).toBe('INVALID_PUBLIC_TOKEN');

    const stale = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    clock = new Date(clock.getTime() + 31 * 60_000);
    const expired = await failure(client.itemPublicTokenExchange({ public_token: stale.data.public_token }));
    expect(expired.data.error_code).toBe('INVALID_PUBLIC_TOKEN');
    expect(expired.data.error_message).toMatch(/expired/);
  });

  it('injects sync faults one call at a time', async () => {
    const { accessToken, itemId } = await link(client);
    const sync = (): Promise<unknown> => client.transactionsSync({ access_token: accessToken, count: 10 });
    bank.setFaults(itemId, { rateLimit: 1, serverError: 1, institutionDown: 1 });
    expect(await failure(sync())).toMatchObject({ status: 429, data: { error_type: 'RATE_LIMIT_EXCEEDED', error_code: 'TRANSACTIONS_SYNC_LIMIT' } });
    expect(await failure(sync())).toMatchObject({ status: 500, data: { error_type: 'API_ERROR', error_code: 'INTERNAL_SERVER_ERROR' } });
    expect(await failure(sync())).toMatchObject({ status: 400, data: { error_type: 'INSTITUTION_ERROR', error_code: 'INSTITUTION_DOWN' } });
    await sync();

    bank.setFaults(itemId, { notReady: 1, truncatedJson: 1, malformed: 1, slowMs: { ms: 150, count: 1 } });
    const started = performance.now();
    const notReady = await client.transactionsSync({ access_token: accessToken });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(notReady.data).toMatchObject({ added: [], modified: [], removed: [], next_cursor: '', has_more: false, transactions_update_status: 'NOT_READY' });

    // Axios hands unparseable JSON through as a string rather than throwing.
    const truncated = await client.transactionsSync({ access_token: accessToken, count: 10 });
    expect(typeof truncated.data).toBe('string');
    expect(() => JSON.parse(truncated.data as unknown as string)).toThrow();

    const malformed = await client.transactionsSync({ access_token: accessToken, count: 10 });
    const broken = malformed.data.added[0] as unknown as Record<string, unknown>;
    expect(typeof broken.amount).toBe('string');
    expect(broken).not.toHaveProperty('transaction_id');

    const healthy = await client.transactionsSync({ access_token: accessToken, count: 10 });
    expect(healthy.data.added).toHaveLength(10);
  });

  it('keeps a login-required item answering /item/get with item.error until repaired', async () => {
    const { accessToken, itemId } = await link(client);
    bank.setFaults(itemId, { loginRequired: true });
    for (const call of [
      client.transactionsSync({ access_token: accessToken }),
      client.accountsGet({ access_token: accessToken }),
      client.transactionsRefresh({ access_token: accessToken }),
    ]) {
      expect(await failure(call)).toMatchObject({ status: 400, data: { error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' } });
    }
    const item = await client.itemGet({ access_token: accessToken });
    expect(item.data.item.error?.error_code).toBe('ITEM_LOGIN_REQUIRED');
    expect(item.data.status?.transactions?.last_failed_update).toBe(clock.toISOString());

    bank.setFaults(itemId, { loginRequired: false });
    expect((await client.itemGet({ access_token: accessToken })).data.item.error).toBeNull();
    await client.transactionsSync({ access_token: accessToken });
  });

  it('serves the admin endpoints on loopback hosts only', async () => {
    const { itemId } = await link(client);
    const items = await admin(bank, 'GET', '/__admin/items');
    expect(items.status).toBe(200);
    expect(items.json).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ item_id: itemId, institution_id: 'ins_109508' })]) });

    const before = bank.truth(itemId).transactions.length;
    expect((await admin(bank, 'POST', '/__admin/advance', { item_id: itemId, steps: 3 })).status).toBe(200);
    const truth = await admin(bank, 'POST', '/__admin/truth', { item_id: itemId });
    expect(truth.json).toEqual(JSON.parse(JSON.stringify(bank.truth(itemId))));
    expect(bank.truth(itemId).transactions.length).not.toBe(before);

    expect((await admin(bank, 'POST', '/__admin/faults', { item_id: itemId, faults: { serverError: 1 } })).status).toBe(200);
    expect((await admin(bank, 'POST', '/__admin/faults', { item_id: itemId, faults: { serverError: 'x' } })).status).toBe(400);
    expect((await admin(bank, 'POST', '/__admin/advance', { item_id: 'nope' })).status).toBe(404);

    const secrets = await admin(bank, 'GET', '/__admin/secrets');
    expect(secrets.json).toEqual({ secrets: bank.issuedSecrets() });
    expect(bank.issuedSecrets()).toContain(SECRET);

    expect((await admin(bank, 'GET', '/__admin/items', undefined, 'evil.example:80')).status).toBe(403);
    expect((await admin(bank, 'GET', '/__admin/items', undefined, `localhost:${new URL(bank.plaidUrl).port}`)).status).toBe(200);
  });

  it('never logs a token or the secret', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const secrets = bank.issuedSecrets();
    expect(secrets.some((s) => s.startsWith('access-sandbox-'))).toBe(true);
    for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});

describe('demo bank state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-demo-bank-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps tokens and cursors valid across a restart without storing tokens', async () => {
    let clock = START;
    const options: PlaidBankOptions = { seed: 3, clientId: CLIENT_ID, secret: SECRET, stateFile: join(dir, 'state.json'), now: () => clock, tickIntervalMs: 4 * 3_600_000 };
    const first = await startPlaidBank(options);
    const firstClient = plaidClient(first);
    const { accessToken, itemId } = await link(firstClient);
    const pendingLink = await firstClient.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    const state = new Map<string, Transaction>();
    const { cursor } = await drain(firstClient, accessToken, state);
    const midway = (await firstClient.transactionsSync({ access_token: accessToken, count: 50 })).data.next_cursor;
    await firstClient.transactionsRefresh({ access_token: accessToken });
    const truthBefore = first.truth(itemId);
    await first.close();

    const saved = readFileSync(options.stateFile ?? '', 'utf8');
    for (const secret of first.issuedSecrets()) expect(saved).not.toContain(secret);

    const second = await startPlaidBank(options);
    try {
      const secondClient = plaidClient(second);
      expect(second.truth(itemId)).toEqual(truthBefore);
      // A cursor from before the restart continues exactly where it left off.
      await drain(secondClient, accessToken, state, cursor);
      expectMatchesTruth(second, itemId, state);
      // A mid-pagination cursor from before the refresh is now stale, as it would be on Plaid.
      const stale = await failure(secondClient.transactionsSync({ access_token: accessToken, cursor: midway, count: 50 }));
      expect(stale.data.error_code).toBe('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
      // A public token issued before the restart can still be exchanged.
      await secondClient.itemPublicTokenExchange({ public_token: pendingLink.data.public_token });

      // Elapsed time advances the ledger on its own: 8 hours = 2 steps.
      const { cursor: latest } = await drain(secondClient, accessToken, state);
      clock = new Date(clock.getTime() + 8 * 3_600_000);
      const ticked = await drain(secondClient, accessToken, state, latest);
      expect(ticked.cursor).not.toBe(latest);
      expectMatchesTruth(second, itemId, state);
    } finally {
      await second.close();
    }

    const third = await startPlaidBank(options);
    try {
      expect(third.truth(itemId)).toEqual(second.truth(itemId));
    } finally {
      await third.close();
    }
  });
});
