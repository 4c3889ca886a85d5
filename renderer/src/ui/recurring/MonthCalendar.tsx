/**
 * A month grid (Monday first) of expected occurrences: this month, or the next with the arrow.
 * Each day lists its series and amounts; today is marked.
 */
import { useMemo, useState } from 'react';
import { addDays, addMonths, upcoming, type Occurrence } from '../../../../shared/ledger/recurring';
import { formatMoney } from '../../../../shared/money';
import type { ResolvedSeries } from '../../ledger/recurring';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `active`: the series not dismissed. Days before today show what came (paid), the rest what is expected. */
export function MonthCalendar({ today, active }: { today: string; active: readonly ResolvedSeries[] }) {
  const [offset, setOffset] = useState(0);
  const first = addMonths(`${today.slice(0, 7)}-01`, offset, 1);
  const last = addDays(addMonths(first, 1, 1), -1);
  const cells = useMemo(() => monthCells(first), [first]);
  const series = useMemo(() => new Map(active.map((s) => [s.id, s])), [active]);
  const byDay = useMemo(() => {
    const m = new Map<string, (Occurrence & { paid: boolean })[]>();
    const add = (o: Occurrence, paid: boolean) => m.set(o.date, [...(m.get(o.date) ?? []), { ...o, paid }]);
    for (const o of upcoming(active, first > today ? first : today, last)) add(o, false);
    for (const s of active) {
      for (const date of s.recentDates) {
        if (date >= first && date <= last && date <= today) add({ seriesId: s.id, date, amountMinor: date === s.lastDate ? s.lastAmountMinor : s.nextAmountMinor, currency: s.currency }, true);
      }
    }
    return m;
  }, [active, first, last, today]);
  return (
    <section className="recurring-card calendar" aria-labelledby="calendar-title" data-testid="recurring-calendar">
      <header className="calendar__header">
        <h3 className="recurring-card__title" id="calendar-title">{monthTitle.format(new Date(`${first}T00:00:00Z`))}</h3>
        <span className="calendar__nav">
          <button type="button" className="button button--small button--ghost" aria-label="Previous month" disabled={offset === 0} onClick={() => setOffset((o) => o - 1)}>‹</button>
          <button type="button" className="button button--small button--ghost" aria-label="Next month" disabled={offset === 1} onClick={() => setOffset((o) => o + 1)}>›</button>
        </span>
      </header>
      <div className="calendar__grid" role="grid" aria-labelledby="calendar-title">
        <div className="calendar__week" role="row">
          {WEEKDAYS.map((d) => <span key={d} className="calendar__weekday" role="columnheader">{d}</span>)}
        </div>
        {chunk(cells, 7).map((week) => (
          <div key={week[0] ?? 'w'} className="calendar__week" role="row">
            {week.map((day) => {
              const inMonth = day.slice(0, 7) === first.slice(0, 7);
              const items = inMonth ? byDay.get(day) ?? [] : [];
              return (
                <div key={day} role="gridcell" className={`calendar__day${inMonth ? '' : ' is-outside'}${day === today ? ' is-today' : ''}`} data-date={day} data-testid={items.length > 0 ? 'calendar-day-with-items' : undefined}
                  aria-label={items.length > 0 ? `${day}: ${items.map((o) => `${series.get(o.seriesId)?.name ?? ''} ${formatMoney(o.amountMinor, o.currency)}`).join(', ')}` : undefined}>
                  <span className="calendar__num">{Number(day.slice(8, 10))}</span>
                  {items.slice(0, 2).map((o) => (
                    <span key={o.seriesId} className={`calendar__item${o.amountMinor > 0 ? ' is-in' : ''}${o.paid ? ' is-paid' : ''}`} title={`${series.get(o.seriesId)?.name ?? ''} ${formatMoney(o.amountMinor, o.currency)}${o.paid ? ' (came)' : ' (expected)'}`}>
                      {series.get(o.seriesId)?.name}
                    </span>
                  ))}
                  {items.length > 2 && <span className="calendar__more">+{items.length - 2}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}

/** Every day shown for the month of `first` (YYYY-MM-01): whole weeks, Monday to Sunday. */
function monthCells(first: string): string[] {
  const start = new Date(`${first}T00:00:00Z`);
  const lead = (start.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
  const total = Math.ceil((lead + days) / 7) * 7;
  return Array.from({ length: total }, (_, i) => new Date(start.getTime() + (i - lead) * 86_400_000).toISOString().slice(0, 10));
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
