import { useRef, useState } from 'react';
import { planRevert, revertRun, type RevertCounts, type RevertRefusal } from '../../db/revertRun';
import type { SyncRunRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { describeRevertRefusal, revertConfirmText } from './changeText';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'confirm'; counts: RevertCounts }
  | { kind: 'working' }
  | { kind: 'refused'; refusal: RevertRefusal }
  | { kind: 'error'; message: string };

/**
 * "Undo this sync" on a run's card: first what the undo will do (counts, read without writing),
 * then the undo itself on confirm (db/revertRun.ts, one transaction). When it cannot be done
 * exactly, it says why and what the user can do instead; nothing is changed then.
 */
export function UndoRun({ run }: { run: SyncRunRow }) {
  const { db } = useLedgerline();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  const check = async () => {
    setStep({ kind: 'checking' });
    try {
      const planned = await planRevert(db, run.id);
      setStep(planned.ok ? { kind: 'confirm', counts: planned.plan.counts } : { kind: 'refused', refusal: planned.refusal });
      if (planned.ok) requestAnimationFrame(() => confirmRef.current?.focus());
    } catch (e) {
      setStep({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  const undo = async () => {
    setStep({ kind: 'working' });
    try {
      const result = await revertRun(db, run.id);
      // Done: the card now shows "Undone" and the undo's own entry appears above it.
      setStep(result.outcome === 'reverted' ? { kind: 'idle' } : { kind: 'refused', refusal: result.refusal });
    } catch (e) {
      setStep({ kind: 'error', message: `Nothing was changed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  const cancel = () => {
    setStep({ kind: 'idle' });
    requestAnimationFrame(() => openerRef.current?.focus());
  };

  if (step.kind === 'confirm' || step.kind === 'working') {
    const all = step.kind === 'confirm' ? revertConfirmText(step.counts) : [];
    // An import asked no bank: the closing line about the next sync is not about it.
    const lines = run.kind === 'import' ? [...all.slice(0, -1), 'Rows typed in or imported from other files stay.'] : all;
    return (
      <div className="undo undo--confirm" role="group" aria-labelledby={`undo-${run.id}`} data-testid="undo-confirm">
        <p className="undo__title" id={`undo-${run.id}`}>{run.kind === 'import' ? 'Undo this import?' : 'Undo this sync?'}</p>
        {lines.map((line) => <p key={line} className="undo__line">{line}</p>)}
        <div className="undo__actions">
          <button type="button" className="button button--primary button--small" ref={confirmRef} disabled={step.kind === 'working'}
            onClick={() => void undo()} data-testid="undo-confirm-button">{step.kind === 'working' ? 'Undoing…' : run.kind === 'import' ? 'Undo import' : 'Undo sync'}</button>
          <button type="button" className="button button--ghost button--small" onClick={cancel} disabled={step.kind === 'working'}>Cancel</button>
        </div>
      </div>
    );
  }
  return (
    <div className="undo">
      <button type="button" className="run__count-link run__undo-link" ref={openerRef} disabled={step.kind === 'checking'}
        onClick={() => void check()} data-testid="run-undo">{run.kind === 'import' ? 'Undo this import' : 'Undo this sync'}</button>
      {(step.kind === 'refused' || step.kind === 'error') && (
        <p className="undo__refused" role="status" data-testid="undo-refused">
          {step.kind === 'refused' ? describeRevertRefusal(step.refusal) : step.message}
        </p>
      )}
    </div>
  );
}
