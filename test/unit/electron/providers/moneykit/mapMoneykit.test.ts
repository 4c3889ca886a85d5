import { describe, expect, it } from 'vitest';
import { describeIssue } from '../../../../../electron/providers/describeIssue';
import { dateOf, mapMoneykitAccount, mapMoneykitTransaction } from '../../../../../electron/providers/moneykit/mapMoneykit';
import { MoneykitAccountSchema, MoneykitTransactionSchema, TransactionSyncSchema } from '../../../../../electron/providers/moneykit/moneykitSchemas';

// MoneyKit's wire → Ledgerline's rows: the one place its direction, decimals and dates are converted.
const wireTx = (extra: Record<string, unknown> = {}) => ({
  transaction_id: 't1', account_id: 'a1', amount: '12.34', type: 'debit', currency: 'USD', date: '2026-03-01',
  datetime: null, description: 'Blue Bottle Coffee', raw_description: 'SQ *BLUE BOTTLE', pending: false,
  category: 'food_and_drink.coffee', enrichment: null, ...extra,
});
const tx = (extra: Record<string, unknown> = {}) => mapMoneykitTransaction(MoneykitTransactionSchema.parse(wireTx(extra)), 'c1');
const wireAccount = (extra: Record<string, unknown> = {}, balances: Record<string, unknown> = {}) => ({
  account_id: 'a1', account_type: 'depository.checking', name: 'Everyday Checking', nickname: null, account_mask: '0042',
  balances: { currency: 'USD', available: 900.5, current: 1000.25, limit: null, ...balances }, ...extra,
});
const account = (extra: Record<string, unknown> = {}, balances: Record<string, unknown> = {}, fallback?: string) =>
  mapMoneykitAccount(MoneykitAccountSchema.parse(wireAccount(extra, balances)), 'c1', fallback);

describe('mapMoneykitTransaction', () => {
  it('gives debits a negative sign (money out) and credits a positive one (money in), in integer minor units', () => {
    expect(tx({ type: 'debit', amount: '12.34' }).amountMinor).toBe(-1234);
    expect(tx({ type: 'credit', amount: '12.34' }).amountMinor).toBe(1234);
    expect(tx({ type: 'credit', amount: '2500' }).amountMinor).toBe(250_000);
    // Exact decimal arithmetic, not binary floating point: 0.29 * 100 is 28.999… in a double.
    expect(tx({ type: 'debit', amount: '0.29' }).amountMinor).toBe(-29);
    expect(tx({ type: 'debit', amount: '0.00' }).amountMinor).toBe(0);
    expect(Object.is(tx({ type: 'debit', amount: '0' }).amountMinor, -0)).toBe(false);
  });

  it('reads the amount as a decimal string or as a JSON number', () => {
    expect(tx({ amount: 12.34 }).amountMinor).toBe(-1234);
    expect(tx({ amount: 0.1, type: 'credit' }).amountMinor).toBe(10);
    expect(tx({ amount: '12.345' }).amountMinor).toBe(-1235); // rounded half away from zero
  });

  it('uses the currency\'s own minor unit', () => {
    expect(tx({ currency: 'JPY', amount: '1500', type: 'credit' })).toMatchObject({ amountMinor: 1500, currency: 'JPY' });
    expect(tx({ currency: 'kwd', amount: '1.5', type: 'credit' })).toMatchObject({ amountMinor: 1500, currency: 'KWD' });
  });

  it('accepts both date forms and keeps the day as written', () => {
    expect(tx({ date: '2026-03-01' }).date).toBe('2026-03-01');
    expect(tx({ date: '2026-03-01T00:00:00' }).date).toBe('2026-03-01');
    expect(tx({ date: '2026-03-01T23:30:00-05:00' }).date).toBe('2026-03-01');
    expect(dateOf('2023-02-16T00:00:00')).toBe('2023-02-16');
  });

  it('scopes ids by provider and takes the cleaned description, merchant and category', () => {
    const t = tx({ enrichment: { category: { value: 'food_and_drink.coffee_shops', confidence: 0.9 }, merchant: { name: 'Blue Bottle', logo: null } } });
    expect(t).toEqual({
      id: 'moneykit:t1', connectionId: 'c1', accountId: 'moneykit:a1', amountMinor: -1234, currency: 'USD', date: '2026-03-01',
      authorizedDate: null, description: 'Blue Bottle Coffee', merchant: 'Blue Bottle', category: 'food_and_drink.coffee_shops',
      pending: false, pendingId: null,
    });
    expect(tx({ description: null }).description).toBe('SQ *BLUE BOTTLE');
    expect(tx({ description: null, raw_description: null }).description).toBe('');
    expect(tx({ enrichment: null }).category).toBe('food_and_drink.coffee');
    expect(tx({ pending: true })).toMatchObject({ pending: true, pendingId: null });
  });

  it('refuses what it cannot trust, naming the field', () => {
    const issue = (value: Record<string, unknown>) => {
      const r = TransactionSyncSchema.safeParse({
        transactions: { created: [wireTx(value)], updated: [], removed: [] }, accounts: [], cursor: { next: 'c' }, has_more: false,
        link: { link_id: 'l', institution_id: 'i', institution_name: 'n', state: 'connected' },
      });
      return r.success ? 'ok' : describeIssue(r.error);
    };
    expect(issue({ amount: '-12.00' })).toMatch(/^transactions\.created\[0\]\.amount: /);
    expect(issue({ amount: -1 })).toMatch(/^transactions\.created\[0\]\.amount: /);
    expect(issue({ amount: '1,200.00' })).toMatch(/^transactions\.created\[0\]\.amount: /);
    expect(issue({ type: 'withdrawal' })).toMatch(/^transactions\.created\[0\]\.type: /);
    expect(issue({ date: '03/01/2026' })).toMatch(/^transactions\.created\[0\]\.date: /);
    expect(issue({ date: '2026-13-45' })).toMatch(/^transactions\.created\[0\]\.date: /);
    expect(issue({ transaction_id: undefined })).toMatch(/^transactions\.created\[0\]\.transaction_id: /);
    expect(issue({ currency: 'US' })).toMatch(/^transactions\.created\[0\]\.currency: /);
    expect(issue({})).toBe('ok');
  });
});

describe('mapMoneykitAccount', () => {
  it('maps account_type to a kind and subtype', () => {
    expect(account({ account_type: 'depository.checking' })).toMatchObject({ kind: 'depository', subtype: 'checking' });
    expect(account({ account_type: 'depository.savings' })).toMatchObject({ kind: 'depository', subtype: 'savings' });
    expect(account({ account_type: 'credit_card' })).toMatchObject({ kind: 'credit', subtype: null });
    expect(account({ account_type: 'loan.mortgage' })).toMatchObject({ kind: 'loan', subtype: 'mortgage' });
    expect(account({ account_type: 'investment' })).toMatchObject({ kind: 'investment', subtype: null });
    expect(account({ account_type: 'other' })).toMatchObject({ kind: 'other' });
    expect(account({ account_type: 'something.new' })).toMatchObject({ kind: 'other', subtype: 'new' });
  });

  // Issue 14: MoneyKit's types are dot-prefixed with depository/investment/liability/other, and
  // liability balances are reversed (owed = positive). Before the fix a card was `other` and its
  // debt was stored as an asset.
  it('maps liability.* to credit or loan, with what is owed as a negative net-worth balance', () => {
    const card = account({ account_type: 'liability.credit_card' }, { current: 2033.65, available: 7929.35, limit: 10_000 });
    expect(card).toMatchObject({ kind: 'credit', subtype: 'credit_card', currentMinor: -203_365, availableMinor: 792_935, limitMinor: 1_000_000 });
    expect(account({ account_type: 'liability.mortgage' }, { current: 250_000 })).toMatchObject({ kind: 'loan', subtype: 'mortgage', currentMinor: -25_000_000 });
    expect(account({ account_type: 'liability.student_loan' }, { current: 15_000 })).toMatchObject({ kind: 'loan', currentMinor: -1_500_000 });
    expect(account({ account_type: 'liability.line_of_credit' }, { current: 10 })).toMatchObject({ kind: 'credit', currentMinor: -1000 });
    expect(account({ account_type: 'investment.brokerage' }, { current: 10 })).toMatchObject({ kind: 'investment', subtype: 'brokerage', currentMinor: 1000 });
    expect(account({ account_type: 'other.prepaid' }, { current: 10 })).toMatchObject({ kind: 'other', currentMinor: 1000 });
    expect(account({ account_type: 'unknown' }, { current: 10 })).toMatchObject({ kind: 'other', currentMinor: 1000 });
  });

  it('keeps a depository balance positive and turns what is owed on a card or loan into a negative net-worth balance', () => {
    expect(account()).toMatchObject({ id: 'moneykit:a1', currentMinor: 100_025, availableMinor: 90_050, limitMinor: null, mask: '0042' });
    // MoneyKit reverses liability balances: 2,033.65 owed arrives as a positive current.
    const card = account({ account_type: 'credit_card' }, { current: 2033.65, available: 7929.35, limit: 10_000 });
    expect(card).toMatchObject({ kind: 'credit', currentMinor: -203_365, availableMinor: 792_935, limitMinor: 1_000_000 });
    expect(account({ account_type: 'loan.student' }, { current: 15_000, available: null })).toMatchObject({ currentMinor: -1_500_000, availableMinor: null });
    // A card paid off in full is 0, not -0; a card in credit (overpaid) is an asset.
    expect(Object.is(account({ account_type: 'credit_card' }, { current: 0 }).currentMinor, 0)).toBe(true);
    expect(account({ account_type: 'credit_card' }, { current: -12.5 }).currentMinor).toBe(1250);
    expect(account({}, { current: null }).currentMinor).toBeNull();
  });

  it('prefers the nickname for display, and falls back to the transactions\' currency when balances omit it', () => {
    expect(account({ nickname: 'Bills' })).toMatchObject({ name: 'Bills', officialName: 'Everyday Checking' });
    expect(account({}, { currency: undefined }, 'CAD').currency).toBe('CAD');
    expect(account({}, { currency: null }).currency).toBe('USD');
  });
});
