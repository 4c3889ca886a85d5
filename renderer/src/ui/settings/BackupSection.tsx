/**
 * Settings → Backup: "Back up now" (the whole ledger in one file, optionally encrypted with a
 * passphrase typed twice, with a strength hint; how many rows and how long it took) and the
 * automatic daily backups (Electron: a folder main keeps, how many to keep, the last result and,
 * when it failed, what to do). Restoring is RestoreSection.tsx.
 */
import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_AUTO_BACKUP_KEEP, MAX_AUTO_BACKUP_KEEP } from '../../../../shared/backup/autoBackup';
import type { AutoBackupView } from '../../../../shared/ipc/contract';
import { backupFileName, dumpLedger } from '../../backup/dumpLedger';
import { backupQueries, useAutoBackupView } from '../../backup/backupQueries';
import { passphraseStrength } from '../../backup/passphraseStrength';
import { downloadBackupBytes } from '../../backup/downloadBackup';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useAppInfo } from '../../queries';
import { fullDateTime } from '../format';
import { plainError } from '../plainError';
import { RestoreSection } from './RestoreSection';
import './backup.css';

const count = new Intl.NumberFormat();
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;

type Result = { tone: 'ok' | 'error'; text: string };

export function BackupSection() {
  return (
    <section className="settings-card backup" aria-labelledby="backup-title" data-testid="backup-section">
      <h3 className="settings-card__title" id="backup-title">Backup and restore</h3>
      <p className="settings-card__about">
        One file holds your whole ledger: every transaction, note, category, rule, budget and each connection&rsquo;s
        sync position. Your bank sign-ins and API keys stay in this computer&rsquo;s keychain and are never in a backup.
      </p>
      <BackupNow />
      <AutoBackups />
      <RestoreSection />
    </section>
  );
}

function BackupNow() {
  const { api, db } = useLedgerline();
  const info = useAppInfo();
  const uid = useId();
  const [encrypt, setEncrypt] = useState(true);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const strength = passphraseStrength(pass);
  const mismatch = encrypt && again.length > 0 && again !== pass;
  const ready = !encrypt || (pass.length > 0 && pass === again);

  const backUp = async () => {
    setResult(null);
    setProgress('Reading the ledger…');
    try {
      const dump = await dumpLedger(db, {
        appVersion: info.data?.version ?? 'unknown',
        now: () => new Date(),
        ...(encrypt ? { passphrase: pass } : {}),
        onProgress: (done, total) => setProgress(`Reading ${count.format(done)} of ${count.format(total)} rows…`),
      });
      setProgress('Saving…');
      const name = backupFileName(new Date());
      // The browser host downloads in the page: straight from the bytes. Electron hands main the text.
      const saved = info.data?.host === 'browser'
        ? await downloadBackupBytes(name, dump.bytes)
        : await api.saveBackup({ suggestedName: name, content: new TextDecoder().decode(dump.bytes) });
      if (saved.saved) {
        setResult({ tone: 'ok', text: `Backed up ${count.format(dump.rows)} rows (${megabytes(dump.bytes.length)}${encrypt ? ', encrypted' : ''}) in ${seconds(dump.ms)} to ${saved.fileName ?? 'the file'}.` });
        setPass('');
        setAgain('');
      } else if (saved.message) setResult({ tone: 'error', text: saved.message });
    } catch (e) {
      setResult({ tone: 'error', text: `No backup was made: ${plainError(e)}` });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="backup__block" data-testid="backup-now">
      <h4 className="backup__heading">Back up now</h4>
      <label className="backup__check">
        <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} data-testid="backup-encrypt" />
        Protect the file with a passphrase
      </label>
      {encrypt && (
        <div className="backup__pass">
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-pass`}>Passphrase</label>
            <input className="field__input" id={`${uid}-pass`} type="password" autoComplete="new-password" value={pass}
              onChange={(e) => setPass(e.target.value)} data-testid="backup-passphrase" aria-describedby={`${uid}-strength`} />
            <p className={`field__hint backup__strength backup__strength--${strength.strength}`} id={`${uid}-strength`} data-testid="backup-strength" aria-live="polite">
              {strength.hint || 'Without it the file cannot be opened — Ledgerline cannot recover a forgotten passphrase.'}
            </p>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-again`}>Type it again</label>
            <input className="field__input" id={`${uid}-again`} type="password" autoComplete="new-password" value={again}
              onChange={(e) => setAgain(e.target.value)} data-testid="backup-passphrase-again" aria-invalid={mismatch} />
            {mismatch && <p className="field__error" role="alert">The two passphrases differ.</p>}
          </div>
        </div>
      )}
      <div className="backup__actions">
        <button type="button" className="button button--primary" disabled={!ready || progress !== null} onClick={() => void backUp()} data-testid="backup-now-button">
          Back up now…
        </button>
        {progress && <span className="backup__progress" role="status" data-testid="backup-progress">{progress}</span>}
      </div>
      {result && <ResultLine result={result} testId="backup-result" />}
    </div>
  );
}

function AutoBackups() {
  const { api } = useLedgerline();
  const queryClient = useQueryClient();
  const auto = useAutoBackupView();
  const uid = useId();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Result | null>(null);
  const view = auto.data;
  const put = (v: AutoBackupView) => void queryClient.setQueryData(backupQueries.auto().queryKey, v);

  const act = async (run: () => Promise<void>) => {
    setBusy(true);
    setNote(null);
    try {
      await run();
    } catch (e) {
      setNote({ tone: 'error', text: plainError(e) });
    } finally {
      setBusy(false);
    }
  };
  const choose = () => act(async () => {
    const r = await api.chooseBackupFolder();
    put(r.view);
    if (r.message) setNote({ tone: 'error', text: r.message });
  });
  const set = (enabled: boolean, keep: number) => act(async () => {
    put(await api.setAutoBackup({ enabled, keep }));
  });

  return (
    <div className="backup__block" data-testid="auto-backup">
      <h4 className="backup__heading">Automatic backups</h4>
      {!view && auto.isError && <p className="field__hint">Could not read the automatic backup settings: {plainError(auto.error)}</p>}
      {view && !view.available && (
        <p className="field__hint" data-testid="auto-backup-unavailable">
          Daily backups to a folder you choose run in the desktop app. Here, use Back up now.
        </p>
      )}
      {view?.available && (
        <>
          <p className="field__hint">
            Once a day while Ledgerline is open, an unencrypted backup goes to the folder you choose (keep it on another
            disk or a synced folder). The oldest are deleted beyond the number you keep.
          </p>
          <div className="backup__row">
            <span className="backup__folder" data-testid="auto-backup-folder">{view.folder ?? 'No folder chosen'}</span>
            <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void choose()} data-testid="auto-backup-choose">
              {view.folder ? 'Change folder…' : 'Choose folder…'}
            </button>
          </div>
          <div className="backup__row">
            <label className="backup__check">
              <input type="checkbox" checked={view.enabled} disabled={busy || !view.folder} onChange={(e) => void set(e.target.checked, view.keep)} data-testid="auto-backup-enabled" />
              Back up every day
            </label>
            <label className="backup__keep" htmlFor={`${uid}-keep`}>
              Keep the last
              <input className="field__input backup__keep-input" id={`${uid}-keep`} type="number" min={1} max={MAX_AUTO_BACKUP_KEEP}
                defaultValue={view.keep || DEFAULT_AUTO_BACKUP_KEEP} disabled={busy}
                onBlur={(e) => {
                  const keep = Math.round(Number(e.target.value));
                  if (keep >= 1 && keep <= MAX_AUTO_BACKUP_KEEP && keep !== view.keep) void set(view.enabled, keep);
                }} data-testid="auto-backup-keep" />
            </label>
          </div>
          {view.lastSuccessAt && (
            <p className="field__hint" data-testid="auto-backup-last">Last automatic backup: {fullDateTime(view.lastSuccessAt)} ({view.lastFile})</p>
          )}
          {view.lastError && (
            <div className="settings-banner settings-banner--error" role="alert" data-testid="auto-backup-error">
              <div className="settings-banner__body">
                <p className="settings-banner__title">The automatic backup on {fullDateTime(view.lastError.at)} failed</p>
                <p>{view.lastError.message}</p>
              </div>
            </div>
          )}
        </>
      )}
      {note && <ResultLine result={note} testId="auto-backup-note" />}
    </div>
  );
}

export function ResultLine({ result, testId }: { result: Result; testId: string }) {
  return (
    <p className={`result-line result-line--${result.tone}`} role={result.tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="result-line__dot" aria-hidden="true" />
      <span>{result.text}</span>
    </p>
  );
}
