import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { markChangesSeen } from '../../db/changesSeen';
import { loadChangeRuns } from './loadChangeRuns';
import { useLedgerline } from '../../hooks/useLedgerline';
import type { SyncRunRow } from '../../db/schema';
import { MANUAL_CONNECTION_ID } from '../../db/manualAccounts';
import { EMPTY_FILTER } from '../../search/filter';
import { useFilter } from '../../search/FilterContext';
import { useAccountNames } from '../../hooks/useAccountNames';
import { ChangesAccountNames } from './FieldDiffs';
import { RunCard } from './RunCard';
import { HeldCard } from './HeldCard';
import { useHeldUpdates } from '../../hooks/useHeldUpdates';
import './changes.css';

const PAGE = 15;

/**
 * Every sync that changed something, newest first: what needs review, was removed, updated,
 * posted, re-identified or added — after any sync held for review (HeldCard), which comes first. `onShowTransactions` switches to the list, filtered to one run.
 */
export function ChangesView({ onShowTransactions }: { onShowTransactions?: () => void }) {
  const { db } = useLedgerline();
  const { setFilter } = useFilter();
  const accountNames = useAccountNames();
  const showRun = useCallback((run: SyncRunRow) => {
    setFilter({ ...EMPTY_FILTER, changedInRun: { runId: run.id, finishedAt: run.finishedAt } });
    onShowTransactions?.();
  }, [setFilter, onShowTransactions]);
  const [limit, setLimit] = useState(PAGE);
  const data = useLiveQuery(() => loadChangeRuns(db, limit), [db, limit]);
  const connections = useLiveQuery(() => db.connections.toArray(), [db]);
  const names = useMemo(() => new Map<string, string>([[MANUAL_CONNECTION_ID, 'Manual accounts'], ...(connections ?? []).map((c): [string, string] => [c.id, c.institutionName])]), [connections]);
  const providers = useMemo(() => new Map((connections ?? []).map((c) => [c.id, c.provider])), [connections]);
  const held = useHeldUpdates();
  // What the user's last answer to a held sync did (the card itself is gone by then).
  const [notice, setNotice] = useState<string | null>(null);
  const accountName = useCallback((id: string) => accountNames.get(id) ?? 'an account', [accountNames]);

  // "New" marks what was unseen when the view opened, even after the marker moves on below.
  const [seenAtOpen, setSeenAtOpen] = useState<string | null>(null);
  if (data && seenAtOpen === null) setSeenAtOpen(data.seenUpTo);
  const newest = data?.newestFinishedAt ?? null;
  useEffect(() => {
    if (newest) void markChangesSeen(db, newest);
  }, [db, newest]);

  return (
    <section className="changes" aria-labelledby="changes-title" data-testid="changes-view">
      <header className="changes__header">
        <h2 className="changes__title" id="changes-title">Changes</h2>
        <p className="changes__subtitle">What each sync changed, newest first</p>
      </header>
      <ChangesAccountNames value={accountNames}>
        <div className="changes__scroll">
          <p className="changes__notice" role="status" data-testid="held-notice" hidden={notice === null}>{notice}</p>
          {held?.map((h) => (
            <HeldCard key={h.id} held={h} institution={names.get(h.connectionId) ?? ''} provider={providers.get(h.connectionId)}
              accountName={accountName} onDone={setNotice} />
          ))}
          {data && data.runs.length === 0 && (held?.length ?? 0) === 0 && (
            <div className="empty">
              <p className="empty__title">No changes yet</p>
              <p className="empty__detail">
                {connections && connections.length === 0
                  ? 'No accounts are connected. Choose Add account in the sidebar to connect one; after each sync, what it added, updated, posted or removed is listed here.'
                  : 'After each sync, what was added, updated, posted or removed is listed here. Choose Refresh now to check for new activity.'}
              </p>
            </div>
          )}
          {data?.runs.map((run) => (
            <RunCard key={run.id} run={run} institution={names.get(run.connectionId) ?? ''} onShowTransactions={showRun}
              unread={seenAtOpen !== null && run.finishedAt > seenAtOpen && run.fromCursor !== null} />
          ))}
          {data?.more && (
            <button type="button" className="button button--ghost changes__older" onClick={() => setLimit(limit + PAGE)}>
              Show older syncs
            </button>
          )}
        </div>
      </ChangesAccountNames>
    </section>
  );
}
