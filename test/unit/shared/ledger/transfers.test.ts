import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONFIDENT_TRANSFER, detectTransfers, pairId, type AccountKindLike, type TransferSource } from '../../../../shared/ledger/transfers';

const kinds = new Map<string, AccountKindLike>([['chk', 'depository'], ['sav', 'depository'], ['card', 'credit'], ['card2', 'credit'], ['brk', 'investment']]);
const connections = new Map([['chk', 'plaid1'], ['sav', 'plaid1'], ['card', 'mk1'], ['card2', 'plaid1'], ['brk', 'snap1']]);

let n = 0;
const tx = (accountId: string, amountMinor: number, date: string, merchant = 'Something', extra: Partial<TransferSource> = {}): TransferSource =>
  ({ id: `t${String(++n).padStart(4, '0')}`, accountId, amountMinor, currency: 'USD', date, pending: false, merchant, ...extra });

describe('detectTransfers', () => {
  it('pairs a card payment from checking with the card\'s payment received the next day, across connections', () => {
    const out = tx('chk', -42_517, '2026-03-05', 'ACORN CARD PAYMENT');
    const inn = tx('card', 42_517, '2026-03-06', 'PAYMENT RECEIVED - THANK YOU');
    const coffee = tx('card', -450, '2026-03-05', 'Starbucks');
    const pairs = detectTransfers([coffee, inn, out], kinds, { connectionOf: connections });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ id: pairId(out.id, inn.id), outId: out.id, inId: inn.id, amountMinor: 42_517, currency: 'USD', outDate: '2026-03-05', inDate: '2026-03-06' });
    expect(pairs[0]?.reasons).toEqual(expect.arrayContaining(['cardPayment', 'transferWords', 'otherConnection', 'nextDays']));
    expect(pairs[0]?.confidence).toBeGreaterThanOrEqual(CONFIDENT_TRANSFER);
  });

  it('pairs a brokerage contribution and a savings transfer; never within one account, across currencies or far apart', () => {
    const contribOut = tx('chk', -50_000, '2026-03-10', 'TRANSFER TO BROKERAGE');
    const contribIn = tx('brk', 50_000, '2026-03-12', 'CONTRIBUTION');
    const sameAccountOut = tx('sav', -7_000, '2026-03-10');
    const sameAccountIn = tx('sav', 7_000, '2026-03-10');
    const eur = tx('card', 9_900, '2026-03-10', 'x', { currency: 'EUR' });
    const usd = tx('chk', -9_900, '2026-03-10');
    const farOut = tx('chk', -12_300, '2026-03-01');
    const farIn = tx('sav', 12_300, '2026-03-20');
    const pairs = detectTransfers([contribOut, contribIn, sameAccountOut, sameAccountIn, eur, usd, farOut, farIn], kinds);
    expect(pairs.map((p) => p.id)).toEqual([pairId(contribOut.id, contribIn.id)]);
    expect(pairs[0]?.reasons).toContain('contribution');
  });

  it('skips pending rows, rejected pairs and rows already taken; a rejected pair leaves its rows free to pair otherwise', () => {
    const out = tx('chk', -30_000, '2026-04-16', 'ONLINE TRANSFER TO SAV');
    const in1 = tx('sav', 30_000, '2026-04-16', 'ONLINE TRANSFER FROM CHK');
    const in2 = tx('card2', 30_000, '2026-04-17', 'PAYMENT THANK YOU');
    const pend = tx('sav', 30_000, '2026-04-16', 'x', { pending: true });
    const first = detectTransfers([out, in1, in2, pend], kinds);
    expect(first).toHaveLength(1);
    const chosen = first[0];
    expect(chosen?.reasons).toContain('ambiguous');
    const other = chosen?.inId === in1.id ? in2 : in1;
    const afterReject = detectTransfers([out, in1, in2, pend], kinds, { rejected: new Set([chosen?.id ?? '']) });
    expect(afterReject.map((p) => p.id)).toEqual([pairId(out.id, other.id)]);
    expect(detectTransfers([out, in1, in2], kinds, { taken: new Set([out.id]) })).toEqual([]);
  });

  const row = fc.record({
    accountId: fc.constantFrom('chk', 'sav', 'card', 'brk'),
    amountMinor: fc.constantFrom(-5_000, 5_000, -12_345, 12_345, -99, 99, 0),
    day: fc.integer({ min: 1, max: 20 }),
    merchant: fc.constantFrom('PAYMENT', 'Starbucks', 'TRANSFER', 'Refund'),
    currency: fc.constantFrom('USD', 'USD', 'EUR'),
  });
  const rowsArb = fc.array(row, { maxLength: 40 }).map((list) => list.map((r, i): TransferSource => ({
    id: `r${String(i).padStart(3, '0')}`, accountId: r.accountId, amountMinor: r.amountMinor, currency: r.currency,
    date: `2026-05-${String(r.day).padStart(2, '0')}`, pending: false, merchant: r.merchant,
  })));

  it('property: shuffling the input changes nothing', () => {
    fc.assert(fc.property(rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))), ([rows, shuffled]) => {
      expect(detectTransfers(shuffled, kinds)).toEqual(detectTransfers(rows, kinds));
    }), { seed: 19, numRuns: 300 });
  });

  it('property: a pair joins two accounts with equal and opposite amounts in one currency, each row in at most one pair', () => {
    fc.assert(fc.property(rowsArb, (rows) => {
      const byId = new Map(rows.map((r) => [r.id, r]));
      const seen = new Set<string>();
      for (const p of detectTransfers(rows, kinds)) {
        const o = byId.get(p.outId);
        const i = byId.get(p.inId);
        expect(o && i).toBeTruthy();
        expect(o?.accountId).not.toBe(i?.accountId);
        expect(o?.amountMinor).toBe(-(i?.amountMinor ?? 0));
        expect(i?.amountMinor).toBe(p.amountMinor);
        expect(p.amountMinor).toBeGreaterThan(0);
        expect(o?.currency).toBe(i?.currency);
        expect(seen.has(p.outId) || seen.has(p.inId)).toBe(false);
        seen.add(p.outId);
        seen.add(p.inId);
      }
    }), { seed: 1919, numRuns: 300 });
  });
});

describe('two banks, one day, one amount', () => {
  it('pairs each savings transfer within its own bank when both banks move the same round amount the same day', () => {
    const t = { category: 'transfer' }; // as the banks categorize them
    const conn = new Map([['chkA', 'A'], ['savA', 'A'], ['chkB', 'B'], ['savB', 'B']]);
    const k = new Map<string, AccountKindLike>([['chkA', 'depository'], ['savA', 'depository'], ['chkB', 'depository'], ['savB', 'depository']]);
    const rows = [
      tx('chkA', -30_000, '2026-01-16', 'ONLINE TRANSFER TO SAV XXXXXX1111', t), tx('savA', 30_000, '2026-01-16', 'ONLINE TRANSFER FROM CHK XXXXXX0000', t),
      tx('chkB', -30_000, '2026-01-16', 'ONLINE TRANSFER TO SAV XXXXXX1111', t), tx('savB', 30_000, '2026-01-16', 'ONLINE TRANSFER FROM CHK XXXXXX0000', t),
    ];
    const pairs = detectTransfers(rows, k, { connectionOf: conn });
    expect(pairs.map((p) => [rows.find((r) => r.id === p.outId)?.accountId, rows.find((r) => r.id === p.inId)?.accountId]).sort()).toEqual([['chkA', 'savA'], ['chkB', 'savB']]);
    expect(pairs.every((p) => p.confidence >= CONFIDENT_TRANSFER && p.reasons.includes('sameConnection') && p.reasons.includes('ambiguous'))).toBe(true);
  });
});
