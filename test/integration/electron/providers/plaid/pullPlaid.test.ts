import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Products } from 'plaid';
import { startPlaidBank, type PlaidBank } from '../../../../../electron/demo-banks/plaid/plaidBank';
import { createPlaidApi } from '../../../../../electron/providers/plaid/plaidClient';
import { mapPlaidTransaction } from '../../../../../electron/providers/plaid/mapPlaid';
import { plaidAdapter } from '../../../../../electron/providers/plaid/plaidAdapter';
import { PlaidTransactionSchema } from '../../../../../electron/providers/plaid/plaidSchemas';
import type { PullResult, Transaction } from '../../../../../shared/types';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Main's Plaid pull, with the official SDK, over real HTTP to the demo bank.
const clientId = 'ledgerline-test';
const secret = 'test-secret-0123456789';
let bank: PlaidBank;

beforeAll(async () => {
  bank = await startPlaidBank({ seed: 4242, clientId, secret, tickIntervalMs: null });
});
afterAll(async () => bank.close());

async function newItem(timeoutMs = 10_000) {
  const api = createPlaidApi({ basePath: bank.plaidUrl, clientId, secret, timeoutMs });
  const { data: pub } = await api.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
  const { data } = await api.itemPublicTokenExchange({ public_token: pub.public_token });
  const adapter = plaidAdapter(api, { attempts: 4, baseMs: 1, capMs: 5 });
  return { ...data, adapter, api };
}

/** The client-side model: what applying each update in turn leaves. */
function applyAll(state: Map<string, Transaction>, r: PullResult): string {
  if (r.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(r)}`);
  for (const id of r.update.removals) state.delete(id);
  for (const t of r.update.upserts) state.set(t.id, t);
  return r.update.nextCursor;
}
function truthOf(itemId: string, connectionId: string): Map<string, Transaction> {
  const t = bank.truth(itemId).transactions.map((w) => mapPlaidTransaction(PlaidTransactionSchema.parse(w), connectionId));
  return new Map(t.map((x) => [x.id, x]));
}
const sorted = (m: Map<string, Transaction>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));

describe('Plaid pull against the demo bank (official SDK, real HTTP)', () => {
  it('drains a multi-page history into exactly the bank\'s ledger, then follows it incrementally', async () => {
    const item = await newItem();
    const state = new Map<string, Transaction>();
    const first = await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink));
    expect(first.kind === 'update' && first.update.pages).toBeGreaterThanOrEqual(3);
    let cursor = applyAll(state, first);
    expect(sorted(state)).toEqual(sorted(truthOf(item.item_id, 'c1')));
    expect(state.size).toBeGreaterThan(1000);
    expect([...state.values()].some((t) => t.pending)).toBe(true);
    expect([...state.values()].some((t) => t.amountMinor > 0)).toBe(true); // income is positive

    for (let i = 0; i < 5; i++) {
      await item.adapter.refresh({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token }); // moves the bank's ledger one step
      cursor = applyAll(state, await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor }, sink)));
      expect(sorted(state)).toEqual(sorted(truthOf(item.item_id, 'c1')));
    }
    const posted = [...state.values()].filter((t) => t.pendingId);
    expect(posted.length).toBeGreaterThan(0);
    for (const p of posted) expect(state.has(p.pendingId ?? '')).toBe(false);
  });

  it('restarts the page loop on mutation during pagination and still matches the ledger', async () => {
    const item = await newItem();
    bank.setFaults(item.item_id, { mutationDuringPagination: 2 });
    const state = new Map<string, Transaction>();
    const r = await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink));
    expect(r.kind === 'update' && r.update.restarts).toBe(2);
    applyAll(state, r);
    expect(sorted(state)).toEqual(sorted(truthOf(item.item_id, 'c1')));
  });

  it('retries rate limits and server errors, then succeeds', async () => {
    const item = await newItem();
    bank.setFaults(item.item_id, { rateLimit: 1, serverError: 1, institutionDown: 1 });
    const r = await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink));
    expect(r.kind).toBe('update');
  });

  it('gives a clear error when the faults outlast the retries', async () => {
    const item = await newItem();
    bank.setFaults(item.item_id, { rateLimit: 10 });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'rate_limited', retryAt: expect.any(String) } });
    bank.setFaults(item.item_id, { serverError: 10 });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'provider_unavailable' } });
  });

  it('times out a slow response and reports it', async () => {
    const item = await newItem(300);
    bank.setFaults(item.item_id, { slowMs: { ms: 1500, count: 10 } });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'provider_unavailable', message: expect.stringMatching(/timed out/) } });
  });

  it('refuses truncated and schema-invalid pages, naming the field', async () => {
    const item = await newItem();
    bank.setFaults(item.item_id, { truncatedJson: 1 });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'bad_response', message: expect.stringMatching(/not valid JSON/) } });
    bank.setFaults(item.item_id, { malformed: 1 });
    const r = await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink));
    expect(r).toMatchObject({ kind: 'error', error: { code: 'bad_response' } });
    expect(r.kind === 'error' && r.error.message).toMatch(/(added|modified)\[\d+\]\.(amount|transaction_id)/);
  });

  it('maps login required, NOT_READY and a removed item to their states', async () => {
    const item = await newItem();
    bank.setFaults(item.item_id, { loginRequired: true });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'needs_reauth' } });
    bank.setFaults(item.item_id, { loginRequired: false, notReady: 1 });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink))).toMatchObject({ kind: 'waiting' });
    expect((await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink))).kind).toBe('update');
    await item.api.itemRemove({ access_token: item.access_token });
    expect(await pullFolded((sink) => item.adapter.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
  });

  it('reports wrong API keys as a credentials problem', async () => {
    const item = await newItem();
    const wrong = plaidAdapter(createPlaidApi({ basePath: bank.plaidUrl, clientId, secret: 'wrong-secret', timeoutMs: 5000 }), { attempts: 1, baseMs: 1, capMs: 1 });
    expect(await pullFolded((sink) => wrong.pull({ connectionId: 'c1', externalId: item.item_id, accessToken: item.access_token, cursor: null }, sink)))
      .toMatchObject({ kind: 'error', error: { code: 'credentials' } });
  });
});
