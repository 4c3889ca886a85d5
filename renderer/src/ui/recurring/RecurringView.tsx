/**
 * Recurring: the series Ledgerline found in the ledger (rent, paydays, subscriptions, bills), each
 * with its cadence, next date and amount, and its flags (missed, changed amount); the next 30 days
 * as a list and a month calendar; confirm, edit (amount, cadence) or dismiss each series. The
 * series come from the ledger index worker (usePatterns), recomputed after every sync, undo, edit
 * or answer; the answers are stored (db/recurringDecisions.ts), never the detections.
 */
import { useMemo, useState } from 'react';
import { localDate } from '../../../../shared/isoDate';
import { addDays, CADENCE_LABEL, CADENCES, upcoming, type Cadence, type Occurrence } from '../../../../shared/ledger/recurring';
import { formatMoney, toDecimalString } from '../../../../shared/money';
import { answerRecurring, restoreRecurring } from '../../db/recurringDecisions';
import type { ResolvedSeries } from '../../ledger/recurring';
import { useAccountNames } from '../../hooks/useAccountNames';
import { useLedgerline } from '../../hooks/useLedgerline';
import { usePatterns } from '../../hooks/usePatterns';
import { shortDay } from '../format';
import { Money } from '../Money';
import { Spinner } from '../Spinner';
import { MonthCalendar } from './MonthCalendar';
import { changedText, parseAmount } from './recurringText';
import './recurring.css';

export const UPCOMING_DAYS = 30;

export function RecurringView() {
  const { patterns, error } = usePatterns();
  const { db } = useLedgerline();
  const [notice, setNotice] = useState<{ text: string; undo: () => Promise<void> } | null>(null);
  const today = patterns?.today ?? localDate(new Date());
  const series = patterns?.recurring;
  const active = useMemo(() => (series ?? []).filter((s) => s.status !== 'dismissed'), [series]);
  const dismissed = useMemo(() => (series ?? []).filter((s) => s.status === 'dismissed'), [series]);
  const soon = useMemo(() => upcoming(active, today, addDays(today, UPCOMING_DAYS)), [active, today]);
  const byId = useMemo(() => new Map((series ?? []).map((s) => [s.id, s])), [series]);

  const answer = async (s: ResolvedSeries, kind: 'confirm' | 'dismiss' | 'reset', text: string) => {
    const before = await answerRecurring(db, s.id, { kind });
    setNotice({ text, undo: () => restoreRecurring(db, s.id, before) });
  };
  const save = async (s: ResolvedSeries, amountMinor: number | null, cadence: Cadence | null) => {
    const before = await answerRecurring(db, s.id, { kind: 'edit', amountMinor, cadence });
    setNotice({ text: `Saved ${s.name}`, undo: () => restoreRecurring(db, s.id, before) });
  };

  return (
    <section className="recurring" aria-labelledby="recurring-title" data-testid="recurring-view" aria-busy={!patterns && !error}>
      <header className="recurring__header">
        <div>
          <h2 className="recurring__title" id="recurring-title">Recurring</h2>
          {series && (
            <p className="recurring__summary" data-testid="recurring-summary">
              {active.length} recurring {active.length === 1 ? 'series' : 'series'} · next {UPCOMING_DAYS} days: {totalsText(soon)}
            </p>
          )}
        </div>
      </header>
      {notice && (
        <p className="recurring__notice" role="status" data-testid="recurring-notice">
          {notice.text}
          <button type="button" className="link-button" data-testid="recurring-undo" onClick={() => void notice.undo().then(() => setNotice(null))}>Undo</button>
        </p>
      )}
      {!series && !error && (
        <div className="empty" data-testid="recurring-loading">
          <Spinner size="md" />
          <p className="empty__title">Looking for recurring payments…</p>
        </div>
      )}
      {error && (
        <div className="empty" role="alert" data-testid="recurring-error">
          <p className="empty__title">Couldn&rsquo;t look for recurring payments</p>
          <p className="empty__detail">{error}</p>
        </div>
      )}
      {series && active.length === 0 && (
        <div className="empty" data-testid="recurring-empty">
          <p className="empty__title">No recurring payments yet</p>
          <p className="empty__detail">Rent, paydays, bills and subscriptions appear here once there are a few months of them.</p>
        </div>
      )}
      {active.length > 0 && (
        <div className="recurring__top">
          <section className="recurring-card" aria-labelledby="upcoming-title" data-testid="recurring-upcoming">
            <h3 className="recurring-card__title" id="upcoming-title">Upcoming · next {UPCOMING_DAYS} days</h3>
            {soon.length === 0 ? <p className="recurring__muted">Nothing expected.</p> : (
              <ul className="upcoming">
                {soon.map((o) => {
                  const s = byId.get(o.seriesId);
                  return (
                    <li key={`${o.seriesId}|${o.date}`} className="upcoming__row" data-testid="upcoming-row" data-series-id={o.seriesId} data-date={o.date}>
                      <time className="upcoming__date" dateTime={o.date}>{shortDay(o.date)}</time>
                      <span className="upcoming__name">{s?.name}</span>
                      <Money minor={o.amountMinor} currency={o.currency} className="upcoming__amount" />
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <MonthCalendar today={today} active={active} />
        </div>
      )}
      {active.length > 0 && (
        <section className="recurring-card" aria-labelledby="series-title">
          <h3 className="recurring-card__title" id="series-title">All recurring</h3>
          <div className="series-table" role="table" aria-label="Recurring series" data-testid="series-table">
            <div className="series-row series-row--head" role="row">
              <span role="columnheader">Name</span>
              <span role="columnheader">Cadence</span>
              <span role="columnheader" className="series-row__num">Last</span>
              <span role="columnheader" className="series-row__num">Next</span>
              <span role="columnheader"><span className="visually-hidden">Actions</span></span>
            </div>
            {active.map((s) => <SeriesRow key={s.id} s={s} today={today} onAnswer={answer} onSave={save} />)}
          </div>
        </section>
      )}
      {dismissed.length > 0 && (
        <details className="recurring-card recurring__dismissed" data-testid="recurring-dismissed">
          <summary>Dismissed ({dismissed.length})</summary>
          <ul className="upcoming">
            {dismissed.map((s) => (
              <li key={s.id} className="upcoming__row" data-testid="dismissed-row" data-series-id={s.id}>
                <span className="upcoming__name">{s.name} · {CADENCE_LABEL[s.cadence]}</span>
                <button type="button" className="link-button" onClick={() => void answer(s, 'reset', `Restored ${s.name}`)}>Restore</button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function totalsText(occurrences: readonly Occurrence[]): string {
  if (occurrences.length === 0) return 'nothing expected';
  const by = new Map<string, { out: number; in: number }>();
  for (const o of occurrences) {
    const t = by.get(o.currency) ?? { out: 0, in: 0 };
    if (o.amountMinor < 0) t.out += -o.amountMinor;
    else t.in += o.amountMinor;
    by.set(o.currency, t);
  }
  // One part per currency: never added across currencies.
  return [...by].map(([c, t]) => [t.out > 0 ? `${formatMoney(t.out, c)} out` : '', t.in > 0 ? `${formatMoney(t.in, c)} in` : ''].filter(Boolean).join(', ')).join(' · ');
}

function SeriesRow({ s, today, onAnswer, onSave }: {
  s: ResolvedSeries;
  today: string;
  onAnswer: (s: ResolvedSeries, kind: 'confirm' | 'dismiss' | 'reset', text: string) => Promise<void>;
  onSave: (s: ResolvedSeries, amountMinor: number | null, cadence: Cadence | null) => Promise<void>;
}) {
  const accounts = useAccountNames();
  const [editing, setEditing] = useState(false);
  const changed = changedText(s);
  const overdue = s.missedDate !== null;
  return (
    <div className="series-row" role="row" data-testid="series-row" data-series-id={s.id} data-cadence={s.cadence} data-next-date={s.nextDate} data-status={s.status}>
      <span role="cell" className="series-row__name">
        <span className="series-row__title">
          {s.name}
          {s.status === 'confirmed' && <span className="badge badge--confirmed" data-testid="series-confirmed">Confirmed</span>}
          {overdue && <span className="badge badge--missed" data-testid="series-missed" title={`Expected ${shortDay(s.missedDate ?? '')}; no charge came`}>Missed</span>}
          {changed && <span className="badge badge--changed" data-testid="series-changed-badge">{(s.direction === 'out') === ((s.changedByMinor ?? 0) < 0) ? 'Price up' : 'Price down'}</span>}
        </span>
        <span className="series-row__sub">
          {accounts.get(s.accountId) ?? ''} · {s.count} so far{s.gaps > 0 ? ` · ${s.gaps} skipped` : ''}
        </span>
        {overdue && <span className="series-row__flag" data-testid="series-missed-text">Expected {shortDay(s.missedDate ?? '')} — no {s.direction === 'out' ? 'charge' : 'payment'} came</span>}
        {changed && <span className="series-row__flag" data-testid="series-changed">{changed}</span>}
      </span>
      <span role="cell" className="series-row__cadence">{CADENCE_LABEL[s.cadence]}{s.edited && s.cadence !== s.detectedCadence ? ' (edited)' : ''}</span>
      <span role="cell" className="series-row__last series-row__num">
        <span>{shortDay(s.lastDate)}</span>
        <Money minor={s.lastAmountMinor} currency={s.currency} />
      </span>
      <span role="cell" className="series-row__next series-row__num">
        <time dateTime={s.nextDate} data-testid="series-next-date">{s.nextDate === today ? 'Today' : shortDay(s.nextDate)}</time>
        <Money minor={s.nextAmountMinor} currency={s.currency} />
      </span>
      <span role="cell" className="series-row__actions">
        {s.status !== 'confirmed' && (
          <button type="button" className="button button--small" data-testid="series-confirm" onClick={() => void onAnswer(s, 'confirm', `Confirmed ${s.name}`)}>Confirm</button>
        )}
        <button type="button" className="button button--small button--ghost" data-testid="series-edit" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>Edit</button>
        <button type="button" className="button button--small button--ghost" data-testid="series-dismiss" onClick={() => void onAnswer(s, 'dismiss', `Dismissed ${s.name}`)}>Dismiss</button>
      </span>
      {editing && <SeriesEditor s={s} onCancel={() => setEditing(false)} onSave={(a, c) => void onSave(s, a, c).then(() => setEditing(false))} />}
    </div>
  );
}

function SeriesEditor({ s, onCancel, onSave }: { s: ResolvedSeries; onCancel: () => void; onSave: (amountMinor: number | null, cadence: Cadence | null) => void }) {
  const [amount, setAmount] = useState(toDecimalString(Math.abs(s.nextAmountMinor), s.currency));
  const [cadence, setCadence] = useState<Cadence>(s.cadence);
  const parsed = parseAmount(amount, s.currency);
  return (
    <form
      className="series-editor"
      data-testid="series-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed === null) return;
        const signed = s.direction === 'out' ? -parsed : parsed;
        onSave(signed === s.detectedAmountMinor ? null : signed, cadence === s.detectedCadence ? null : cadence);
      }}
    >
      <label>
        Amount ({s.currency})
        <input className="series-editor__amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={parsed === null} data-testid="series-edit-amount" />
      </label>
      <label>
        Cadence
        <select value={cadence} onChange={(e) => setCadence(e.target.value as Cadence)} data-testid="series-edit-cadence">
          {CADENCES.map((c) => <option key={c} value={c}>{CADENCE_LABEL[c]}</option>)}
        </select>
      </label>
      <button type="submit" className="button button--primary button--small" disabled={parsed === null} data-testid="series-edit-save">Save</button>
      <button type="button" className="button button--small button--ghost" onClick={onCancel}>Cancel</button>
    </form>
  );
}
