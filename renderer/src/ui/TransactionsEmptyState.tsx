import { providerNames } from '../../../shared/providers';
import type { ConnectionView } from '../hooks/useConnections';
import { useSyncActivity } from '../sync/useSyncActivity';
import { clockTime } from './format';
import { AddAccountButton } from './link/AddAccountButton';
import { Spinner } from './Spinner';

const FAILED = new Set(['error', 'rate_limited', 'needs_reauth', 'action_at_bank', 'disconnected']);

/** Says what is happening when there is nothing to list yet. */
export function TransactionsEmptyState({ connections, loaded }: { connections: readonly ConnectionView[]; loaded: boolean }) {
  const { running } = useSyncActivity();
  const syncing = connections.find((c) => running.has(c.id) || c.status?.state === 'syncing' || c.status?.state === 'never_synced');
  const waiting = connections.find((c) => c.status?.state === 'waiting');
  const failing = connections.find((c) => !c.removedAt && c.status !== null && FAILED.has(c.status.state));

  let title: string;
  let detail: string;
  let busy = false;
  let offerAdd = false;
  if (syncing) {
    busy = true;
    title = syncing.demo ? 'Syncing your demo bank…' : `Syncing ${syncing.institutionName}…`;
    detail = 'Your transactions will appear here as soon as they arrive.';
  } else if (waiting) {
    title = `Waiting for ${waiting.institutionName}`;
    detail = waiting.status?.retryAt
      ? `The bank is still preparing your transactions. Ledgerline checks again at ${clockTime(waiting.status.retryAt)}.`
      : 'The bank is still preparing your transactions. Choose Retry in the sidebar to check again.';
  } else if (failing) {
    const name = failing.demo ? 'your demo bank' : failing.institutionName;
    const s = failing.status;
    title = `Couldn't sync ${name}`;
    const why = s?.message ? `${s.message.replace(/\.$/, '')}. ` : '';
    detail = s?.state === 'needs_reauth' || s?.state === 'action_at_bank'
      ? `${why}${failing.demo ? 'Choose Try a situation → Back to normal in the sidebar, then Retry.' : 'Choose Sign in again in the sidebar.'}`
      : s?.state === 'disconnected'
        ? `${why}Remove it in the sidebar, then choose Add account to connect it again.`
        : s?.retryAt
          ? `${why}Ledgerline tries again at ${clockTime(s.retryAt)}, or choose Retry in the sidebar now.`
          : `${why}Choose Retry in the sidebar or Refresh now to try again.`;
  } else if (loaded && connections.length === 0) {
    title = 'No accounts connected';
    detail = `Connect a bank or brokerage through ${providerNames('or')}; its transactions appear here.`;
    offerAdd = true;
  } else {
    title = 'No transactions yet';
    detail = 'New transactions appear here after the next sync. Choose Refresh now to check.';
  }

  return (
    <div className="empty" aria-busy={busy}>
      {busy && <Spinner size="md" />}
      <p className="empty__title">{title}</p>
      <p className="empty__detail">{detail}</p>
      {offerAdd && <AddAccountButton testId="add-account-empty" />}
    </div>
  );
}
