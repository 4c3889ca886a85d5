import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { mapSnaptradeActivity } from '../../../../electron/providers/snaptrade/mapSnaptrade';
import { ActivitySchema } from '../../../../electron/providers/snaptrade/snaptradeSchemas';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../../renderer/src/db/schema';
import { diffCurrencies, formatFieldValue } from '../../../../renderer/src/ui/changes/changeText';
import type { SyncUpdate, Transaction } from '../../../../shared/types';
import { changesOfRows } from '../../../../renderer/src/db/changeLog';

// Issue 14 item 1, after the upgrade: a crypto activity an earlier version stored in the account's
// currency (0.0123 BTC as -$0.01) is corrected by the next re-read, and the Changes diff shows
// each side in its own currency.
const wire = ActivitySchema.parse({
  id: 'act-btc', symbol: null, option_symbol: null, price: 0, units: 0, type: 'WITHDRAWAL', description: 'BTC WITHDRAWAL',
  amount: -0.0123, currency: null, currency_universal_symbol: { id: 's', symbol: 'BTC', raw_symbol: 'BTC', description: 'Bitcoin' },
  trade_date: '2026-11-19 15:00:00+00:00', settlement_date: '2026-11-19 00:00:00+00:00', fee: 0,
});
const update = (from: string | null, to: string, rows: Transaction[]): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: from, nextCursor: to, upserts: rows, removals: [], replace: [],
  pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0, accounts: [],
});
const meta = { trigger: 'manual' as const, startedAt: '2026-11-21T10:00:00.000Z' };

describe('a crypto row corrected from the account currency to its coin', () => {
  it('is one modification, shown as "-$0.01 → -0.0123 BTC"', async () => {
    const db = openDb('currency-correction');
    await db.open();
    try {
      const fixed = mapSnaptradeActivity(wire, { connectionId: 'c1', accountId: 'acc-1', accountCurrency: 'USD' });
      expect(fixed).toMatchObject({ currency: 'BTC', amountMinor: -1_230_000 });
      await applyUpdate(db, update(null, 'K1', [{ ...fixed, currency: 'USD', amountMinor: -1 }]), meta); // what the old mapper stored
      const r = await applyUpdate(db, update('K1', 'K2', [fixed]), meta);
      expect(r).toMatchObject({ outcome: 'applied', added: 0, modified: 1 });
      const change = (await changesOfRows(db, [fixed.id])).find((c) => c.kind === 'modified');
      const fields = change?.fields ?? [];
      const sides = diffCurrencies(fields, 'BTC');
      expect(sides).toEqual({ before: 'USD', after: 'BTC' });
      const amount = fields.find((f) => f.field === 'amountMinor');
      expect(formatFieldValue('amountMinor', amount?.before ?? null, sides.before)).toMatch(/^-\$0\.01$/);
      expect(formatFieldValue('amountMinor', amount?.after ?? null, sides.after)).toMatch(/^-0\.0123 BTC$/);
      expect(diffCurrencies([], 'BTC')).toEqual({ before: 'BTC', after: 'BTC' });
    } finally {
      db.close();
      await db.delete();
    }
  });
});
