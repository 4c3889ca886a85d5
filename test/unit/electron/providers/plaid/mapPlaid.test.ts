import { describe, expect, it } from 'vitest';
import { mapPlaidAccount, mapPlaidTransaction } from '../../../../../electron/providers/plaid/mapPlaid';
import type { PlaidAccount, PlaidTransaction } from '../../../../../electron/providers/plaid/plaidSchemas';
import { formatMoney, UNKNOWN_CURRENCY } from '../../../../../shared/money';
import { AccountSchema, TransactionSchema } from '../../../../../shared/types';

const base: PlaidTransaction = {
  transaction_id: 'tx1', account_id: 'acc1', amount: 4.35, iso_currency_code: 'USD', unofficial_currency_code: null,
  date: '2026-11-20', authorized_date: '2026-11-19', name: 'BLUE BOTTLE COFFEE #12', merchant_name: 'Blue Bottle Coffee',
  pending: false, pending_transaction_id: null, category: null,
  personal_finance_category: { primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_COFFEE' },
};

describe('mapPlaidTransaction', () => {
  it('flips Plaid\'s sign once: positive (money out) becomes negative minor units', () => {
    const t = mapPlaidTransaction(base, 'c1');
    expect(t.amountMinor).toBe(-435);
    expect(mapPlaidTransaction({ ...base, amount: -2500.1 }, 'c1').amountMinor).toBe(250010);
    expect(Object.is(mapPlaidTransaction({ ...base, amount: 0 }, 'c1').amountMinor, -0)).toBe(false);
  });

  it('scopes ids by provider and keeps the pending link', () => {
    const t = mapPlaidTransaction({ ...base, pending_transaction_id: 'pend9' }, 'c1');
    expect(t).toMatchObject({ id: 'plaid:tx1', accountId: 'plaid:acc1', pendingId: 'plaid:pend9', connectionId: 'c1' });
  });

  it('keeps currency, dates, description, merchant and category', () => {
    expect(mapPlaidTransaction(base, 'c1')).toEqual({
      id: 'plaid:tx1', connectionId: 'c1', accountId: 'plaid:acc1', amountMinor: -435, currency: 'USD',
      date: '2026-11-20', authorizedDate: '2026-11-19', description: 'BLUE BOTTLE COFFEE #12', merchant: 'Blue Bottle Coffee',
      category: 'FOOD_AND_DRINK_COFFEE', pending: false, pendingId: null,
    });
    expect(mapPlaidTransaction({ ...base, iso_currency_code: 'JPY', amount: 1200 }, 'c1')).toMatchObject({ currency: 'JPY', amountMinor: -1200 });
  });

  // Issue 14 item 3: Plaid's `unofficial_currency_code` (crypto) was stored at 2 decimals.
  it('keeps a crypto amount in its unofficial currency to the satoshi', () => {
    const t = mapPlaidTransaction({ ...base, iso_currency_code: null, unofficial_currency_code: 'BTC', amount: 0.00012345 }, 'c1');
    expect(t).toMatchObject({ currency: 'BTC', amountMinor: -12345 });
    expect(TransactionSchema.parse(t)).toEqual(t);
  });

  // Issue 14 item 3: a code that is not three letters failed every pull of the Item.
  it('accepts unofficial codes of any length (USDT, DOGE)', () => {
    expect(mapPlaidTransaction({ ...base, iso_currency_code: null, unofficial_currency_code: 'USDT', amount: -12.345678 }, 'c1'))
      .toMatchObject({ currency: 'USDT', amountMinor: 12345678 });
    expect(mapPlaidTransaction({ ...base, iso_currency_code: null, unofficial_currency_code: 'DOGE', amount: 420.69 }, 'c1'))
      .toMatchObject({ currency: 'DOGE', amountMinor: -42069000000 });
  });

  // Issue 14 item 3: both codes null failed the whole pull; now the row is kept and says so.
  it('keeps a row whose currency Plaid did not name, as unknown, with its exact amount', () => {
    const t = mapPlaidTransaction({ ...base, iso_currency_code: null, unofficial_currency_code: null, amount: 12.3456 }, 'c1');
    expect(t).toMatchObject({ currency: UNKNOWN_CURRENCY, amountMinor: -1234560000 });
    expect(TransactionSchema.parse(t)).toEqual(t);
    expect(formatMoney(t.amountMinor, t.currency, { locale: 'en-US' })).toBe('-12.3456 (currency unknown)');
  });
});

describe('mapPlaidAccount', () => {
  const card: PlaidAccount = {
    account_id: 'card', name: 'Plaid Credit Card', official_name: null, mask: '3333', type: 'credit', subtype: 'credit card',
    balances: { current: 410.25, available: 1589.75, limit: 2000, iso_currency_code: 'USD', unofficial_currency_code: null },
  };
  it('gives debts the net-worth sign and keeps available credit positive', () => {
    expect(mapPlaidAccount(card, 'c1')).toMatchObject({ kind: 'credit', currentMinor: -41025, availableMinor: 158975, limitMinor: 200000 });
  });
  it('keeps depository balances as they are', () => {
    const a = mapPlaidAccount({ ...card, type: 'depository', subtype: 'checking', balances: { ...card.balances, limit: null } }, 'c1');
    expect(a).toMatchObject({ kind: 'depository', currentMinor: 41025, limitMinor: null, id: 'plaid:card' });
  });
  // Issue 14 item 3: a BTC wallet (Plaid's own example: `current` 0.7, unofficial code) and an
  // account with no currency code at all are kept, not a failed pull.
  it('keeps a crypto wallet\'s balance in its unofficial currency, and an uncoded account as unknown', () => {
    const wallet = { ...card, type: 'other', subtype: 'other', balances: { current: 0.70012345, available: 0.7, limit: null, iso_currency_code: null, unofficial_currency_code: 'BTC' } };
    const a = mapPlaidAccount(wallet, 'c1');
    expect(a).toMatchObject({ currency: 'BTC', currentMinor: 70012345, availableMinor: 70000000 });
    expect(AccountSchema.parse(a)).toEqual(a);
    const bare = mapPlaidAccount({ ...wallet, balances: { ...wallet.balances, unofficial_currency_code: null } }, 'c1');
    expect(bare).toMatchObject({ currency: UNKNOWN_CURRENCY, currentMinor: 70012345 });
    expect(AccountSchema.parse(bare)).toEqual(bare);
  });
});
