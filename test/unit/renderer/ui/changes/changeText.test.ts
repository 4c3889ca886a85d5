import { describe, expect, it } from 'vitest';
import type { ChangeRow, SyncRunRow } from '../../../../../renderer/src/db/schema';
import { describeRevertRefusal, revertConfirmText } from '../../../../../renderer/src/ui/changes/changeText';

const run = { id: 'r2', finishedAt: '2026-11-30T12:00:00.000Z' } as SyncRunRow;
const change = (extra: Partial<ChangeRow>): ChangeRow => ({ runId: 'r2', connectionId: 'c1', txId: 'plaid:sb', kind: 'modified', fields: [], relatedId: null, at: run.finishedAt, ...extra });

describe('undo wording', () => {
  it('names the later sync, what it did and to which row when it blocks an undo', () => {
    const text = describeRevertRefusal({
      kind: 'blocked', by: { run, description: 'Starbucks', change: change({ fields: [{ field: 'amountMinor', before: -1450, after: -1500 }] }) },
    });
    // The day as this zone sees that instant (the suite runs under several pinned zones).
    const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(new Date(run.finishedAt));
    expect(text.startsWith(`Blocked: the sync on ${day}, `)).toBe(true);
    expect(text).toMatch(/ changed the amount of “Starbucks” again\. Undo that sync first, then this one\.$/);
    expect(describeRevertRefusal({ kind: 'blocked', by: { run, description: null, change: change({ kind: 'removed' }) } })).toContain('removed one of its rows');
  });

  it('says honestly when a sync cannot be undone exactly, and what to do instead', () => {
    expect(describeRevertRefusal({ kind: 'noImages' })).toContain('recorded before undo existed');
    expect(describeRevertRefusal({ kind: 'import' })).toContain('remove the connection');
  });

  it('the confirm step counts what goes and what comes back, and who loses a note', () => {
    expect(revertConfirmText({ deleted: 3, restored: 1, deletedWithUserFields: 1 }).slice(0, 2)).toEqual([
      '3 rows it added will be deleted (1 with a note or category, which go with them).',
      '1 row it changed, posted or removed goes back to how it was before it.',
    ]);
    expect(revertConfirmText({ deleted: 0, restored: 2, deletedWithUserFields: 0 })[0]).toBe('2 rows it changed, posted or removed go back to how they were before it.');
  });
});
