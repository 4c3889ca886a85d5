/**
 * When the bank says "not yet" (waiting) or "slow down" (rate limited) it names a time; this syncs
 * the connection again then, so the status line's "retrying at 14:05" comes true.
 */
import { useEffect } from 'react';
import type { SyncTarget } from './syncActivity';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';

/** Never sooner than this, so a retry time already in the past cannot become a tight loop. */
const MIN_DELAY_MS = 2_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

interface Due extends SyncTarget {
  at: string;
}

export function useScheduledRetries(connections: readonly ConnectionView[]): void {
  const { activity } = useLedgerline();
  // A string, so the effect re-arms only when a retry time actually changes.
  const dueKey = JSON.stringify(
    connections.flatMap((c): Due[] =>
      c.status?.retryAt && (c.status.state === 'waiting' || c.status.state === 'rate_limited')
        ? [{ id: c.id, institutionName: c.institutionName, at: c.status.retryAt }]
        : [],
    ),
  );

  useEffect(() => {
    const due = JSON.parse(dueKey) as Due[];
    const timers = due.map(({ id, institutionName, at }) => {
      const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, Date.parse(at) - Date.now()));
      return setTimeout(() => void activity.sync([{ id, institutionName }], 'retry'), delay);
    });
    return () => timers.forEach(clearTimeout);
  }, [dueKey, activity]);
}
