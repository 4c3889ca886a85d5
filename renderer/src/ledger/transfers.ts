/**
 * Which rows are transfers between the user's own accounts right now: the pairs the user confirmed
 * or made by hand (both rows still live), then what the detector finds among the other rows
 * (shared/ledger/transfers.ts), minus the pairs the user rejected. Computed from the ledger on
 * every ask (the index worker caches it until the ledger or an answer changes), so a sync, an undo
 * or an edit is reflected without any stored detection to keep in step.
 *
 * `transferTxIds` is what spending and income figures (budgets, insights) leave out.
 */
import { CONFIDENT_TRANSFER, detectTransfers, pairId, type AccountKindLike, type TransferPair, type TransferSource } from '../../../shared/ledger/transfers';
import type { TransferDecisionRow } from '../db/schema';

export interface TransferAccount {
  id: string;
  kind: AccountKindLike;
  connectionId: string;
}

export interface ResolvedTransfer extends TransferPair {
  /** `confirmed`: the user said so (or made it, `manual`); `detected`: the detector's guess, unanswered. */
  status: 'confirmed' | 'detected';
  manual: boolean;
  /** Counts as a transfer (left out of spending and income): confirmed, or detected with confidence. */
  counted: boolean;
}

export function resolveTransfers(
  rows: readonly TransferSource[],
  accounts: readonly TransferAccount[],
  decisions: readonly TransferDecisionRow[],
): ResolvedTransfer[] {
  const byId = new Map<string, TransferSource>();
  for (const r of rows) byId.set(r.id, r);
  const taken = new Set<string>();
  const confirmed: ResolvedTransfer[] = [];
  // Oldest answer first, so two answers that share a row resolve the same way every time.
  const ordered = [...decisions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const rejected = new Set<string>();
  for (const d of ordered) {
    if (d.status === 'rejected') {
      rejected.add(d.id);
      continue;
    }
    const out = byId.get(d.outId);
    const inn = byId.get(d.inId);
    if (!out || !inn || taken.has(out.id) || taken.has(inn.id)) continue;
    taken.add(out.id);
    taken.add(inn.id);
    confirmed.push({
      id: pairId(out.id, inn.id), outId: out.id, inId: inn.id, amountMinor: Math.abs(inn.amountMinor), currency: inn.currency,
      outDate: out.date, inDate: inn.date, confidence: d.confidence ?? 1, reasons: [], status: 'confirmed', manual: d.manual, counted: true,
    });
  }
  const kinds = new Map(accounts.map((a) => [a.id, a.kind]));
  const connectionOf = new Map(accounts.map((a) => [a.id, a.connectionId]));
  const detected = detectTransfers(rows, kinds, { rejected, taken, connectionOf }).map((p): ResolvedTransfer => (
    { ...p, status: 'detected', manual: false, counted: p.confidence >= CONFIDENT_TRANSFER }
  ));
  return [...confirmed, ...detected];
}

/** The ids of every row counted as a transfer (both sides of each counted pair). */
export function transferTxIds(resolved: readonly ResolvedTransfer[]): Set<string> {
  const ids = new Set<string>();
  for (const p of resolved) {
    if (!p.counted) continue;
    ids.add(p.outId);
    ids.add(p.inId);
  }
  return ids;
}
