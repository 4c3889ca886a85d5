import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyUpdate, type ApplyResult } from '../../../../renderer/src/db/applyUpdate';
import { editUserFields } from '../../../../renderer/src/db/editUserFields';
import { answerSuggestion, resolveSuggestion, undoSuggestionAnswer } from '../../../../renderer/src/db/resolveSuggestion';
import { openDb, type LedgerlineDb } from '../../../../renderer/src/db/schema';
import { meta, tx, update } from '../../../support/db/fixtures';
import { allChanges, runChanges } from '../../../../renderer/src/db/changeLog';

let db: LedgerlineDb;
let n = 0;
let run: ApplyResult;
beforeEach(async () => {
  db = openDb(`suggest-${++n}`);
  await db.open();
  // A $40 pending that posts at $48 without a link: a tip, so only a suggestion.
  await applyUpdate(db, update(null, 'K1', [tx('plaid:p', { pending: true, amountMinor: -4000, description: 'TST* ZUNI CAFE', date: '2026-11-08' })]), meta);
  await editUserFields(db, 'plaid:p', { userCategory: 'Dining out', note: 'birthday dinner' });
  run = await applyUpdate(db, update('K1', 'K2', [tx('plaid:t', { amountMinor: -4800, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-10' })], ['plaid:p']), meta);
});

const runId = () => (run.outcome === 'applied' ? run.runId : '');
const kinds = async () => (await runChanges(db, runId())).map((c) => `${c.kind}:${c.txId}`).sort();

describe('resolveSuggestion', () => {
  it('confirm merges: the posted row links back and inherits the user fields; the run reads as one posting', async () => {
    expect(await resolveSuggestion(db, 'plaid:t', 'confirm')).toBe(true);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ postedFromId: 'plaid:p', userCategory: 'Dining out', note: 'birthday dinner' });
    expect(await db.suggestions.get('plaid:t')).toMatchObject({ status: 'confirmed' });
    expect(await kinds()).toEqual(['posted:plaid:t']);
    const [posted] = await runChanges(db, runId());
    expect(posted).toMatchObject({ relatedId: 'plaid:p', match: { method: 'confirmed', confidence: 1 } });
    expect(posted?.fields.find((f) => f.field === 'amountMinor')).toEqual({ field: 'amountMinor', before: -4000, after: -4800 });
    expect(await db.syncRuns.get(runId())).toMatchObject({ added: 0, removed: 0, posted: 1 });
  });

  it('a user field already set on the posted row wins over the inherited one', async () => {
    await editUserFields(db, 'plaid:t', { note: 'own note' });
    await resolveSuggestion(db, 'plaid:t', 'confirm');
    expect(await db.transactions.get('plaid:t')).toMatchObject({ note: 'own note', userCategory: 'Dining out' });
  });

  it('reject keeps both: nothing carried, the addition and the removal stay', async () => {
    expect(await resolveSuggestion(db, 'plaid:t', 'reject')).toBe(true);
    const posted = await db.transactions.get('plaid:t');
    expect(posted?.postedFromId).toBeUndefined();
    expect(posted?.note).toBeUndefined();
    expect(await db.suggestions.get('plaid:t')).toMatchObject({ status: 'rejected' });
    expect(await kinds()).toEqual(['added:plaid:t', 'removed:plaid:p']);
  });

  it('answers once: a second answer (another window, a double click) changes nothing', async () => {
    await resolveSuggestion(db, 'plaid:t', 'reject');
    expect(await resolveSuggestion(db, 'plaid:t', 'confirm')).toBe(false);
    expect((await db.transactions.get('plaid:t'))?.postedFromId).toBeUndefined();
  });

  it('provider updates after confirming keep the link and the inherited fields', async () => {
    await resolveSuggestion(db, 'plaid:t', 'confirm');
    await applyUpdate(db, update('K2', 'K3', [tx('plaid:t', { amountMinor: -4900, description: 'Zuni Cafe', merchant: 'Zuni Cafe', date: '2026-11-10' })]), meta);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ amountMinor: -4900, postedFromId: 'plaid:p', note: 'birthday dinner' });
  });

  it('undo of a confirm puts the posted row, the run\'s history and its counts back exactly, and the suggestion is open again', async () => {
    const snapshot = async () => ({
      rows: await db.transactions.toArray(), changes: await allChanges(db), runs: await db.syncRuns.toArray(),
      suggestion: await db.suggestions.get('plaid:t'),
    });
    const before = await snapshot();
    const undo = await answerSuggestion(db, 'plaid:t', 'confirm', new Date('2026-11-21T12:00:00.000Z'));
    expect(undo).not.toBeNull();
    expect(await undoSuggestionAnswer(db, undo!)).toBe(true);
    expect(await snapshot()).toEqual(before);
    // Undone once; the same undo again changes nothing.
    expect(await undoSuggestionAnswer(db, undo!)).toBe(false);
  });

  it('undo of a reject reopens it; an undo is refused once the posted row changed since', async () => {
    const reject = await answerSuggestion(db, 'plaid:t', 'reject', new Date('2026-11-21T12:00:00.000Z'));
    expect(await undoSuggestionAnswer(db, reject!)).toBe(true);
    expect(await db.suggestions.get('plaid:t')).toMatchObject({ status: 'open', resolvedAt: null });
    const confirm = await answerSuggestion(db, 'plaid:t', 'confirm', new Date('2026-11-21T12:01:00.000Z'));
    await editUserFields(db, 'plaid:t', { note: 'changed after' });
    expect(await undoSuggestionAnswer(db, confirm!)).toBe(false);
    expect(await db.transactions.get('plaid:t')).toMatchObject({ note: 'changed after', postedFromId: 'plaid:p' });
    expect(await db.suggestions.get('plaid:t')).toMatchObject({ status: 'confirmed' });
  });
});
