import type { ConnectionView } from '../hooks/useConnections';
import { useNow } from '../hooks/useNow';
import { clockTime, fullDateTime, relativeTime } from './format';
import { Spinner } from './Spinner';
import { HELD_STATUS } from './changes/heldText';

type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'muted';

interface Described {
  state: string;
  text: string;
  tone: Tone;
  canRetry: boolean;
  title?: string;
  /** What the user can do about it, when the state alone does not say. */
  next?: string;
}

/** `held`: a sync of this connection waits for the user's Apply or Discard in Changes. */
export function describeStatus(connection: ConnectionView, syncingHere: boolean, now: number, held = false): Described {
  const { status, presence } = connection;
  if (connection.removedAt && presence !== 'listed') {
    return { state: 'removed', text: 'Removed — showing saved data', tone: 'muted', canRetry: false, title: `Removed ${fullDateTime(connection.removedAt)}` };
  }
  if (syncingHere || status?.state === 'syncing') return { state: 'syncing', text: 'Syncing…', tone: 'busy', canRetry: false };
  if (presence === 'gone') return { state: 'removed', text: 'No longer connected — showing saved data', tone: 'muted', canRetry: false };
  if (!status) return { state: 'unknown', text: 'Checking…', tone: 'muted', canRetry: false };
  const retryAt = status.retryAt;
  if (held && status.state === 'ok') {
    return { state: 'held', text: HELD_STATUS, tone: 'warn', canRetry: false, next: 'Ledgerline did not apply the last sync because it looks wrong: open Changes to see what it would do, then Apply or Discard it.' };
  }
  switch (status.state) {
    case 'ok':
      return status.lastSuccessAt
        ? { state: 'ok', text: `Synced ${relativeTime(status.lastSuccessAt, now)}`, tone: 'ok', canRetry: false, title: fullDateTime(status.lastSuccessAt) }
        : { state: 'ok', text: 'Synced', tone: 'ok', canRetry: false };
    case 'never_synced':
      return { state: 'never_synced', text: 'Not synced yet', tone: 'muted', canRetry: true };
    case 'waiting':
      return {
        state: 'waiting',
        text: retryAt ? `Waiting for the bank — checking again at ${clockTime(retryAt)}` : 'Waiting for the bank',
        tone: 'warn', canRetry: true, title: status.message ?? undefined,
      };
    case 'rate_limited':
      return {
        state: 'rate_limited',
        text: retryAt ? `Rate limited — retrying at ${clockTime(retryAt)}` : 'Rate limited — try again shortly',
        tone: 'warn', canRetry: true, title: status.message ?? undefined,
      };
    case 'needs_reauth':
      return {
        state: 'needs_reauth', text: 'Needs re-authentication', tone: 'error', canRetry: false, title: status.message ?? undefined,
        next: connection.demo
          ? 'The demo bank wants a new sign-in: choose Try a situation → Back to normal, then Refresh now.'
          : `Sign in to ${connection.institutionName} again to resume syncing; your saved transactions stay.`,
      };
    case 'action_at_bank':
      return {
        state: 'action_at_bank', text: 'Action needed at the bank', tone: 'error', canRetry: false, title: status.message ?? undefined,
        next: `Log in to ${connection.institutionName}'s own website or app and follow what it asks (for example unlock the account or accept new terms), then choose Sign in again; your saved transactions stay.`,
      };
    case 'disconnected':
      return {
        state: 'disconnected', text: 'Disconnected', tone: 'error', canRetry: false, title: status.message ?? undefined,
        next: 'The provider no longer knows this connection. Remove it (your saved transactions can stay), then Add account to connect again.',
      };
    case 'error':
      return { state: 'error', text: `Error: ${status.message ?? 'the last sync failed'}`, tone: 'error', canRetry: true };
  }
}

/** A real, listed connection the provider stopped accepting: only signing in again repairs it. */
export function needsSignIn(connection: ConnectionView, d: Described): boolean {
  return !connection.demo && connection.presence === 'listed' && !connection.removedAt && (d.state === 'needs_reauth' || d.state === 'action_at_bank' || d.state === 'disconnected');
}

/** When the state is not "ok", when the data was last good and when we last tried. */
function history(connection: ConnectionView, now: number): string | null {
  const s = connection.status;
  if (!s || s.state === 'ok' || s.state === 'syncing') return null;
  const parts = [s.lastSuccessAt ? `Last successful sync ${relativeTime(s.lastSuccessAt, now)}` : 'Never synced successfully'];
  if (s.lastAttemptAt) parts.push(`last attempt ${relativeTime(s.lastAttemptAt, now)}`);
  return parts.join(' · ');
}

export function ConnectionStatusLine(props: {
  connection: ConnectionView;
  syncingHere: boolean;
  /** The provider refused Refresh now's request for fresh data until then (MoneyKit allows about one an hour). */
  refreshAvailableAt: string | null;
  onRetry: () => void;
  /** Opens the sign-in dialog to repair the connection (offered for real connections that need it). */
  onSignInAgain?: () => void;
  /** A sync of this connection is held for review. */
  held?: boolean;
}) {
  const { connection, syncingHere, onRetry, onSignInAgain, refreshAvailableAt, held } = props;
  const now = useNow();
  const d = describeStatus(connection, syncingHere, now, held);
  const past = syncingHere ? null : history(connection, now);
  const limit = !syncingHere && refreshAvailableAt && Date.parse(refreshAvailableAt) > now
    ? `Fresh data from the bank: refresh available at ${clockTime(refreshAvailableAt)}`
    : null;
  return (
    <div className={`conn-status conn-status--${d.tone}`} data-testid="connection-status" data-state={d.state}>
      {d.tone === 'busy' ? <Spinner /> : <span className="conn-status__dot" aria-hidden="true" />}
      <span className="conn-status__text" role="status" aria-live="polite" title={d.title}>
        {d.text}
        {past && <span className="conn-status__history" data-testid="connection-history">{past}</span>}
        {d.next && <span className="conn-status__next" data-testid="connection-next">{d.next}</span>}
        {limit && <span className="conn-status__history" data-testid="refresh-limit">{limit}</span>}
      </span>
      {onSignInAgain && needsSignIn(connection, d) && (
        <button
          type="button"
          className="button button--ghost button--small sign-in-again"
          onClick={onSignInAgain}
          aria-haspopup="dialog"
          aria-label={`Sign in to ${connection.institutionName} again`}
          data-testid="sign-in-again"
        >
          Sign in again
        </button>
      )}
      {d.canRetry && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={onRetry}
          aria-label={`Retry syncing ${connection.institutionName}`}
        >
          Retry
        </button>
      )}
    </div>
  );
}
