/**
 * Settings → Backup and restore → Restore: pick a file, give its passphrase if it has one (a wrong
 * one says so and changes nothing), see what it would replace — per table, rows now and in the
 * file; its connections, with the ones this computer has no sign-in for; accounts; the dates its
 * transactions span; when it was made — then replace the ledger in one transaction. "Undo
 * restore" puts the replaced ledger back (backup/restoreLedger.ts keeps it).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { BackupError } from '../../../../shared/backup/backup';
import { isEncrypted, openBackup, previewRestore, restoreLedger, undoOffer, undoRestore, dismissUndo, type OpenedBackup, type RestorePreview, type UndoOffer } from '../../backup/restoreLedger';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useLinkActions } from '../link/linkActions';
import { useAppInfo, useConnectionList } from '../../queries';
import { fullDateTime, shortDay } from '../format';
import { plainError } from '../plainError';
import { ResultLine } from './BackupSection';

const count = new Intl.NumberFormat();

/** The tables' names in words; a table added later shows its own name until it gets one here. */
const TABLE_LABELS: Readonly<Record<string, string>> = {
  connections: 'Connections', cursors: 'Sync positions', accounts: 'Accounts', transactions: 'Transactions',
  syncRuns: 'Syncs', changeSets: 'Change history', suggestions: 'Suggested matches', meta: 'App state',
  rules: 'Category rules', heldUpdates: 'Held syncs', balanceChecks: 'Balance checks', balances: 'Balances',
  budgets: 'Budget amounts', budgetRollovers: 'Budget rollovers', transferDecisions: 'Transfer answers', recurringDecisions: 'Recurring answers',
};

type Step =
  | { kind: 'idle' }
  | { kind: 'passphrase'; fileName: string; bytes: Uint8Array; error: string | null; busy: boolean }
  | { kind: 'preview'; fileName: string; opened: OpenedBackup; preview: RestorePreview; busy: boolean; error: string | null }
  | { kind: 'done'; text: string; relink: boolean };

export function RestoreSection() {
  const { db, activity } = useLedgerline();
  const { addAccount } = useLinkActions();
  const info = useAppInfo();
  const connections = useConnectionList();
  const uid = useId();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [pass, setPass] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const [undoBusy, setUndoBusy] = useState(false);

  const readUndo = useCallback(() => undoOffer(db).then(setUndo, () => setUndo(null)), [db]);
  useEffect(() => void readUndo(), [readUndo]);

  const open = async (fileName: string, bytes: Uint8Array, passphrase?: string) => {
    const opened = await openBackup(db, bytes, passphrase);
    const preview = await previewRestore(db, opened, connections.data ?? []);
    setPass('');
    setStep({ kind: 'preview', fileName, opened, preview, busy: false, error: null });
  };

  const pick = async (file: File) => {
    setProblem(null);
    setStep({ kind: 'idle' });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (isEncrypted(bytes)) setStep({ kind: 'passphrase', fileName: file.name, bytes, error: null, busy: false });
      else await open(file.name, bytes);
    } catch (e) {
      setProblem(e instanceof BackupError ? e.message : `The file could not be read: ${plainError(e)}`);
    }
  };

  const unlock = async () => {
    if (step.kind !== 'passphrase') return;
    setStep({ ...step, busy: true, error: null });
    try {
      await open(step.fileName, step.bytes, pass);
    } catch (e) {
      const text = e instanceof BackupError && e.code === 'wrongPassphrase'
        ? 'That passphrase is not the one this backup was made with. Nothing was changed; try again.'
        : e instanceof BackupError ? e.message : plainError(e);
      setStep({ ...step, busy: false, error: text });
    }
  };

  const confirm = async () => {
    if (step.kind !== 'preview') return;
    if (activity.getState().running.size > 0) {
      setStep({ ...step, error: 'A sync is running. Wait for it to finish, then restore.' });
      return;
    }
    setStep({ ...step, busy: true, error: null });
    try {
      const r = await restoreLedger(db, step.opened, { appVersion: info.data?.version ?? 'unknown', now: () => new Date() });
      const missing = step.preview.connections.filter((c) => !c.signedInHere && !c.demo);
      setStep({
        kind: 'done',
        relink: missing.length > 0,
        text: `Restored ${count.format(r.rows)} rows from the backup of ${fullDateTime(step.preview.createdAt)} in ${(r.ms / 1000).toFixed(1)} s.`
          + (missing.length > 0 ? ` ${missing.map((c) => c.institutionName).join(', ')} ${missing.length === 1 ? 'needs' : 'need'} to be linked again on this computer (Add account) before ${missing.length === 1 ? 'it syncs' : 'they sync'}.` : ''),
      });
      await readUndo();
    } catch (e) {
      setStep({ ...step, busy: false, error: `Nothing was restored: ${plainError(e)}` });
    }
  };

  const runUndo = async () => {
    setUndoBusy(true);
    setProblem(null);
    try {
      await undoRestore(db);
      setStep({ kind: 'done', relink: false, text: 'The restore was undone: your ledger is back as it was before it.' });
    } catch (e) {
      setProblem(`The restore was not undone: ${plainError(e)}`);
    } finally {
      setUndoBusy(false);
      await readUndo();
    }
  };

  return (
    <div className="backup__block" data-testid="restore">
      <h4 className="backup__heading">Restore from a backup</h4>
      {undo && (
        <div className="settings-banner settings-banner--warn backup__undo" role="note" data-testid="restore-undo-offer">
          <div className="settings-banner__body">
            <p className="settings-banner__title">Restored the backup of {fullDateTime(undo.restoredFrom)}</p>
            <p>The ledger it replaced ({fullDateTime(undo.takenAt)}) is kept until you dismiss this.</p>
          </div>
          <div className="backup__undo-actions">
            <button type="button" className="button button--small" disabled={undoBusy} onClick={() => void runUndo()} data-testid="restore-undo">Undo restore</button>
            <button type="button" className="button button--ghost button--small" disabled={undoBusy} onClick={() => void dismissUndo(db).then(readUndo)}>Dismiss</button>
          </div>
        </div>
      )}
      <p className="field__hint">Replaces everything stored here with the backup. You can undo it afterwards.</p>
      <label className="button button--ghost backup__file">
        Choose a backup file…
        <input type="file" accept=".llbackup,application/vnd.ledgerline.backup" className="backup__file-input" data-testid="restore-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void pick(f);
          }} />
      </label>
      {problem && <ResultLine result={{ tone: 'error', text: problem }} testId="restore-problem" />}

      {step.kind === 'passphrase' && (
        <form className="backup__unlock" onSubmit={(e) => { e.preventDefault(); void unlock(); }} data-testid="restore-unlock">
          <p className="backup__file-name">{step.fileName} is encrypted.</p>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-pass`}>Its passphrase</label>
            <input className="field__input" id={`${uid}-pass`} type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)}
              data-testid="restore-passphrase" aria-invalid={step.error !== null} />
          </div>
          <div className="backup__actions">
            <button type="submit" className="button button--primary" disabled={step.busy || pass.length === 0} data-testid="restore-open">
              {step.busy ? 'Opening…' : 'Open backup'}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setStep({ kind: 'idle' })}>Cancel</button>
          </div>
          {step.error && <ResultLine result={{ tone: 'error', text: step.error }} testId="restore-error" />}
        </form>
      )}

      {step.kind === 'preview' && <Preview step={step} onConfirm={() => void confirm()} onCancel={() => setStep({ kind: 'idle' })} />}
      {step.kind === 'done' && <ResultLine result={{ tone: 'ok', text: step.text }} testId="restore-result" />}
      {step.kind === 'done' && step.relink && (
        <button type="button" className="button button--small backup__relink" onClick={addAccount} data-testid="restore-relink">Add account…</button>
      )}
    </div>
  );
}

function Preview({ step, onConfirm, onCancel }: { step: Extract<Step, { kind: 'preview' }>; onConfirm: () => void; onCancel: () => void }) {
  const p = step.preview;
  const missing = p.connections.filter((c) => !c.signedInHere);
  return (
    <div className="backup__preview" data-testid="restore-preview">
      <p className="backup__file-name">
        {step.fileName}: made {fullDateTime(p.createdAt)} by Ledgerline {p.appVersion}{p.encrypted ? ', encrypted' : ''}.
      </p>
      <dl className="backup__facts">
        <dt>Connections</dt>
        <dd data-testid="restore-preview-connections">{p.connections.length === 0 ? 'none' : p.connections.map((c) => c.institutionName).join(', ')}</dd>
        <dt>Accounts</dt>
        <dd>{count.format(p.accounts.inFile)} (now {count.format(p.accounts.now)})</dd>
        <dt>Transactions</dt>
        <dd data-testid="restore-preview-range">
          {count.format(p.transactions.live)}{p.transactions.from && p.transactions.to ? `, ${shortDay(p.transactions.from)} – ${shortDay(p.transactions.to)}` : ''}
        </dd>
      </dl>
      {missing.length > 0 && (
        <p className="result-line result-line--error" data-testid="restore-preview-relink">
          <span className="result-line__dot" aria-hidden="true" />
          <span>
            This computer has no sign-in for {missing.map((c) => c.institutionName).join(', ')} ({missing.some((c) => c.demo) ? 'demo connections are made again by demo mode' : 'link them again with Add account after restoring'}).
            Sign-ins are never in a backup; their history is restored and a new link continues it.
          </span>
        </p>
      )}
      <p className="field__hint backup__lead">Restoring replaces everything stored here now with the backup&rsquo;s rows:</p>
      <table className="backup__table" data-testid="restore-preview-table">
        <thead>
          <tr><th scope="col">What</th><th scope="col" className="backup__num">Now</th><th scope="col" className="backup__num">In the backup</th></tr>
        </thead>
        <tbody>
          {p.tables.filter((t) => t.now > 0 || t.inFile > 0).map((t) => (
            <tr key={t.name} data-table={t.name} data-now={t.now} data-in-file={t.inFile}>
              <th scope="row">{TABLE_LABELS[t.name] ?? t.name}</th>
              <td className="backup__num">{count.format(t.now)}</td>
              <td className="backup__num">{count.format(t.inFile)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="backup__actions">
        <button type="button" className="button button--danger-solid" disabled={step.busy} onClick={onConfirm} data-testid="restore-confirm">
          {step.busy ? 'Restoring…' : 'Replace my ledger with this backup'}
        </button>
        <button type="button" className="button button--ghost" disabled={step.busy} onClick={onCancel}>Cancel</button>
      </div>
      {step.error && <ResultLine result={{ tone: 'error', text: step.error }} testId="restore-error" />}
    </div>
  );
}
