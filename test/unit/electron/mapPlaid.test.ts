import { describe, expect, it } from 'vitest';
import { mapPlaidAccount, mapPlaidTransaction } from '../../../electron/providers/plaid/mapPlaid';
import type { PlaidAccount, PlaidTransaction } from '../../../electron/providers/plaid/plaidSchemas';

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

  it('refuses a transaction without a usable currency', () => {
    expect(() => mapPlaidTransaction({ ...base, iso_currency_code: null, unofficial_currency_code: null }, 'c1')).toThrow(/currency/);
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
});
