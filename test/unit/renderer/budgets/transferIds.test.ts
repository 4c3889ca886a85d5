import { describe, expect, it } from 'vitest';
import { budgetTransferIds } from '../../../../renderer/src/budgets/transferIds';
import { computeBudget } from '../../../../renderer/src/budgets/computeBudget';
import type { TransferDecisionRow } from '../../../../renderer/src/db/schema';
import type { IndexedTx } from '../../../../renderer/src/index/types';
import { resolveTransfers, type TransferAccount } from '../../../../renderer/src/ledger/transfers';
import { pairId } from '../../../../shared/ledger/transfers';

// The seam between budgets and transfer detection: a card payment from checking — filed by the
// bank under "Loan payments", a spending category — is left out of spending once the detector
// counts it, and comes back when the user says it is not a transfer.
const accounts: TransferAccount[] = [
  { id: 'chk', kind: 'depository', connectionId: 'plaid1' },
  { id: 'card', kind: 'credit', connectionId: 'mk1' },
];
const tx = (id: string, accountId: string, date: string, amountMinor: number, merchant: string, category: string): IndexedTx => ({
  id, listKey: `${date}|${id}`, accountId, connectionId: accountId === 'chk' ? 'plaid1' : 'mk1', date, amountMinor, currency: 'USD',
  pending: false, category, merchant, text: merchant.toLowerCase(),
});
const rows = [
  tx('out', 'chk', '2026-11-05', -40_000, 'ACORN CREDIT CARD PAYMENT', 'loan_payments'),
  tx('in', 'card', '2026-11-06', 40_000, 'PAYMENT RECEIVED - THANK YOU', 'transfer'),
  tx('food', 'card', '2026-11-07', -6_000, 'Safeway', 'groceries'),
];
const spent = (transferIds: ReadonlySet<string>, category: string) =>
  computeBudget(rows, [], [], transferIds, { currency: 'USD', month: '2026-11' }).lines.find((l) => l.category === category)?.spentMinor ?? 0;

describe('budgetTransferIds', () => {
  it('leaves both sides of a counted card payment out of spending, and only them', () => {
    const ids = budgetTransferIds(resolveTransfers(rows, accounts, []));
    expect([...ids].sort()).toEqual(['in', 'out']);
    expect(spent(ids, 'loan_payments')).toBe(0);
    expect(spent(new Set(), 'loan_payments')).toBe(40_000);
    expect(spent(ids, 'groceries')).toBe(6_000);
  });

  it('a pair the user rejected counts as spending again', () => {
    const rejected: TransferDecisionRow = { id: pairId('out', 'in'), outId: 'out', inId: 'in', status: 'rejected', manual: false, confidence: 0.9, at: '2026-11-08T00:00:00.000Z' };
    expect(budgetTransferIds(resolveTransfers(rows, accounts, [rejected])).size).toBe(0);
  });
});
