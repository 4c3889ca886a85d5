import { describe, expect, it } from 'vitest';
import { addMonths, type RecurringSource } from '../../../../shared/ledger/recurring';
import { resolveRecurring } from '../../../../renderer/src/ledger/recurring';
import type { ResolvedTransfer } from '../../../../renderer/src/ledger/transfers';

const rows: RecurringSource[] = Array.from({ length: 8 }, (_, i) => ({
  id: `h${i}`, accountId: 'chk', amountMinor: -1_799, currency: 'USD', date: addMonths('2025-11-12', i), pending: false, merchant: 'Hulu',
}));
const cardIn: RecurringSource[] = Array.from({ length: 8 }, (_, i) => ({
  id: `c${i}`, accountId: 'card', amountMinor: 30_000, currency: 'USD', date: addMonths('2025-11-06', i), pending: false, merchant: 'PAYMENT RECEIVED',
}));
const today = '2026-07-01';

describe('resolveRecurring', () => {
  it('applies confirm, dismiss and edits (the next date follows an edited cadence)', () => {
    const [plain] = resolveRecurring(rows, today, [], []);
    expect(plain).toMatchObject({ status: 'detected', cadence: 'monthly', nextDate: '2026-07-12', nextAmountMinor: -1_799, edited: false });
    const id = plain?.id ?? '';
    expect(resolveRecurring(rows, today, [], [{ seriesId: id, status: 'dismissed', amountMinor: null, cadence: null, at: 'x' }])[0]?.status).toBe('dismissed');
    const [edited] = resolveRecurring(rows, today, [], [{ seriesId: id, status: 'confirmed', amountMinor: -1_999, cadence: 'yearly', at: 'x' }]);
    expect(edited).toMatchObject({ status: 'confirmed', cadence: 'yearly', detectedCadence: 'monthly', nextAmountMinor: -1_999, detectedAmountMinor: -1_799, nextDate: '2027-06-12', edited: true });
  });

  it('leaves out the receiving side of a counted transfer', () => {
    const both = resolveRecurring([...rows, ...cardIn], today, [], []);
    expect(both.map((s) => s.merchantKey).sort()).toEqual(['hulu', 'payment received']);
    const transfers = cardIn.map((r, i): ResolvedTransfer => ({
      id: `o${i}|${r.id}`, outId: `o${i}`, inId: r.id, amountMinor: 30_000, currency: 'USD', outDate: r.date, inDate: r.date, confidence: 0.9, reasons: [], status: 'detected', manual: false, counted: true,
    }));
    expect(resolveRecurring([...rows, ...cardIn], today, transfers, []).map((s) => s.merchantKey)).toEqual(['hulu']);
  });
});
