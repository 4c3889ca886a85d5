import { describe, expect, it } from 'vitest';
import type { ChangeRow, SuggestionRow, SyncRunRow, TransactionRow } from '../../../../../renderer/src/db/schema';
import { formatFieldValue, runCounts } from '../../../../../renderer/src/ui/changes/changeText';
import { addedCount, buildRunView } from '../../../../../renderer/src/ui/changes/runView';
import { isStalePending, localToday } from '../../../../../renderer/src/ui/stalePending';
import { tx } from '../../../../support/db/fixtures';

const run: SyncRunRow = {
  id: 'r1', connectionId: 'c1', trigger: 'manual', startedAt: 's', finishedAt: 'f', fromCursor: 'K1', nextCursor: 'K2', outcome: 'changes',
  added: 2, modified: 1, removed: 2, posted: 1, reidentified: 1, suggested: 1, pages: 1, restarts: 0,
};
const row = (id: string, extra: Partial<TransactionRow> = {}): TransactionRow => ({ ...tx(id), removedAt: null, firstSeenAt: 'f', updatedAt: 'u', ...extra });
const change = (kind: ChangeRow['kind'], txId: string, relatedId: string | null = null): ChangeRow =>
  ({ runId: 'r1', connectionId: 'c1', txId, kind, fields: [], relatedId, at: 'f' });
const suggestion = (status: SuggestionRow['status']): SuggestionRow => ({
  postedId: 'plaid:t2', pendingId: 'plaid:p2', runId: 'r1', connectionId: 'c1', method: 'tolerant', confidence: 0.6, reason: 'tolerantAmount',
  daysToPost: 1, status, createdAt: 'f', resolvedAt: null,
});

describe('buildRunView', () => {
  const rows = new Map(['plaid:t1', 'plaid:p1', 'plaid:t2', 'plaid:p2', 'plaid:m', 'plaid:new', 'plaid:gone', 'plaid:re'].map((id) => [id, row(id)]));
  const changes = [
    change('posted', 'plaid:t1', 'plaid:p1'), change('added', 'plaid:t2'), change('removed', 'plaid:p2'), change('modified', 'plaid:m'),
    change('added', 'plaid:new'), change('removed', 'plaid:gone'), change('reidentified', 'plaid:re', 'plaid:old'),
  ];

  it('sorts changes by kind; an open suggestion shows its pair once, not also as new and removed', () => {
    const view = buildRunView(run, changes, [suggestion('open')], rows);
    expect(view.suggestions.map((s) => [s.posted?.id, s.pending?.id])).toEqual([['plaid:t2', 'plaid:p2']]);
    expect(view.postings.map((p) => [p.row?.id, p.pending?.id])).toEqual([['plaid:t1', 'plaid:p1']]);
    expect(view.modified.map((m) => m.row?.id)).toEqual(['plaid:m']);
    expect(view.added.map((m) => m.row?.id)).toEqual(['plaid:new']);
    expect(view.removed.map((m) => m.row?.id)).toEqual(['plaid:gone']);
    expect(view.reidentified.map((m) => [m.row?.id, m.change.relatedId])).toEqual([['plaid:re', 'plaid:old']]);
  });

  it('a rejected suggestion leaves its two rows as an addition and a removal', () => {
    const view = buildRunView(run, changes, [suggestion('rejected')], rows);
    expect(view.suggestions).toEqual([]);
    expect(view.added.map((m) => m.row?.id).sort()).toEqual(['plaid:new', 'plaid:t2']);
    expect(view.removed.map((m) => m.row?.id).sort()).toEqual(['plaid:gone', 'plaid:p2']);
  });

  it('summarizes a backfill of older history per account and date range; recent and few older additions are listed', () => {
    const at = { ...run, finishedAt: '2025-07-20T15:00:00.000Z' };
    const rowsB = new Map<string, TransactionRow>();
    const list: ChangeRow[] = [];
    const add = (id: string, accountId: string, date: string) => {
      rowsB.set(id, row(id, { accountId, date }));
      list.push(change('added', id));
    };
    for (let d = 1; d <= 12; d++) add(`plaid:old${d}`, 'checking', `2025-01-${String(d).padStart(2, '0')}`);
    for (let d = 1; d <= 3; d++) add(`plaid:sav${d}`, 'savings', `2025-02-0${d}`); // too few to summarize
    add('plaid:recent', 'checking', '2025-07-19');
    add('plaid:edge', 'checking', '2025-07-06'); // exactly 14 days before: still recent
    const view = buildRunView(at, list, [], rowsB);
    expect(view.older.map((g) => [g.accountId, g.from, g.to, g.items.length])).toEqual([['checking', '2025-01-01', '2025-01-12', 12]]);
    expect(view.added.map((m) => m.row?.id)).toEqual(['plaid:recent', 'plaid:edge', 'plaid:sav3', 'plaid:sav2', 'plaid:sav1']);
    expect(addedCount(view)).toBe(17);
  });

  it('treats a first sync as an import', () => {
    expect(buildRunView({ ...run, fromCursor: null }, [], [], rows).isImport).toBe(true);
  });
});

describe('change text', () => {
  it('formats field values as the user reads them', () => {
    expect(formatFieldValue('amountMinor', -1234, 'USD')).toMatch(/^-\$12\.34$/);
    expect(formatFieldValue('amountMinor', 500, 'USD')).toMatch(/^\+\$5\.00$/);
    expect(formatFieldValue('pending', true, 'USD')).toBe('Pending');
    expect(formatFieldValue('pending', false, 'USD')).toBe('Posted');
    expect(formatFieldValue('category', 'FOOD_AND_DRINK_COFFEE', 'USD')).toBe('Coffee');
    expect(formatFieldValue('merchant', null, 'USD')).toBe('—');
    expect(formatFieldValue('accountId', 'plaid:a1', 'USD', () => 'Checking ••0000')).toBe('Checking ••0000');
  });

  it('summarizes a run, open suggestions as "to review"', () => {
    expect(runCounts(run)).toBe('1 to review · 2 removed · 1 updated · 1 posted · 1 re-identified · 2 new');
    expect(runCounts({ ...run, added: 0, modified: 0, removed: 0, posted: 0, suggested: 0, reidentified: 0 })).toBe('No changes');
  });
});

describe('stale pendings', () => {
  it('flags a pending row older than 10 days, never a posted or removed one', () => {
    const today = '2026-11-21';
    expect(isStalePending({ pending: true, date: '2026-11-11' }, today)).toBe(false); // 10 days: not yet
    expect(isStalePending({ pending: true, date: '2026-11-10' }, today)).toBe(true);
    expect(isStalePending({ pending: false, date: '2026-10-01' }, today)).toBe(false);
    expect(isStalePending({ pending: true, date: '2026-10-01', removedAt: 'x' }, today)).toBe(false);
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('the Refresh now summary', () => {
  it('leads with what needs review and does not count a suggested pair as new and removed too', async () => {
    const { summaryText } = await import('../../../../../renderer/src/sync/syncActivity');
    const text = summaryText({ applied: 1, added: 1, posted: 5, modified: 1, removed: 1, suggested: 1, failed: [], waiting: [], held: [] }).text;
    expect(text).toBe('1 to review, 1 new, 5 posted, 1 updated, 1 removed');
  });
});
