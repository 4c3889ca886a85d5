import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../../../electron/providers/retry';
import { snaptradeAdapter } from '../../../../../electron/providers/snaptrade/snaptradeAdapter';
import { BrokerageSim } from '../../../../../electron/demo-banks/snaptrade/brokerageSim';
import { startSnaptradeBank, type SnaptradeBank } from '../../../../../electron/demo-banks/snaptrade/snaptradeBank';
import { applyUpdate } from '../../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../../renderer/src/db/schema';
import { formatMoney } from '../../../../../shared/money';
import { compareWithTruth, comparisonFailed } from '../../../../support/model/syncModelHarness';
import { CLIENT_ID, CONSUMER_KEY, newConnection, truthTransactions } from '../../../../support/providers/snaptradeFixture';
import { pullFolded } from '../../../../../electron/providers/foldingSink';

// Issue 14 item 1, end to end: the demo SnapTrade sends a crypto activity the way the spec
// describes it (`currency` null, amount and fee in `currency_universal_symbol`), over HTTP to the
// real SDK, the adapter's pull and the renderer's applyUpdate on IndexedDB.
const RETRY: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 5 };
let clockMs = Date.parse('2026-04-06T15:00:00Z');
let bank: SnaptradeBank;

beforeAll(async () => {
  bank = await startSnaptradeBank({
    seed: 14, clientId: CLIENT_ID, consumerKey: CONSUMER_KEY, dailySync: false, now: () => new Date(clockMs), profile: { historyDays: 30 }, rateLimitPerMinute: null,
  });
});
afterAll(async () => bank.close());

describe('a SnapTrade crypto activity', () => {
  it('is stored in the coin it is counted in (0.0123 BTC, not -$0.01), and the list says so', async () => {
    const db = openDb('snaptrade-crypto');
    try {
      const { user, api, authorizationId } = await newConnection(bank);
      const adapter = snaptradeAdapter(api, user, RETRY, () => new Date(clockMs), { pageSize: 25 });
      const sync = async () => {
        const cursor = (await db.cursors.get('c1'))?.cursor ?? null;
        const pulled = await pullFolded((sink) => adapter.pull({ connectionId: 'c1', externalId: authorizationId, accessToken: null, cursor }, sink));
        if (pulled.kind !== 'update') throw new Error(`pull failed: ${JSON.stringify(pulled)}`);
        return applyUpdate(db, pulled.update, { trigger: 'manual', startedAt: new Date(clockMs).toISOString(), now: () => new Date(clockMs) });
      };
      await sync();

      clockMs += 3_600_000;
      const id = bank.cryptoWithdrawal(authorizationId, 1_230_000);
      const wire = Object.values(bank.truth(authorizationId).activities).flat().find((a) => a.id === id);
      expect(wire).toMatchObject({ currency: null, currency_universal_symbol: { symbol: 'BTC' }, amount: -0.0123 });
      expect(await sync()).toMatchObject({ outcome: 'applied', added: 1 });

      const row = await db.transactions.get(`snaptrade:${id ?? ''}`);
      expect(row).toMatchObject({ currency: 'BTC', amountMinor: -1_230_000, activityType: 'WITHDRAWAL' });
      expect(formatMoney(row?.amountMinor ?? 0, row?.currency ?? '', { locale: 'en-US' })).toBe('-0.0123 BTC');
      // The coin moved no fiat cash: the account's cash balances still hold only fiat.
      const accounts = await db.accounts.toArray();
      expect(accounts.flatMap((a) => (a.cashBalances ?? []).map((c) => c.currency)).every((c) => c === 'USD' || c === 'CAD')).toBe(true);
      const c = compareWithTruth(await db.transactions.toArray(), truthTransactions(bank, authorizationId, 'c1'), new Set());
      expect(comparisonFailed(c), JSON.stringify(c)).toBe(false);
    } finally {
      db.close();
      await Dexie.delete(db.name);
    }
  });

  it('survives a restart of the demo bank: the event replays to the same activity', () => {
    const params = { seed: 14, ordinal: 0, createdAt: new Date('2026-04-06T15:00:00Z'), profile: { historyDays: 10 } };
    const sim = new BrokerageSim(params);
    const made = sim.cryptoWithdrawal(new Date('2026-04-06T16:00:00Z'), 42);
    const replayed = BrokerageSim.replay(params, sim.events);
    const account = sim.accounts[0]?.id ?? '';
    expect(replayed.activities(account)).toEqual(sim.activities(account));
    expect(replayed.activities(account).find((a) => a.id === made?.id)).toMatchObject({ quote: 'BTC', amountCents: -42 });
    expect(replayed.cash(replayed.accounts[0]!)).toEqual(new BrokerageSim(params).cash(replayed.accounts[0]!));
  });
});
