import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerTransfer, markTransfer, undoTransferAnswer, unmarkTransfer } from '../../../../renderer/src/db/transferDecisions';
import { purgeConnection } from '../../../../renderer/src/db/purgeConnection';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { applyUpdate } from '../../../../renderer/src/db/applyUpdate';
import { meta, tx, update } from '../../../support/db/fixtures';

let db: LedgerlineDb;
let n = 0;
const at = (s: string) => new Date(`2026-03-0${s}T10:00:00.000Z`);
beforeEach(async () => {
  db = openDb(`transfer-decisions-${++n}`);
  await db.open();
});

describe('transfer decisions', () => {
  it('confirm, reject and undo: undo puts back exactly what was there, and refuses once another answer was written', async () => {
    const pair = { outId: 'plaid:o', inId: 'moneykit:i', confidence: 0.62 };
    const confirmed = await answerTransfer(db, pair, 'confirm', { now: at('1') });
    expect(await db.transferDecisions.get('plaid:o|moneykit:i')).toEqual({ id: 'plaid:o|moneykit:i', ...pair, status: 'confirmed', manual: false, at: at('1').toISOString() });
    const rejected = await answerTransfer(db, pair, 'reject', { now: at('2') });
    expect(await undoTransferAnswer(db, confirmed)).toBe(false); // not the last word any more
    expect(await undoTransferAnswer(db, rejected)).toBe(true);
    expect((await db.transferDecisions.get('plaid:o|moneykit:i'))?.status).toBe('confirmed');
    expect(await undoTransferAnswer(db, confirmed)).toBe(true);
    expect(await db.transferDecisions.count()).toBe(0);
  });

  it('by hand: mark orders the sides by sign; unmark forgets a hand-made pair and rejects a detected one', async () => {
    await markTransfer(db, { id: 'in', amountMinor: 500 }, { id: 'out', amountMinor: -500 }, at('3'));
    expect(await db.transferDecisions.get('out|in')).toMatchObject({ outId: 'out', inId: 'in', manual: true, status: 'confirmed', confidence: null });
    await unmarkTransfer(db, { outId: 'out', inId: 'in', confidence: null, manual: true });
    expect(await db.transferDecisions.count()).toBe(0);
    await unmarkTransfer(db, { outId: 'o2', inId: 'i2', confidence: 0.9, manual: false });
    expect(await db.transferDecisions.get('o2|i2')).toMatchObject({ status: 'rejected', manual: false });
  });

  it('removing a connection with its data removes the answers on its rows, and only those', async () => {
    await applyUpdate(db, update(null, 'K1', [tx('plaid:o', { amountMinor: -500 }), tx('plaid:x', { amountMinor: 700 })]), meta);
    await markTransfer(db, { id: 'plaid:o', amountMinor: -500 }, { id: 'moneykit:i', amountMinor: 500 });
    await markTransfer(db, { id: 'other:o', amountMinor: -900 }, { id: 'other:i', amountMinor: 900 });
    const connectionId = (await db.transactions.get('plaid:o'))?.connectionId ?? '';
    await purgeConnection(db, connectionId);
    expect((await db.transferDecisions.toArray()).map((d) => d.id)).toEqual(['other:o|other:i']);
  });
});
