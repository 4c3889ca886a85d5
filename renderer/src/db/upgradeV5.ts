/**
 * Version 5: money stored under a code whose precision changed is rescaled. Before issue 14 every
 * code outside ISO's short table (BTC, ETH, a 3-letter code ICU does not list) was stored at 2
 * decimals; `currencyExponent` now gives those their own precision (BTC 8), so 0.50 BTC stored as
 * 50 would read as 0.0000005 BTC. Each such amount is multiplied by 10^(new − old) — the digits the
 * old precision dropped stay lost, but every amount means what it meant. ISO codes (almost every
 * row) do not move; rows are walked once, written only when they change.
 */
import type { Transaction } from 'dexie';
import { currencyExponent, exponentBeforeIssue14 } from '../../../shared/money';
import type { FieldChange } from './schema';

const factorOf = (currency: string): number => 10 ** (currencyExponent(currency) - exponentBeforeIssue14(currency));

function rescale(minor: number | null | undefined, factor: number): number | null | undefined {
  if (typeof minor !== 'number' || factor === 1) return minor;
  const scaled = minor * factor;
  // An amount too large for the new precision keeps its old value rather than losing exactness.
  return Number.isSafeInteger(scaled) ? scaled : minor;
}

interface MoneyRow { currency: string; amountMinor: number; feeMinor?: number | null }
interface AccountMoney {
  currency: string;
  currentMinor: number | null;
  availableMinor: number | null;
  limitMinor: number | null;
  cashBalances?: { currency: string; amountMinor: number }[];
}

export async function upgradeToV5(tx: Transaction): Promise<void> {
  const moved = new Map<string, number>();
  await tx.table('transactions').filter((row: MoneyRow) => factorOf(row.currency) !== 1).modify((row: MoneyRow & { id: string }) => {
    const factor = factorOf(row.currency);
    moved.set(row.id, factor);
    row.amountMinor = rescale(row.amountMinor, factor) ?? row.amountMinor;
    if (row.feeMinor !== undefined) row.feeMinor = rescale(row.feeMinor, factor) ?? null;
  });
  if (moved.size > 0) {
    await tx.table('changes').where('txId').anyOf([...moved.keys()]).modify((change: { txId: string; fields: FieldChange[] }) => {
      const factor = moved.get(change.txId) ?? 1;
      change.fields = change.fields.map((f) => (f.field === 'amountMinor' || f.field === 'feeMinor')
        ? { ...f, before: rescale(f.before as number | null, factor) ?? null, after: rescale(f.after as number | null, factor) ?? null }
        : f);
    });
  }
  const shifted = (a: AccountMoney) => factorOf(a.currency) !== 1 || (a.cashBalances ?? []).some((c) => factorOf(c.currency) !== 1);
  await tx.table('accounts').filter(shifted).modify((a: AccountMoney) => {
    const factor = factorOf(a.currency);
    a.currentMinor = rescale(a.currentMinor, factor) ?? null;
    a.availableMinor = rescale(a.availableMinor, factor) ?? null;
    a.limitMinor = rescale(a.limitMinor, factor) ?? null;
    if (a.cashBalances) a.cashBalances = a.cashBalances.map((c) => ({ ...c, amountMinor: rescale(c.amountMinor, factorOf(c.currency)) ?? c.amountMinor }));
  });
}
