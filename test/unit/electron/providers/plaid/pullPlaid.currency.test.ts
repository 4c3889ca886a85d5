import { describe, expect, it } from 'vitest';
import { pullPlaid, type PlaidSyncApi } from '../../../../../electron/providers/plaid/pullPlaid';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Issue 14 item 3 at the pull: a crypto Item (Plaid's own example is a "BTC Wallet" with
// `unofficial_currency_code`), a four-letter code, and a row with neither code used to fail the
// whole pull — every sync of that Item, forever.
const tx = (id: string, amount: number, iso: string | null, unofficial: string | null) => ({
  transaction_id: id, account_id: 'w1', amount, iso_currency_code: iso, unofficial_currency_code: unofficial,
  date: '2026-11-01', authorized_date: null, name: `T ${id}`, merchant_name: null, pending: false,
  pending_transaction_id: null, category: null, personal_finance_category: null,
});
const wallet = { account_id: 'w1', name: 'BTC Wallet', official_name: 'BTC Wallet', mask: 'fccd', type: 'other', subtype: 'other',
  balances: { available: 0.7, current: 0.70012345, limit: null, iso_currency_code: null, unofficial_currency_code: 'BTC' } };
const uncoded = { ...wallet, account_id: 'u1', name: 'Points', balances: { ...wallet.balances, unofficial_currency_code: null } };

const api: PlaidSyncApi = {
  async transactionsSync() {
    return {
      data: {
        added: [tx('btc', 0.00012345, null, 'BTC'), tx('usdt', -12.5, null, 'USDT'), tx('none', 3.25, null, null), tx('usd', 4.35, 'USD', null)],
        modified: [], removed: [], accounts: [wallet, uncoded], next_cursor: 'C1', has_more: false,
        transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE', request_id: 'r1',
      },
    };
  },
};
const deps = { api, retry: { attempts: 1, baseMs: 1, capMs: 1 }, sleep: async () => undefined, random: () => 0.5, now: () => new Date('2026-11-21T12:00:00Z') };

describe('pullPlaid with non-ISO and missing currency codes', () => {
  it('stores every row and account exactly, in the currency Plaid named or as unknown', async () => {
    const r = await pullFolded((sink) => pullPlaid(deps, { connectionId: 'c1', accessToken: 'access-sandbox-x', cursor: 'C0' }, sink));
    expect(r.kind).toBe('update');
    if (r.kind !== 'update') return;
    expect(r.update.upserts.map((t) => [t.id, t.amountMinor, t.currency])).toEqual([
      ['plaid:btc', -12345, 'BTC'], ['plaid:usdt', 12500000, 'USDT'], ['plaid:none', -325000000, '?'], ['plaid:usd', -435, 'USD'],
    ]);
    expect(r.update.accounts.map((a) => [a.id, a.currentMinor, a.currency])).toEqual([['plaid:w1', 70012345, 'BTC'], ['plaid:u1', 70012345, '?']]);
  });
});
