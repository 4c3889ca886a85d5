import { describe, expect, it } from 'vitest';
import { LedgerSim, type SimTransaction } from '../../../../../electron/demo-banks/ledger/ledgerSim';
import { GYM_CENTS, SUBSCRIPTION_NEW_CENTS, SUBSCRIPTION_OLD_CENTS, crossBankPayment, skippedGymDay } from '../../../../../electron/demo-banks/ledger/household';
import { detectRecurring, type RecurringSource } from '../../../../../shared/ledger/recurring';
import { detectTransfers, type AccountKindLike, type TransferSource } from '../../../../../shared/ledger/transfers';

const CREATED = new Date('2026-03-17T15:00:00Z');
const DAY = 86_400_000;
const payer = (seed = 4, createdAt = CREATED) => new LedgerSim({ seed, ordinal: 0, createdAt, household: 'payer' });
const card = (seed = 977, createdAt = new Date(CREATED.getTime() + 3 * 3_600_000)) => new LedgerSim({ seed, ordinal: 0, createdAt, household: 'card' });
const rowsOf = (ledger: LedgerSim, prefix: string): (TransferSource & RecurringSource)[] => ledger.liveTransactions().map((t: SimTransaction) => ({
  id: `${prefix}:${t.id}`, accountId: `${prefix}:${t.accountId}`, amountMinor: -t.amountCents, currency: 'USD', date: t.date, pending: t.pending, merchant: t.merchantName ?? t.name,
}));
const named = (ledger: LedgerSim, name: string) => ledger.liveTransactions().filter((t) => t.payee.name === name).sort((a, b) => (a.date < b.date ? -1 : 1));

describe('the household scenario across two banks', () => {
  it('leaves every other row of the ledger as it was (only the amounts paydays and card autopays move with the balances)', () => {
    const plain = new Map(new LedgerSim({ seed: 977, ordinal: 0, createdAt: new Date(CREATED.getTime() + 3 * 3_600_000) }).liveTransactions().map((t) => [t.id, t]));
    const withCard = card().liveTransactions();
    const extra = withCard.filter((t) => !plain.has(t.id));
    expect(extra.length).toBeGreaterThan(10);
    expect(extra.every((t) => t.payee.name === 'Payment Received')).toBe(true);
    expect(withCard.length - extra.length).toBe(plain.size);
    for (const t of withCard.filter((x) => plain.has(x.id))) {
      const was = plain.get(t.id) as SimTransaction;
      // The card's own autopay pays what is owed, which the other bank's payments lowered.
      if (t.payee.category.primary === 'LOAN_PAYMENTS') expect({ ...t, amountCents: 0 }).toEqual({ ...was, amountCents: 0 });
      else expect(t).toEqual(was);
    }

    const before = new Map(new LedgerSim({ seed: 4, ordinal: 0, createdAt: CREATED }).liveTransactions().map((t) => [t.id, t]));
    for (const t of payer().liveTransactions()) {
      const was = before.get(t.id);
      if (was === undefined) expect(['City Power & Light', 'Hulu', 'Bay Club Fitness', 'Acorn Credit Union Card Payment']).toContain(t.payee.name);
      else if (t.payee.name !== 'Acme Corp Payroll' && t.payee.category.primary !== 'LOAN_PAYMENTS') expect(t).toEqual(was);
      else if (t.payee.name === 'Acme Corp Payroll') expect(t.amountCents).toBeLessThan(was.amountCents); // more money in (Plaid's sign: negative = in)
    }
  });

  it('the payer\'s checking pays the other bank\'s card monthly; the card shows it the same or the next day, whatever each bank\'s seed', () => {
    const paid = named(payer(), 'Acorn Credit Union Card Payment');
    const received = named(card(), 'Payment Received');
    expect(paid.length).toBeGreaterThanOrEqual(12);
    expect(received.length).toBe(paid.length);
    paid.forEach((p, i) => {
      const r = received[i] as SimTransaction;
      expect(r.amountCents).toBe(-p.amountCents);
      expect((Date.parse(r.date) - Date.parse(p.date)) / DAY).toBeGreaterThanOrEqual(0);
      expect((Date.parse(r.date) - Date.parse(p.date)) / DAY).toBeLessThanOrEqual(1);
      expect(crossBankPayment(Math.floor(Date.parse(p.date) / DAY)).cents).toBe(p.amountCents);
    });
    expect(new Set(paid.map((p) => p.amountCents)).size).toBeGreaterThan(6);
  });

  it('bills: a drifting utility, a subscription $2.00 dearer from its last charge, and a missed gym charge', () => {
    const ledger = payer();
    const utility = named(ledger, 'City Power & Light');
    expect(utility.length).toBeGreaterThanOrEqual(12);
    expect(new Set(utility.map((u) => u.amountCents)).size).toBeGreaterThan(6);
    expect(utility.every((u) => ![0, 6].includes(new Date(u.date).getUTCDay()))).toBe(true);
    const sub = named(ledger, 'Hulu').map((s) => s.amountCents);
    expect(sub.at(-1)).toBe(SUBSCRIPTION_NEW_CENTS);
    expect(sub.slice(0, -1).every((c) => c === SUBSCRIPTION_OLD_CENTS)).toBe(true);
    const gymDates = named(ledger, 'Bay Club Fitness').map((g) => g.date);
    const skipped = new Date(skippedGymDay(Math.floor(CREATED.getTime() / DAY)) * DAY).toISOString().slice(0, 10);
    expect(skipped).toBe('2026-03-07');
    expect(gymDates).not.toContain(skipped);
    expect(gymDates.at(-1)).toBe('2026-02-07');
    expect(gymDates.every((d) => d.endsWith('-07'))).toBe(true);
    expect(named(ledger, 'Bay Club Fitness').every((g) => g.amountCents === GYM_CENTS)).toBe(true);
  });

  it('the detectors find what the scenario plants', () => {
    const p = payer();
    const c = card();
    const rows = [...rowsOf(p, 'plaid'), ...rowsOf(c, 'mk')];
    const kinds = new Map<string, AccountKindLike>([...p.accounts.map((a) => [`plaid:${a.id}`, a.type] as const), ...c.accounts.map((a) => [`mk:${a.id}`, a.type] as const)]);
    const pairs = detectTransfers(rows, kinds);
    const received = rows.filter((r) => r.merchant === 'ONLINE PAYMENT RECEIVED - THANK YOU');
    for (const r of received) expect(pairs.find((x) => x.inId === r.id)?.confidence).toBeGreaterThanOrEqual(0.75);
    const series = detectRecurring(rows, '2026-03-17');
    const by = (key: string) => series.find((s) => s.merchantKey === key);
    expect(by('hulu')).toMatchObject({ cadence: 'monthly', changedByMinor: -200, nextDate: '2026-04-12' });
    expect(by('bay club fitness')).toMatchObject({ cadence: 'monthly', missedDate: '2026-03-07', nextDate: '2026-04-07' });
    expect(by('city power light')).toMatchObject({ cadence: 'monthly', fixedAmount: false });
    expect(by('greenline property management')).toMatchObject({ cadence: 'monthly', nextDate: '2026-04-01' });
    expect(by('acme corp direct dep ppd id')).toMatchObject({ cadence: 'semimonthly', nextDate: '2026-04-01', direction: 'in' });
  });
});
