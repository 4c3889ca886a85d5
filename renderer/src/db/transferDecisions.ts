/**
 * The user's answers on transfer pairs (schema v9 `transferDecisions`): confirm or reject a
 * detected pair (the review inbox), make a pair by hand or undo one (the transaction detail). Each
 * answer returns what Undo needs: the row as it was before (or null when there was none). After
 * each write the ledger index is told (`decisions`), so views re-ask and the worker recomputes.
 */
import { pairId } from '../../../shared/ledger/transfers';
import { notifyIndex } from '../index/notify';
import type { LedgerlineDb, TransferDecisionRow } from './schema';

export interface TransferAnswerUndo {
  id: string;
  /** The answer written (to check it is still the last word), and what was there before it. */
  written: TransferDecisionRow | null;
  before: TransferDecisionRow | null;
}

async function write(db: LedgerlineDb, id: string, next: TransferDecisionRow | null): Promise<TransferAnswerUndo> {
  const undo = await db.transaction('rw', db.transferDecisions, async () => {
    const before = (await db.transferDecisions.get(id)) ?? null;
    if (next) await db.transferDecisions.put(next);
    else await db.transferDecisions.delete(id);
    return { id, written: next, before };
  });
  notifyIndex(db, { decisions: true });
  return undo;
}

/** Confirms (counts as a transfer) or rejects (never proposed again) a pair. */
export function answerTransfer(
  db: LedgerlineDb,
  pair: { outId: string; inId: string; confidence: number | null },
  answer: 'confirm' | 'reject',
  options: { manual?: boolean; now?: Date } = {},
): Promise<TransferAnswerUndo> {
  const id = pairId(pair.outId, pair.inId);
  return write(db, id, {
    id, outId: pair.outId, inId: pair.inId, status: answer === 'confirm' ? 'confirmed' : 'rejected',
    manual: options.manual ?? false, confidence: pair.confidence, at: (options.now ?? new Date()).toISOString(),
  });
}

/** Marks two rows as a transfer by hand: the outflow and the inflow, whichever is given first. */
export function markTransfer(db: LedgerlineDb, a: { id: string; amountMinor: number }, b: { id: string; amountMinor: number }, now?: Date): Promise<TransferAnswerUndo> {
  const [out, inn] = a.amountMinor < 0 ? [a, b] : [b, a];
  return answerTransfer(db, { outId: out.id, inId: inn.id, confidence: null }, 'confirm', { manual: true, ...(now ? { now } : {}) });
}

/**
 * "Not a transfer": a pair made by hand is forgotten; a detected one is rejected, so the detector
 * does not bring it back.
 */
export async function unmarkTransfer(db: LedgerlineDb, pair: { outId: string; inId: string; confidence: number | null; manual: boolean }, now?: Date): Promise<TransferAnswerUndo> {
  if (pair.manual) return write(db, pairId(pair.outId, pair.inId), null);
  return answerTransfer(db, pair, 'reject', now ? { now } : {});
}

/** Puts the answer back; false (nothing changed) when another answer was written since. */
export async function undoTransferAnswer(db: LedgerlineDb, undo: TransferAnswerUndo): Promise<boolean> {
  const done = await db.transaction('rw', db.transferDecisions, async () => {
    const now = (await db.transferDecisions.get(undo.id)) ?? null;
    if (JSON.stringify(now) !== JSON.stringify(undo.written)) return false;
    if (undo.before) await db.transferDecisions.put(undo.before);
    else await db.transferDecisions.delete(undo.id);
    return true;
  });
  if (done) notifyIndex(db, { decisions: true });
  return done;
}
