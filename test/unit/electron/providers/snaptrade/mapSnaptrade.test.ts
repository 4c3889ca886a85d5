import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDecimal } from '../../../../../electron/providers/snaptrade/decimal';
import { MappingError, mapSnaptradeAccount, mapSnaptradeActivity } from '../../../../../electron/providers/snaptrade/mapSnaptrade';
import { AccountSchema, ActivitySchema, BalanceSchema, type SnaptradeActivity } from '../../../../../electron/providers/snaptrade/snaptradeSchemas';
import { TransactionSchema } from '../../../../../shared/types';

const ctx = { connectionId: 'c1', accountId: 'acc-1', accountCurrency: 'USD' };

/** A BUY as SnapTrade sends it (production's Python-style datetimes). */
const buy = (over: Record<string, unknown> = {}): SnaptradeActivity =>
  ActivitySchema.parse({
    id: 'act-1',
    symbol: { id: 'sym', symbol: 'VTI', raw_symbol: 'VTI', description: 'Vanguard Total Stock Market ETF' },
    option_symbol: null,
    price: 245.1234,
    units: 0.123456,
    amount: -30.27,
    currency: { id: 'cur', code: 'USD', name: 'US Dollar' },
    type: 'BUY',
    option_type: '',
    description: 'YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI)',
    trade_date: '2026-03-04 15:31:07+00:00',
    settlement_date: '2026-03-05 00:00:00+00:00',
    fee: 0.01,
    fx_rate: null,
    institution: 'Demo Brokerage',
    external_reference_id: null,
    ...over,
  });

describe('mapSnaptradeActivity', () => {
  // Issue 14 item 1: with `currency` null the spec says price, amount and fee are in
  // `currency_universal_symbol`; the account's USD was used, so 0.0123 BTC became -$0.01.
  it('counts a crypto activity with a null currency in its quote symbol, to the satoshi', () => {
    const btc = { id: 'sym-btc', symbol: 'BTC', raw_symbol: 'BTC', description: 'Bitcoin' };
    const tx = mapSnaptradeActivity(buy({
      symbol: { id: 'sym-eth', symbol: 'ETH', raw_symbol: 'ETH', description: 'Ethereum' },
      currency_universal_symbol: btc, currency: null, amount: -0.0123, price: 0.0246, units: 0.5, fee: 0.00001234,
    }), ctx);
    expect(tx).toMatchObject({ currency: 'BTC', amountMinor: -1230000, feeMinor: 1234, symbol: 'ETH', price: '0.0246', units: '0.5' });
    expect(TransactionSchema.parse(tx)).toEqual(tx);
  });

  it('never borrows the account currency for an amount whose currency SnapTrade did not name', () => {
    expect(mapSnaptradeActivity(buy({ currency: null, amount: -5.5 }), ctx)).toMatchObject({ currency: '?', amountMinor: -550000000 });
    // A split moves no money: the account's currency is harmless there.
    expect(mapSnaptradeActivity(buy({ currency: null, amount: null, fee: 0, type: 'SPLIT' }), ctx)).toMatchObject({ currency: 'USD', amountMinor: 0 });
  });

  it('keeps SnapTrade\'s sign (positive = cash in), converts to minor units once, and keeps the investment fields', () => {
    const tx = mapSnaptradeActivity(buy(), ctx);
    expect(tx).toEqual({
      id: 'snaptrade:act-1', connectionId: 'c1', accountId: 'snaptrade:acc-1', amountMinor: -3027, currency: 'USD',
      date: '2026-03-04', authorizedDate: null, description: 'YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI)', merchant: null, category: null,
      pending: false, pendingId: null, activityType: 'BUY', symbol: 'VTI', units: '0.123456', price: '245.1234', feeMinor: 1, settlementDate: '2026-03-05',
    });
    expect(TransactionSchema.parse(tx)).toEqual(tx);
    expect(mapSnaptradeActivity(buy({ type: 'DIVIDEND', amount: 12.5, units: 0, price: 0 }), ctx).amountMinor).toBe(1250);
    expect(mapSnaptradeActivity(buy({ type: 'SELL', amount: 100.1, units: -0.4 }), ctx)).toMatchObject({ amountMinor: 10010, units: '-0.4' });
  });

  it('converts decimals exactly, without binary floating-point error', () => {
    expect(mapSnaptradeActivity(buy({ amount: 0.1 + 0.2 }), ctx).amountMinor).toBe(30);
    expect(mapSnaptradeActivity(buy({ amount: -1234567.895 }), ctx).amountMinor).toBe(-123456790);
    expect(mapSnaptradeActivity(buy({ units: 1e-7, price: 0.0001 }), ctx)).toMatchObject({ units: '0.0000001', price: '0.0001' });
    expect(mapSnaptradeActivity(buy({ amount: 1000, currency: { code: 'JPY' } }), ctx)).toMatchObject({ amountMinor: 1000, currency: 'JPY' });
    expect(mapSnaptradeActivity(buy({ amount: 12.345, fee: 0.125, currency: { code: 'KWD' } }), ctx)).toMatchObject({ amountMinor: 12345, feeMinor: 125 });
  });

  it('keeps a type SnapTrade did not normalize, exactly as sent', () => {
    const tx = mapSnaptradeActivity(buy({ type: 'STOCK_LOAN_INCOME', symbol: null, units: 0, price: 0, amount: 1.23, description: '' }), ctx);
    expect(tx).toMatchObject({ activityType: 'STOCK_LOAN_INCOME', symbol: null, units: null, price: null, description: 'STOCK_LOAN_INCOME' });
  });

  it('gives cash-only rows no units or price, and fills in what SnapTrade left out', () => {
    const cash = mapSnaptradeActivity(buy({ type: 'CONTRIBUTION', symbol: null, units: 0, price: 0, amount: 500, fee: 0 }), ctx);
    expect(cash).toMatchObject({ units: null, price: null, feeMinor: 0, symbol: null });
    const bare = mapSnaptradeActivity(ActivitySchema.parse({ id: 'x', settlement_date: '2026-01-02T00:00:00Z', type: 'SPLIT', symbol: { symbol: 'AAPL' }, units: 3 }), ctx);
    expect(bare).toMatchObject({ amountMinor: 0, currency: 'USD', date: '2026-01-02', description: 'SPLIT AAPL', feeMinor: null, units: '3', price: null });
    expect(mapSnaptradeActivity(buy({ symbol: null, option_symbol: { ticker: 'AAPL  260320C00200000' } }), ctx).symbol).toBe('AAPL  260320C00200000');
    expect(mapSnaptradeActivity(buy({ symbol: null, currency_universal_symbol: { symbol: 'BTC' } }), ctx).symbol).toBe('BTC');
  });

  it('dates rows by their trade date as written, falling back to settlement; a row with neither cannot be placed', () => {
    expect(mapSnaptradeActivity(buy({ trade_date: '2026-03-04T23:59:59-05:00' }), ctx).date).toBe('2026-03-04');
    expect(mapSnaptradeActivity(buy({ trade_date: null }), ctx).date).toBe('2026-03-05');
    expect(() => mapSnaptradeActivity(buy({ trade_date: null, settlement_date: null }), ctx)).toThrow(MappingError);
    expect(() => mapSnaptradeActivity(buy({ currency: { code: 'usd' } }), { ...ctx, accountCurrency: '' })).toThrow(MappingError);
  });

  it('maps equal content to equal rows whatever the id (what lets applyUpdate see a re-issued id)', () => {
    fc.assert(fc.property(fc.uuid(), fc.uuid(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b, amount) => {
      const [x, y] = [mapSnaptradeActivity(buy({ id: a, amount }), ctx), mapSnaptradeActivity(buy({ id: b, amount }), ctx)];
      expect({ ...x, id: '' }).toEqual({ ...y, id: '' });
    }));
  });
});

describe('plainDecimal', () => {
  it('never uses exponent notation and round-trips every finite double', () => {
    expect(plainDecimal(-0)).toBe('0');
    expect(plainDecimal(2.5e21)).toBe('2500000000000000000000');
    expect(plainDecimal(-1.5e-9)).toBe('-0.0000000015');
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const text = plainDecimal(n);
      expect(text).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(text)).toBe(n === 0 ? 0 : n);
    }));
  });
});

describe('mapSnaptradeAccount', () => {
  const account = AccountSchema.parse({
    id: 'acc-1', brokerage_authorization: 'auth-1', name: 'Individual Brokerage', number: 'DB12345678', institution_name: 'Demo Brokerage',
    created_date: '2026-01-01 00:00:00+00:00', sync_status: { transactions: { initial_sync_completed: true, last_successful_sync: '2026-03-04' } },
    balance: { total: { amount: 101234.56, currency: 'USD' } }, raw_type: 'Margin', is_paper: false,
  });
  const balances = [
    { currency: { id: '1', code: 'USD', name: 'US Dollar' }, cash: 4125.3, buying_power: 4125.3 },
    { currency: { id: '2', code: 'CAD', name: 'Canadian Dollar' }, cash: 182.4, buying_power: 182.4 },
  ].map((b) => BalanceSchema.parse(b));

  it('is an investment account whose value is the total, with cash per currency', () => {
    expect(mapSnaptradeAccount(account, balances, 'c1')).toEqual({
      id: 'snaptrade:acc-1', connectionId: 'c1', name: 'Individual Brokerage', officialName: null, mask: '5678', kind: 'investment',
      subtype: 'Margin', currency: 'USD', currentMinor: 10123456, availableMinor: 412530, limitMinor: null,
      cashBalances: [{ currency: 'CAD', amountMinor: 18240 }, { currency: 'USD', amountMinor: 412530 }],
    });
  });

  it('falls back to the first balance\'s currency and a name from the institution', () => {
    const bare = AccountSchema.parse({ ...account, name: null, balance: { total: null } });
    expect(mapSnaptradeAccount(bare, balances.slice(1), 'c1')).toMatchObject({ name: 'Demo Brokerage ••5678', currency: 'CAD', currentMinor: null, availableMinor: 18240 });
    expect(() => mapSnaptradeAccount(bare, [], 'c1')).toThrow(MappingError);
  });
});
