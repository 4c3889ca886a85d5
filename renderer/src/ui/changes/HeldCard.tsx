import { useState } from 'react';
import { applyHeld, discardHeld } from '../../db/heldUpdates';
import type { HeldUpdateRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import type { Provider } from '../../../../shared/types';
import { describeThrown } from '../describeError';
import { fullDateTime } from '../format';
import { runCountParts, runTime, TRIGGER_LABEL } from './changeText';
import { discardText, holdReasonText } from './heldText';

/**
 * A sync Ledgerline held instead of applying (db/heldUpdates.ts): why, in plain words with the
 * numbers, what applying it would do, and Apply / Discard. Nothing of it is in the ledger yet.
 */
export function HeldCard(props: {
  held: HeldUpdateRow;
  institution: string;
  provider: Provider | undefined;
  accountName: (id: string) => string;
  /** Tells the view what the user's answer did, for its one status line. */
  onDone: (message: string) => void;
}) {
  const { held, institution, provider, accountName, onDone } = props;
  const { db } = useLedgerline();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const parts = runCountParts(held.counts);
  const titleId = `held-${held.id}`;
  const discardId = `held-${held.id}-discard`;

  const answer = async (what: 'apply' | 'discard') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'discard') {
        await discardHeld(db, held.id);
        onDone(`Discarded the held sync of ${institution}. Nothing changed.`);
        return;
      }
      const r = await applyHeld(db, held.id);
      if (r.outcome === 'applied') onDone(`Applied the held sync of ${institution}: ${runCountParts({ ...r }).map((p) => p.text).join(' · ') || 'no changes'}.`);
      else if (r.outcome === 'stale') onDone(`The held sync of ${institution} is out of date (a newer sync was applied), so nothing was applied.`);
      // A newer sync from the same cursor replaced it (its card is shown instead), or another window answered.
      else onDone(`The held sync of ${institution} was replaced by a newer one or answered in another window; nothing was applied.`);
    } catch (e) {
      setError(`Couldn't apply it: ${describeThrown(e)}. Nothing changed.`);
      setBusy(false);
    }
  };

  return (
    <article className="held" data-testid="held-update" data-held-id={held.id} aria-labelledby={titleId}>
      <header className="held__header">
        <h3 className="held__title" id={titleId}>
          <span className="pill pill--held">Held for review</span>
          <span className="run__institution">{institution}</span>
        </h3>
        <time className="run__time" dateTime={held.heldAt} title={fullDateTime(held.heldAt)}>{TRIGGER_LABEL[held.trigger]} · {runTime(held.heldAt)}</time>
      </header>
      <p className="held__lead">Ledgerline did not apply this sync because it looks wrong. Nothing in your ledger has changed.</p>
      <ul className="held__reasons" data-testid="held-reasons">
        {held.reasons.map((r, i) => <li key={i}>{holdReasonText(r, accountName)}</li>)}
      </ul>
      <p className="held__counts" data-testid="held-counts">
        <span className="held__label">If applied:</span> {parts.length > 0 ? parts.map((p) => p.text).join(' · ') : 'no transactions change'}
      </p>
      <div className="held__actions">
        <button type="button" className="button button--primary button--small" disabled={busy} data-testid="held-apply" onClick={() => void answer('apply')}>
          Apply
        </button>
        <button type="button" className="button button--ghost button--small" disabled={busy} data-testid="held-discard" aria-describedby={discardId} onClick={() => void answer('discard')}>
          Discard
        </button>
      </div>
      <p className="held__discard" id={discardId}>{discardText(institution, provider)}</p>
      {error && <p className="held__error" role="alert">{error}</p>}
    </article>
  );
}
