/**
 * "Import file…" for one account (manual or synced): pick a file → (CSV) confirm its columns and
 * formats → a preview of every row, new or duplicate, and every unreadable line → Import, written
 * as one run (db/importFile.ts) that Changes lists and can undo. Nothing is written before the
 * last step; a file that cannot be read says why and writes nothing.
 */
import { useId, useRef, useState } from 'react';
import type { CsvSettings } from '../../../../shared/import/csv';
import type { DateOrder } from '../../../../shared/import/dates';
import { csvShapeKey, readImportFile, type ReadFileOptions, type ReadFileResult } from '../../../../shared/import/readFile';
import { formatMoney } from '../../../../shared/money';
import { commitImport, isSkipped, planImport, type ImportPlan } from '../../db/importFile';
import { reusableSettings, saveCsvSettings, savedCsvSettings } from '../../db/importMappings';
import type { AccountRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { shortDay } from '../format';
import { plainError } from '../plainError';
import { useModalDialog } from '../useModalDialog';
import { CsvMappingStep, EMPTY_MAPPING } from './CsvMappingStep';
import '../dialog.css';
import '../detail/detail.css';
import './import.css';

type Step = 'pick' | 'map' | 'preview';

const FORMAT_LABEL = { csv: 'CSV', ofx: 'OFX / QFX', qif: 'QIF' } as const;
/** Rows the preview lists; the counts always cover the whole file. */
const PREVIEW_ROWS = 300;

function verdictText(c: ImportPlan['candidates'][number]): { badge: string; cls: string; title: string } {
  const v = c.verdict;
  if (v === null) return { badge: 'New', cls: 'new', title: 'Will be imported' };
  if (v.kind === 'file') {
    return v.confidence === 'certain'
      ? { badge: 'In file twice', cls: 'dup', title: 'The same id appears earlier in this file: skipped' }
      : { badge: 'Alike in file', cls: 'maybe', title: 'Looks like another row of this file (two equal purchases?): imported' };
  }
  const m = c.match;
  const what = m ? `“${m.description}” on ${shortDay(m.date)}` : 'a stored row';
  return { badge: 'Duplicate', cls: 'dup', title: `Already in the account: ${what} (${v.confidence}): skipped` };
}

export function ImportDialog(props: { account: AccountRow; institution: string; onClose: (message: string | null) => void }) {
  const { account, institution, onClose } = props;
  const { db } = useLedgerline();
  const uid = useId();
  const [step, setStep] = useState<Step>('pick');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [read, setRead] = useState<ReadFileResult | null>(null);
  const [settings, setSettings] = useState<CsvSettings | null>(null);
  const [savedFrom, setSavedFrom] = useState<string | null>(null);
  const [qifOrder, setQifOrder] = useState<DateOrder | undefined>(undefined);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const close = () => {
    if (!busy) onClose(null);
  };
  const { ref, onCancel, onKeyDown } = useModalDialog(close);
  const options = (name: string, extra: Partial<ReadFileOptions> = {}): ReadFileOptions => ({ fileName: name, currency: account.currency, ...extra });

  const toPreview = async (result: ReadFileResult) => {
    setRead(result);
    if (result.fatal) {
      setError(result.fatal);
      return;
    }
    setPlan(await planImport(db, account.id, result.rows));
    setStep('preview');
  };

  const pick = async (chosen: File) => {
    setBusy(true);
    setError(null);
    setPlan(null);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      setFile({ name: chosen.name, bytes });
      let result = readImportFile(bytes, options(chosen.name));
      // A CSV whose rows do not read with the guessed columns still goes to the mapping step, where they can be fixed.
      const mappable = result.format === 'csv' && result.csv !== null && result.csv.columns.length >= 2;
      if (result.fatal && !mappable) {
        setRead(result);
        setError(result.fatal);
        return;
      }
      if (result.format === 'csv' && result.csv) {
        const saved = await savedCsvSettings(db, csvShapeKey(result.csv));
        if (saved) result = readImportFile(bytes, options(chosen.name, { csv: reusableSettings(saved.settings) }));
        setSavedFrom(saved ? saved.institution : null);
        const csv = result.csv!;
        setRead(result);
        setSettings(csv.settings ?? { delimiter: ',', headerRow: null, mapping: EMPTY_MAPPING, dateOrder: csv.dateDetection.suggested ?? 'MDY', decimalMark: csv.decimalDetection.mark, sign: 'inPositive' });
        setStep('map');
        return;
      }
      await toPreview(result);
    } catch (e) {
      setError(`Nothing was imported: ${plainError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const changeSettings = (next: CsvSettings) => {
    if (!file) return;
    setSettings(next);
    setRead(readImportFile(file.bytes, options(file.name, { csv: next })));
  };

  const confirmMapping = async () => {
    if (!file || !settings || !read?.csv) return;
    setBusy(true);
    try {
      const result = readImportFile(file.bytes, options(file.name, { csv: settings }));
      if (result.csv?.settings) await saveCsvSettings(db, csvShapeKey(result.csv), `${institution} · ${account.name}`, result.csv.settings);
      await toPreview(result);
    } catch (e) {
      setError(`Nothing was imported: ${plainError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const reread = async (extra: Partial<ReadFileOptions>) => {
    if (!file) return;
    setBusy(true);
    try {
      await toPreview(readImportFile(file.bytes, options(file.name, { ...(settings ? { csv: settings } : {}), dateOrder: qifOrder, ...extra })));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!file || !read || !plan) return;
    setBusy(true);
    setError(null);
    try {
      const done = await commitImport(db, { accountId: account.id, rows: read.rows, fileName: file.name, format: read.format, expectNew: plan.newCount });
      setBusy(false);
      onClose(`Imported ${done.added.toLocaleString()} transaction${done.added === 1 ? '' : 's'} into ${account.name}`
        + `${done.skipped > 0 ? ` (${done.skipped.toLocaleString()} duplicate${done.skipped === 1 ? '' : 's'} skipped)` : ''}. Undo it from Changes.`);
    } catch (e) {
      setError(`Nothing was imported: ${plainError(e)}`);
      setBusy(false);
    }
  };

  const mappingOk = settings !== null && (settings.mapping.amount !== null || settings.mapping.debit !== null || settings.mapping.credit !== null);
  const skipped = plan ? plan.candidates.filter((c) => isSkipped(c.verdict)).length : 0;
  return (
    <dialog ref={ref} className="dialog dialog--wide" aria-labelledby={`${uid}-title`} data-testid="import-dialog" data-step={step} onCancel={onCancel} onKeyDown={onKeyDown}>
      <form className="dialog__form" onSubmit={(e) => e.preventDefault()}>
        <h2 className="dialog__title" id={`${uid}-title`}>
          Import into {account.name}
          {file && <span className="import-file" data-testid="import-file-name">{file.name}{read && !read.fatal ? ` · ${FORMAT_LABEL[read.format]}` : ''}</span>}
        </h2>
        {step === 'pick' && (
          <>
            <p className="dialog__about">
              A CSV, OFX, QFX or QIF file from your bank. You see every row, and which ones are already here, before anything is imported;
              an import can be undone from Changes.
            </p>
            <input ref={inputRef} type="file" className="visually-hidden" accept=".csv,.txt,.ofx,.qfx,.qif,text/csv,application/x-ofx"
              data-testid="import-file-input" onChange={(e) => {
                const chosen = e.target.files?.[0];
                e.target.value = '';
                if (chosen) void pick(chosen);
              }} />
            <button type="button" className="button button--primary import-pick" onClick={() => inputRef.current?.click()} disabled={busy} autoFocus>
              {busy ? 'Reading…' : 'Choose a file…'}
            </button>
          </>
        )}
        {step === 'map' && read?.csv && settings && (
          <CsvMappingStep preview={read.csv} settings={settings} currency={account.currency} savedFrom={savedFrom} onChange={changeSettings} />
        )}
        {step === 'preview' && read && plan && (
          <div className="import-preview" data-testid="import-preview">
            <p className="import-summary" data-testid="import-summary" data-new={plan.newCount} data-skipped={skipped} data-errors={read.errors.length}>
              <span className="import-summary__count import-summary__count--new">{plan.newCount.toLocaleString()} new</span>
              <span className="import-summary__count import-summary__count--dup">{skipped.toLocaleString()} already here (skipped)</span>
              {read.errors.length > 0 && <span className="import-summary__count import-summary__count--err">{read.errors.length.toLocaleString()} unreadable</span>}
            </p>
            {read.format === 'ofx' && read.statements.length > 1 && (
              <label className="field import-inline-field">
                <span className="field__label">Statement</span>
                <select className="field__input" value={read.statement} onChange={(e) => void reread({ statement: Number(e.target.value) })}>
                  {read.statements.map((s, i) => <option key={i} value={i}>{`${s.kind === 'creditcard' ? 'Card' : 'Account'} ${s.accountId ?? i + 1} · ${s.currency} · ${s.rows} rows`}</option>)}
                </select>
              </label>
            )}
            {read.format === 'qif' && read.qif?.dateDetection.ambiguous && (
              <label className="field import-inline-field">
                <span className="field__label">Dates are</span>
                <select className="field__input" value={read.qif.dateOrder} data-testid="import-qif-date-order" onChange={(e) => {
                  const order = e.target.value as DateOrder;
                  setQifOrder(order);
                  void reread({ dateOrder: order });
                }}>
                  {read.qif.dateDetection.candidates.map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              </label>
            )}
            {read.warnings.length > 0 && (
              <ul className="import-warnings" data-testid="import-warnings">
                {read.warnings.map((w, i) => <li key={i}>{w.message}</li>)}
              </ul>
            )}
            <div className="import-preview__scroll">
              <table className="import-table" data-testid="import-preview-table">
                <thead>
                  <tr><th scope="col">Status</th><th scope="col">Date</th><th scope="col">Description</th><th scope="col" className="import-table__amount">Amount</th></tr>
                </thead>
                <tbody>
                  {plan.candidates.slice(0, PREVIEW_ROWS).map((c, i) => {
                    const v = verdictText(c);
                    return (
                      <tr key={i} className={isSkipped(c.verdict) ? 'import-table__row--skipped' : undefined} data-testid="import-preview-row" data-status={v.cls}>
                        <td><span className={`import-badge import-badge--${v.cls}`} title={v.title}>{v.badge}</span></td>
                        <td className="import-table__date">{shortDay(c.row.date)}</td>
                        <td className="import-table__desc" title={c.row.memo ?? undefined}>{c.row.description}</td>
                        <td className="import-table__amount"><span className={`amount${c.row.amountMinor > 0 ? ' amount--in' : ''}`}>{formatMoney(c.row.amountMinor, c.row.currency)}</span></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {plan.candidates.length > PREVIEW_ROWS && <p className="import-note">And {(plan.candidates.length - PREVIEW_ROWS).toLocaleString()} more rows.</p>}
            </div>
            {read.errors.length > 0 && (
              <details className="import-errors" data-testid="import-errors" open={read.rows.length === 0}>
                <summary>{read.errors.length.toLocaleString()} line{read.errors.length === 1 ? '' : 's'} could not be read and will not be imported</summary>
                <ul>
                  {read.errors.slice(0, 50).map((e, i) => (
                    <li key={i}><span className="import-errors__line">Line {e.line}</span> {e.message} <code className="import-errors__raw">{e.raw}</code></li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        {error && (
          <p className="result-line result-line--error" role="alert" data-testid="import-error">
            <span className="result-line__dot" aria-hidden="true" />
            <span>{error}</span>
          </p>
        )}
        <div className="dialog__actions">
          {step !== 'pick' && (
            <button type="button" className="button button--ghost" disabled={busy} onClick={() => {
              setError(null);
              setStep(step === 'preview' && read?.format === 'csv' ? 'map' : 'pick');
            }}>Back</button>
          )}
          <button type="button" className="button button--ghost" onClick={close} disabled={busy} data-testid="import-cancel">Cancel</button>
          {step === 'map' && (
            <button type="button" className="button button--primary" disabled={busy || !mappingOk} onClick={() => void confirmMapping()} data-testid="import-mapping-continue">
              Preview rows
            </button>
          )}
          {step === 'preview' && plan && (
            <button type="button" className="button button--primary" disabled={busy || plan.newCount === 0} onClick={() => void confirm()} data-testid="import-confirm">
              {busy ? 'Importing…' : plan.newCount === 0 ? 'Nothing new to import' : `Import ${plan.newCount.toLocaleString()} row${plan.newCount === 1 ? '' : 's'}`}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
