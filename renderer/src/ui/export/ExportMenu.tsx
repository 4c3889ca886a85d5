/**
 * "Export…" in the transactions header: a modal dialog to export the current filter or everything
 * as CSV (spreadsheets) or OFX (money apps), saved through the system save dialog (Electron) or as
 * a download (browser host). Shows progress for big exports and what happened afterwards.
 */
import { useContext, useEffect, useId, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { EXPORT_MAX_CHARS } from '../../../../shared/ipc/contract';
import { parseSearch } from '../../../../shared/search/parseSearch';
import { buildExport, ExportCancelled, exportFileName, type ExportFormat, type ExportProgress } from '../../export/buildExport';
import { useLedgerline } from '../../hooks/useLedgerline';
import { LedgerIndexContext } from '../../index/client';
import { isFilterActive } from '../../index/ledgerIndex';
import { FilterContext } from '../../search/FilterContext';
import { EMPTY_FILTER, type TxFilter } from '../../search/filter';
import { useModalDialog } from '../useModalDialog';
import '../dialog.css';
import './export.css';
import { liveRowCount } from '../../db/liveCount';

export function ExportMenu() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--ghost export-button" onClick={() => setOpen(true)} aria-haspopup="dialog" title="Export transactions as CSV or OFX" data-testid="export-open">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
          <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11.5v2h11v-2" />
        </svg>
        <span className="export-button__label">Export…</span>
      </button>
      {open && <ExportDialog onClose={() => setOpen(false)} />}
    </>
  );
}

type Scope = 'filter' | 'all';
type Outcome =
  | { kind: 'saved'; text: string; fileName: string; after: string }
  | { kind: 'cancelled'; text: string }
  | { kind: 'error'; text: string };

const n = (count: number) => count.toLocaleString();
const txWord = (count: number) => (count === 1 ? 'transaction' : 'transactions');

function isActive(filter: TxFilter): boolean {
  return isFilterActive(filter, parseSearch(filter.text));
}

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const { db, api } = useLedgerline();
  const index = useContext(LedgerIndexContext);
  const filter = useContext(FilterContext)?.filter ?? EMPTY_FILTER;
  const filtered = index !== null && isActive(filter);
  const uid = useId();

  const [format, setFormat] = useState<ExportFormat>('csv');
  const [scope, setScope] = useState<Scope>(filtered ? 'filter' : 'all');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [filterCount, setFilterCount] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const running = progress !== null;

  const total = useLiveQuery(() => liveRowCount(db), [db]);
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);

  useEffect(() => {
    if (!filtered || !index) return;
    let live = true;
    index.search(filter).then(
      (r) => live && setFilterCount(r.count),
      () => live && setFilterCount(null),
    );
    return () => {
      live = false;
    };
  }, [filtered, index, filter]);

  const close = () => {
    if (running) abort.current?.abort();
    else onClose();
  };
  const { ref, onCancel, onKeyDown } = useModalDialog(close);

  const investmentIds = new Set((accounts ?? []).filter((a) => a.kind === 'investment').map((a) => a.id));
  const scopeAccounts = scope === 'filter' && filter.accountIds.length > 0 ? filter.accountIds : [...investmentIds];
  const investment = scopeAccounts.some((id) => investmentIds.has(id));

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setOutcome(null);
    setProgress({ done: 0, total: scope === 'filter' ? (filterCount ?? 0) : (total ?? 0) });
    try {
      let target: Parameters<typeof buildExport>[1]['scope'] = { kind: 'all' };
      if (scope === 'filter') {
        if (!index) throw new Error('The search index is not available.');
        const result = await index.search(filter);
        target = { kind: 'ids', ids: result.ids };
      }
      const built = await buildExport(db, { format, scope: target, investment, onProgress: setProgress, signal: controller.signal });
      if (controller.signal.aborted) throw new ExportCancelled();
      if (built.written === 0) {
        setOutcome({ kind: 'error', text: format === 'ofx' ? `Nothing to export: OFX leaves out pending transactions and brokerage accounts${skippedText(built)}.` : 'Nothing to export: no transactions in this selection.' });
        return;
      }
      if (built.content.length > EXPORT_MAX_CHARS) {
        setOutcome({ kind: 'error', text: 'This export is larger than 200 MB. Narrow the filter (a date range, say) and export it in parts.' });
        return;
      }
      const saved = await api.saveExport({ suggestedName: exportFileName(format, target.kind === 'ids'), format, content: built.content });
      if (saved.saved) {
        setOutcome({ kind: 'saved', text: `Saved ${n(built.written)} ${txWord(built.written)} to `, fileName: saved.fileName ?? 'the file', after: `${skippedText(built)}.` });
      } else if (saved.message) {
        setOutcome({ kind: 'error', text: saved.message });
      } else {
        setOutcome({ kind: 'cancelled', text: 'Export cancelled: nothing was saved.' });
      }
    } catch (e) {
      if (e instanceof ExportCancelled) setOutcome({ kind: 'cancelled', text: 'Export cancelled: nothing was saved.' });
      else setOutcome({ kind: 'error', text: `Export failed: ${e instanceof Error ? e.message : String(e)}. Try again; if it keeps failing, export a smaller selection.` });
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  const filterLabel = filterCount === null ? 'Current filter' : `Current filter (${n(filterCount)} ${txWord(filterCount)})`;
  const allLabel = total === undefined ? 'Everything' : `Everything (${n(total)} ${txWord(total)})`;
  const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;

  return (
    <dialog ref={ref} className="dialog export-dialog" aria-labelledby={`${uid}-title`} aria-describedby={`${uid}-about`} data-testid="export-dialog" onCancel={onCancel} onKeyDown={onKeyDown}>
      <form
        method="dialog"
        className="dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) void run();
        }}
      >
        <h2 className="dialog__title" id={`${uid}-title`}>Export transactions</h2>
        <p className="dialog__about" id={`${uid}-about`}>
          The file is made on this computer from your saved transactions; nothing is sent anywhere.
        </p>
        <fieldset className="dialog__choices" disabled={running}>
          <legend className="dialog__legend">Format</legend>
          <label className="choice">
            <input type="radio" name="format" value="csv" checked={format === 'csv'} onChange={() => setFormat('csv')} autoFocus data-testid="export-format-csv" />
            <span className="choice__text">
              <span className="choice__label">CSV — spreadsheets</span>
              <span className="choice__hint">Every transaction, pending ones too, with category, account and note. Opens in Excel, Numbers, LibreOffice.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="format" value="ofx" checked={format === 'ofx'} onChange={() => setFormat('ofx')} data-testid="export-format-ofx" />
            <span className="choice__text">
              <span className="choice__label">OFX — money apps</span>
              <span className="choice__hint">For Quicken, GnuCash, Moneydance. Posted transactions of bank and card accounts only: pending ones are left out (OFX has no pending state), and so are brokerage accounts (use CSV for those).</span>
            </span>
          </label>
        </fieldset>
        <fieldset className="dialog__choices" disabled={running}>
          <legend className="dialog__legend">Which transactions</legend>
          <label className="choice">
            <input type="radio" name="scope" value="filter" checked={scope === 'filter'} onChange={() => setScope('filter')} disabled={!filtered} data-testid="export-scope-filter" />
            <span className="choice__text">
              <span className="choice__label">{filterLabel}</span>
              <span className="choice__hint">{filtered ? 'What the list shows now, with your search and filters.' : 'No search or filter is set.'}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} data-testid="export-scope-all" />
            <span className="choice__text">
              <span className="choice__label">{allLabel}</span>
              <span className="choice__hint">Every account, every date.</span>
            </span>
          </label>
        </fieldset>
        {progress && (
          <div className="export-progress" data-testid="export-progress">
            <progress className="export-progress__bar" max={100} value={percent} aria-labelledby={`${uid}-progress`} />
            <span className="export-progress__text" id={`${uid}-progress`} role="status">
              Reading {n(progress.done)} of {n(progress.total)}…
            </span>
          </div>
        )}
        {outcome && (
          <p className={`result-line ${outcome.kind === 'saved' ? 'result-line--ok' : outcome.kind === 'error' ? 'result-line--error' : 'result-line--muted'}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="export-result">
            <span className="result-line__dot" aria-hidden="true" />
            <span>
              {outcome.text}
              {outcome.kind === 'saved' && (
                <>
                  <span className="export-result__file">{outcome.fileName}</span>
                  {outcome.after}
                </>
              )}
            </span>
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={close} data-testid="export-cancel">
            {running ? 'Stop' : outcome?.kind === 'saved' ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="button button--primary" disabled={running || (scope === 'filter' && !filtered)} data-testid="export-confirm">
            {running ? 'Exporting…' : `Export ${format.toUpperCase()}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function skippedText(b: { skippedPending: number; skippedInvestment: number }): string {
  const parts: string[] = [];
  if (b.skippedPending > 0) parts.push(`${n(b.skippedPending)} pending`);
  if (b.skippedInvestment > 0) parts.push(`${n(b.skippedInvestment)} brokerage`);
  const count = b.skippedPending + b.skippedInvestment;
  return parts.length ? ` (${parts.join(' and ')} ${txWord(count)} left out)` : '';
}
