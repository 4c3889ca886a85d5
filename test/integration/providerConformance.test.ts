import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Configuration, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TransactionSyncSchema } from '../../electron/providers/moneykit/moneykitSchemas';
import { PlaidAccountsGetSchema, PlaidSyncPageSchema } from '../../electron/providers/plaid/plaidSchemas';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startMoneykitBank, type MoneykitBank } from '../../electron/demo-banks/moneykit/moneykitBank';
import { startSnaptradeBank, type SnaptradeBank } from '../../electron/demo-banks/snaptrade/snaptradeBank';
import * as wire from '../fixtures/providers/wireSchemas';
import { CLIENT_ID as ST_CLIENT_ID, CONSUMER_KEY, newConnection } from '../support/providers/snaptradeFixture';

/*
 * Conformance (issue 14): the fixtures in test/fixtures/providers — written from the providers'
 * own specifications — and live responses from every demo bank must pass the same schemas
 * (test/fixtures/providers/wireSchemas.ts). A demo bank that drifts from the real wire format (a
 * field missing or mistyped, all accounts in every Plaid sync page, a MoneyKit account type that
 * is not dot-prefixed) fails here.
 */
const FIXTURES = join(__dirname, '../fixtures/providers');

/** Which schema each fixture file follows, by the endpoint part of its name. */
const SCHEMA_FOR: Record<string, Record<string, z.ZodType>> = {
  plaid: {
    'transactions-sync': wire.PlaidTransactionsSyncResponse,
    'accounts-get': wire.PlaidAccountsGetResponse,
    error: wire.PlaidErrorBody,
  },
  moneykit: { 'transactions-sync': wire.MoneykitTransactionSyncResponse, error: wire.MoneykitErrorBody },
  snaptrade: { 'account-activities': wire.SnaptradeActivityPage, error: wire.SnaptradeErrorBody },
};

const expectValid = (schema: z.ZodType, body: unknown, what: string): void => {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${what} does not follow the provider's schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
};

describe('the fixtures follow the providers\' schemas', () => {
  for (const provider of Object.keys(SCHEMA_FOR)) {
    const files = readdirSync(join(FIXTURES, provider)).filter((f) => f.endsWith('.json'));
    it(`${provider}: ${files.length} fixtures`, () => {
      expect(files.length).toBeGreaterThan(1);
      for (const file of files) {
        const schema = SCHEMA_FOR[provider]?.[file.split('.')[0] ?? ''];
        if (schema === undefined) throw new Error(`${provider}/${file}: no schema for this endpoint`);
        const body = JSON.parse(readFileSync(join(FIXTURES, provider, file), 'utf8')) as Record<string, unknown>;
        expect(typeof body._comment, `${provider}/${file} says where it comes from`).toBe('string');
        expectValid(schema, body, `${provider}/${file}`);
      }
    });
  }

  it('the schemas catch what the demo banks used to get wrong', () => {
    const page = JSON.parse(readFileSync(join(FIXTURES, 'plaid/transactions-sync.page.json'), 'utf8')) as { accounts: unknown[] };
    const extra = { account_id: 'quiet', balances: { available: 1, current: 1, limit: null, iso_currency_code: 'USD', unofficial_currency_code: null }, mask: null, name: 'Savings', official_name: null, type: 'depository', subtype: 'savings' };
    expect(wire.PlaidTransactionsSyncResponse.safeParse({ ...page, accounts: [...page.accounts, extra] }).success).toBe(false);
    const mk = JSON.parse(readFileSync(join(FIXTURES, 'moneykit/transactions-sync.after-refresh.json'), 'utf8')) as { accounts: { account_type: string }[] };
    const bare = { ...mk, accounts: mk.accounts.map((a) => ({ ...a, account_type: 'credit_card' })) };
    expect(wire.MoneykitTransactionSyncResponse.safeParse(bare).success).toBe(false);
  });

  it('the app\'s own readers accept the documented bodies', () => {
    for (const file of ['transactions-sync.page.json', 'transactions-sync.not-ready.json', 'transactions-sync.removed-pending.json']) {
      expect(PlaidSyncPageSchema.safeParse(JSON.parse(readFileSync(join(FIXTURES, 'plaid', file), 'utf8'))).success, file).toBe(true);
    }
    expect(PlaidAccountsGetSchema.safeParse(JSON.parse(readFileSync(join(FIXTURES, 'plaid/accounts-get.liabilities.json'), 'utf8'))).success).toBe(true);
    for (const file of ['transactions-sync.after-refresh.json', 'transactions-sync.no-refresh.json']) {
      expect(TransactionSyncSchema.safeParse(JSON.parse(readFileSync(join(FIXTURES, 'moneykit', file), 'utf8'))).success, file).toBe(true);
    }
  });
});

describe('the demo banks answer in the providers\' wire format', () => {
  const clockMs = Date.parse('2026-03-02T15:00:00Z');
  let plaidBank: PlaidBank;
  let moneykit: MoneykitBank;
  let snaptrade: SnaptradeBank;
  beforeAll(async () => {
    plaidBank = await startPlaidBank({ seed: 14, clientId: 'conf-client', secret: 'conf-secret', now: () => new Date(clockMs), tickIntervalMs: null, household: 'payer', logger: () => undefined });
    moneykit = await startMoneykitBank({ seed: 14, clientId: 'conf-mk', clientSecret: 'conf-mk-secret', now: () => new Date(clockMs), profile: { historyDays: 20 }, household: 'card' });
    snaptrade = await startSnaptradeBank({ seed: 14, clientId: ST_CLIENT_ID, consumerKey: CONSUMER_KEY, dailySync: false, now: () => new Date(clockMs), profile: { historyDays: 60 }, rateLimitPerMinute: null });
  });
  afterAll(async () => {
    await plaidBank.close();
    await moneykit.close();
    await snaptrade.close();
  });

  it('Plaid: every sync page, NOT_READY, the mutation error, /accounts/get and an item error', async () => {
    const client = new PlaidApi(new Configuration({ basePath: plaidBank.plaidUrl, baseOptions: { headers: { 'PLAID-CLIENT-ID': 'conf-client', 'PLAID-SECRET': 'conf-secret' } } }));
    const created = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
    const { access_token, item_id } = (await client.itemPublicTokenExchange({ public_token: created.data.public_token })).data;
    const failure = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (e) {
        return (e as { response?: { data: unknown } }).response?.data;
      }
      throw new Error('expected the call to fail');
    };

    plaidBank.setFaults(item_id, { notReady: 1 });
    const notReady = (await client.transactionsSync({ access_token })).data;
    expect(notReady.transactions_update_status).toBe('NOT_READY');
    expectValid(wire.PlaidTransactionsSyncResponse, notReady, 'a NOT_READY page');

    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const { data } = await client.transactionsSync({ access_token, count: 40, ...(cursor === undefined ? {} : { cursor }) });
      expectValid(wire.PlaidTransactionsSyncResponse, data, `sync page ${pages}`);
      pages++;
      cursor = data.next_cursor;
      if (!data.has_more) break;
    }
    expect(pages).toBeGreaterThan(2);
    const quiet = (await client.transactionsSync({ access_token, cursor })).data;
    expect(quiet.accounts).toEqual([]);
    expectValid(wire.PlaidTransactionsSyncResponse, quiet, 'a page with no changes');

    plaidBank.advance(item_id, 3);
    plaidBank.setFaults(item_id, { mutationDuringPagination: 1 });
    const first = (await client.transactionsSync({ access_token, cursor, count: 1 })).data;
    expect(first.has_more).toBe(true);
    const mutation = await failure(client.transactionsSync({ access_token, cursor: first.next_cursor, count: 1 }));
    expect(mutation).toMatchObject({ error_code: 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION' });
    expectValid(wire.PlaidErrorBody, mutation, 'the mutation error');

    expectValid(wire.PlaidAccountsGetResponse, (await client.accountsGet({ access_token })).data, '/accounts/get');

    plaidBank.setFaults(item_id, { loginRequired: true });
    const login = await failure(client.transactionsSync({ access_token, cursor }));
    expect(login).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
    expectValid(wire.PlaidErrorBody, login, 'ITEM_LOGIN_REQUIRED');
  });

  it('MoneyKit: every sync page, a sync with no refresh, and a link error', async () => {
    const headers = { 'moneykit-version': '2023-02-18' };
    const tokenRes = await fetch(`${moneykit.url}/auth/token`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'conf-mk', client_secret: 'conf-mk-secret' }).toString(),
    });
    const auth = { ...headers, authorization: `Bearer ${((await tokenRes.json()) as { access_token: string }).access_token}` };
    const post = async (path: string, body: unknown) => (await fetch(`${moneykit.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
    const session = await post('/link-session', { customer_user: { id: 'conformance-user' }, redirect_uri: 'https://ledgerline.test/back' });
    const linkId = (await post('/link-session/exchange-token', { exchangeable_token: session.link_session_token })).link_id as string;
    const sync = async (cursor: string | null, size: number) => {
      const q = new URLSearchParams({ size: String(size), ...(cursor === null ? {} : { cursor }) });
      const res = await fetch(`${moneykit.url}/links/${linkId}/transactions/sync?${q}`, { headers: auth });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const drain = async (from: string | null) => {
      let cursor = from;
      for (let n = 0; ; n++) {
        const { status, body } = await sync(cursor, 25);
        expect(status).toBe(200);
        expectValid(wire.MoneykitTransactionSyncResponse, body, `MoneyKit sync page ${n}`);
        cursor = (body.cursor as { next: string }).next;
        if (body.has_more !== true) return { cursor, pages: n + 1, last: body };
      }
    };
    const all = await drain(null);
    expect(all.pages).toBeGreaterThan(2);
    const again = await drain(all.cursor);
    expect(again.last.transactions).toEqual({ created: [], updated: [], removed: [] });
    moneykit.setFaults(linkId, { authExpired: true });
    const bad = await sync(all.cursor, 25);
    expect(bad.status).toBe(422);
    expectValid(wire.MoneykitErrorBody, bad.body, 'link_error.bad_state');
  });

  it('SnapTrade: every activity page of every account, and the disabled-connection error', async () => {
    const { api, user, authorizationId } = await newConnection(snaptrade);
    const accounts = (await api.listAccounts(user)).data as { id: string; brokerage_authorization: string }[];
    let undated = 0;
    for (const account of accounts.filter((a) => a.brokerage_authorization === authorizationId)) {
      for (let offset = 0; ; ) {
        const res = await api.accountActivities({ ...user, accountId: account.id, offset, limit: 30 });
        expect(res.status).toBe(200);
        expectValid(wire.SnaptradeActivityPage, res.data, `activities of ${account.id} at ${offset}`);
        const page = res.data as { data: { trade_date: string | null }[]; pagination: { total: number } };
        undated += page.data.filter((a) => a.trade_date === null).length;
        offset += page.data.length;
        if (offset >= page.pagination.total || page.data.length === 0) break;
      }
    }
    expect(undated).toBeGreaterThan(0);
    // The unified positions endpoint (the one the SDK documents for new apps; /holdings and
    // /accounts/{id}/holdings are deprecated): every account's positions follow its schema.
    let positions = 0;
    const accountPositions = api.accountPositions;
    if (!accountPositions) throw new Error('the SDK-backed client reads positions');
    for (const account of accounts.filter((a) => a.brokerage_authorization === authorizationId)) {
      const res = await accountPositions({ ...user, accountId: account.id });
      expect(res.status).toBe(200);
      expectValid(wire.SnaptradePositionsResponse, res.data, `positions of ${account.id}`);
      positions += (res.data as { results: unknown[] }).results.length;
    }
    expect(positions).toBeGreaterThan(0);
    snaptrade.setFaults(authorizationId, { disabled: true });
    const disabled = await api.syncTransactions({ ...user, authorizationId });
    expect(disabled.status).toBe(402);
    expectValid(wire.SnaptradeErrorBody, disabled.data, 'the disabled-connection error');
  });
});
