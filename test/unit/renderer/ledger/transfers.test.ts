import { describe, expect, it } from 'vitest';
import { pairId, type TransferSource } from '../../../../shared/ledger/transfers';
import { resolveTransfers, transferTxIds, type TransferAccount } from '../../../../renderer/src/ledger/transfers';
import type { TransferDecisionRow } from '../../../../renderer/src/db/schema';

const accounts: TransferAccount[] = [
  { id: 'chk', kind: 'depository', connectionId: 'plaid1' },
  { id: 'card', kind: 'credit', connectionId: 'mk1' },
  { id: 'sav', kind: 'depository', connectionId: 'plaid1' },
];
const tx = (id: string, accountId: string, amountMinor: number, date: string, merchant: string): TransferSource =>
  ({ id, accountId, amountMinor, currency: 'USD', date, pending: false, merchant });

const payOut = tx('a1', 'chk', -40_000, '2026-03-05', 'ACORN CREDIT CARD PAYMENT');
const payIn = tx('b1', 'card', 40_000, '2026-03-06', 'PAYMENT RECEIVED - THANK YOU');
// A weak look-alike: same amount, no transfer words, into savings, four days later.
const giftOut = tx('a2', 'chk', -2_500, '2026-03-10', 'Venmo');
const giftIn = tx('b2', 'sav', 2_500, '2026-03-14', 'Deposit from Grandma');
const lunch = tx('a3', 'card', -1_800, '2026-03-11', 'Zuni Cafe');
const refund = tx('b3', 'chk', 1_800, '2026-03-12', 'Zuni Cafe refund');
const rows = [payOut, payIn, giftOut, giftIn, lunch, refund];
const decision = (id: string, status: 'confirmed' | 'rejected', manual = false, at = '2026-03-20T00:00:00.000Z'): TransferDecisionRow => {
  const [outId = '', inId = ''] = id.split('|');
  return { id, outId, inId, status, manual, confidence: manual ? null : 0.5, at };
};

describe('resolveTransfers and transferTxIds', () => {
  it('counts confident detections, proposes weaker ones without counting them', () => {
    const resolved = resolveTransfers(rows, accounts, []);
    const card = resolved.find((p) => p.id === pairId('a1', 'b1'));
    expect(card).toMatchObject({ status: 'detected', counted: true });
    const weak = resolved.filter((p) => !p.counted);
    expect(weak.length).toBeGreaterThan(0);
    expect(transferTxIds(resolved)).toEqual(new Set(resolved.filter((p) => p.counted).flatMap((p) => [p.outId, p.inId])));
    expect(transferTxIds(resolved).has('a1') && transferTxIds(resolved).has('b1')).toBe(true);
  });

  it('a confirmed pair counts, a rejected one never comes back, a hand-made pair takes its rows from the detector', () => {
    const detectedWeak = resolveTransfers(rows, accounts, []).find((p) => !p.counted);
    expect(detectedWeak).toBeDefined();
    const confirmed = resolveTransfers(rows, accounts, [decision(detectedWeak?.id ?? '', 'confirmed')]);
    expect(confirmed.find((p) => p.id === detectedWeak?.id)).toMatchObject({ status: 'confirmed', counted: true });

    const rejected = resolveTransfers(rows, accounts, [decision(pairId('a1', 'b1'), 'rejected')]);
    expect(rejected.find((p) => p.id === pairId('a1', 'b1'))).toBeUndefined();
    expect(transferTxIds(rejected).has('a1')).toBe(false);

    // By hand: the lunch and the refund are "a transfer" (the user knows best); the rows go nowhere else.
    const manual = resolveTransfers(rows, accounts, [decision(pairId('a3', 'b3'), 'confirmed', true)]);
    expect(manual.filter((p) => p.outId === 'a3' || p.inId === 'b3')).toEqual([expect.objectContaining({ id: pairId('a3', 'b3'), manual: true, counted: true, amountMinor: 1_800 })]);
  });

  it('an answer on a row that is gone (a sync removed it, an undo took it back) is ignored', () => {
    const resolved = resolveTransfers(rows.filter((r) => r.id !== 'b3'), accounts, [decision(pairId('a3', 'b3'), 'confirmed', true)]);
    expect(resolved.find((p) => p.id === pairId('a3', 'b3'))).toBeUndefined();
    expect(transferTxIds(resolved).has('a3')).toBe(false);
  });
});
