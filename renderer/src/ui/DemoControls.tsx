import { useState } from 'react';
import type { DemoAction } from '../../../shared/ipc/contract';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';

const ACTIONS: { action: DemoAction; label: string }[] = [
  { action: 'new_activity', label: 'New bank activity' },
  { action: 'login_required', label: 'Bank requires sign-in' },
  { action: 'bank_outage', label: 'Bank outage' },
  { action: 'rate_limit', label: 'Rate limiting' },
  { action: 'repair', label: 'Back to normal' },
];

/** Demo mode only: make the demo bank misbehave on purpose, to see how Ledgerline copes. */
export function DemoControls(props: { connection: ConnectionView }) {
  const { api } = useLedgerline();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: DemoAction) => {
    setBusy(true);
    try {
      setMessage((await api.simulateDemo({ connectionId: props.connection.id, action })).message);
    } catch (e) {
      setMessage(`The demo bank did not respond: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="demo-controls" data-testid="demo-controls">
      <summary>Try a situation</summary>
      <div className="demo-controls__actions" role="group" aria-label={`Demo bank situations for ${props.connection.institutionName}`}>
        {ACTIONS.map(({ action, label }) => (
          <button key={action} type="button" className="button button--ghost button--small" disabled={busy}
            data-testid={`demo-${action}`} onClick={() => void run(action)}>
            {label}
          </button>
        ))}
      </div>
      {message && <p className="demo-controls__message" role="status">{message}</p>}
    </details>
  );
}
