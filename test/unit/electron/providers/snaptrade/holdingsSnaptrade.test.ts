import { describe, expect, it } from 'vitest';
import { snaptradeHoldings, toHolding } from '../../../../../electron/providers/snaptrade/holdingsSnaptrade';
import type { RawResponse, SnaptradeApi } from '../../../../../electron/providers/snaptrade/snaptradeClient';
import { PositionSchema } from '../../../../../electron/providers/snaptrade/snaptradeSchemas';

const position = (extra: Record<string, unknown> = {}, instrument: Record<string, unknown> = {}) => PositionSchema.parse({
  instrument: { kind: 'stock', id: 'i1', symbol: 'AAPL', raw_symbol: 'AAPL', description: 'Apple Inc.', currency: 'USD', ...instrument },
  units: '12.345678', price: '187.1234', cost_basis: '150.5', currency: 'USD', ...extra,
});

const ok = (data: unknown): RawResponse => ({ status: 200, data, headers: {} });

describe('SnapTrade holdings mapping', () => {
  it('keeps units, price and cost basis as the decimal strings sent, and values them exactly', () => {
    expect(toHolding(position())).toEqual({
      symbol: 'AAPL', description: 'Apple Inc.', kind: 'stock', units: '12.345678', price: '187.1234', costBasis: '150.5',
      currency: 'USD', valueMinor: 231_017, costMinor: 185_802,
    });
  });

  it('an option: value with the multiplier (price per share), cost per contract; a number is read exactly; null figures stay null', () => {
    const option = toHolding(position({ units: 2, price: '1.15', cost_basis: '90' }, { kind: 'option', symbol: 'AAPL  261218C00200000', multiplier: '100' }));
    expect(option).toMatchObject({ kind: 'option', units: '2', valueMinor: 23_000, costMinor: 18_000 });
    const bare = toHolding(position({ price: null, cost_basis: null, currency: null }, { currency: 'CAD' }));
    expect(bare).toMatchObject({ price: null, costBasis: null, valueMinor: null, costMinor: null, currency: 'CAD' });
  });

  it('reads the authorization\'s accounts and each one\'s unified positions; a refusal is a plain sentence', async () => {
    const asked: string[] = [];
    const api = {
      listAccounts: async () => ok([
        { id: 'b', brokerage_authorization: 'auth1', name: 'IRA', number: '2', institution_name: 'X', sync_status: {}, balance: { total: null } },
        { id: 'a', brokerage_authorization: 'auth1', name: 'Taxable', number: '1', institution_name: 'X', sync_status: {}, balance: { total: null } },
        { id: 'z', brokerage_authorization: 'other', name: 'Not ours', number: '3', institution_name: 'X', sync_status: {}, balance: { total: null } },
      ]),
      accountPositions: async (p: { accountId: string }) => {
        asked.push(p.accountId);
        return ok({ results: [{ instrument: { kind: 'etf', symbol: `${p.accountId.toUpperCase()}X` }, units: '1', price: '10', currency: 'USD' }], data_freshness: { as_of: '2026-11-20T12:00:00Z' } });
      },
    } as unknown as SnaptradeApi;
    const out = await snaptradeHoldings(api, { userId: 'u', userSecret: 's' }, 'auth1');
    expect(asked).toEqual(['a', 'b']);
    expect(out.map((a) => [a.accountId, a.asOf, a.holdings[0]?.valueMinor])).toEqual([['snaptrade:a', '2026-11-20T12:00:00Z', 1_000], ['snaptrade:b', '2026-11-20T12:00:00Z', 1_000]]);

    const refused = { ...api, accountPositions: async () => ({ status: 402, data: { detail: 'disabled', code: '3003' }, headers: {} }) } as unknown as SnaptradeApi;
    await expect(snaptradeHoldings(refused, { userId: 'u', userSecret: 's' }, 'auth1')).rejects.toThrow(/reconnect|disabled/i);
    const invalid = { ...api, accountPositions: async () => ok({ results: [{ units: '1' }] }) } as unknown as SnaptradeApi;
    await expect(snaptradeHoldings(invalid, { userId: 'u', userSecret: 's' }, 'auth1')).rejects.toThrow(/invalid the positions|results\.0\.instrument/);
  });
});
