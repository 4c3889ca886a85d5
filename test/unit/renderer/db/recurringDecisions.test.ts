import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerRecurring, restoreRecurring } from '../../../../renderer/src/db/recurringDecisions';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';

let db: LedgerlineDb;
let n = 0;
const now = new Date('2026-03-01T10:00:00.000Z');
beforeEach(async () => {
  db = openDb(`recurring-decisions-${++n}`);
  await db.open();
});

describe('recurring decisions', () => {
  it('an edit confirms and keeps the amount and cadence; dismiss keeps the edits; reset and restore undo', async () => {
    const id = 'hulu|USD|out';
    expect(await answerRecurring(db, id, { kind: 'edit', amountMinor: -1_999, cadence: 'monthly' }, now)).toBeNull();
    const edited = await db.recurringDecisions.get(id);
    expect(edited).toEqual({ seriesId: id, status: 'confirmed', amountMinor: -1_999, cadence: 'monthly', at: now.toISOString() });
    const before = await answerRecurring(db, id, { kind: 'dismiss' }, now);
    expect(before).toEqual(edited);
    expect(await db.recurringDecisions.get(id)).toMatchObject({ status: 'dismissed', amountMinor: -1_999, cadence: 'monthly' });
    await restoreRecurring(db, id, before);
    expect(await db.recurringDecisions.get(id)).toEqual(edited);
    await answerRecurring(db, id, { kind: 'reset' }, now);
    expect(await db.recurringDecisions.count()).toBe(0);
  });
});
