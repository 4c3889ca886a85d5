/**
 * One chart: a heading, a one-sentence summary (what a screen reader hears for the picture), the
 * chart, and its numbers as a table — shown on demand; its row buttons are the keyboard path to
 * "show these transactions".
 */
import { useId, useState, type ReactNode } from 'react';

interface Props {
  title: string;
  summary: string;
  /** A short note under the heading (what counts). */
  hint?: string;
  table: ReactNode;
  testId: string;
  children: ReactNode;
  wide?: boolean;
  /** Nothing to draw: this sentence instead of the chart and its table. */
  empty?: string | null;
}

export function ChartCard({ title, summary, hint, table, testId, children, wide = false, empty = null }: Props) {
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <section className={`chart-card${wide ? ' chart-card--wide' : ''}`} aria-labelledby={`${id}-title`} data-testid={testId}>
      <header className="chart-card__header">
        <div className="chart-card__heading">
          <h3 className="chart-card__title" id={`${id}-title`}>{title}</h3>
          {hint && <p className="chart-card__hint">{hint}</p>}
        </div>
        {empty === null && (
          <button
            type="button"
            className="button button--ghost button--small chart-card__toggle"
            aria-expanded={showTable}
            aria-controls={`${id}-table`}
            onClick={() => setShowTable((v) => !v)}
            data-testid="chart-table-toggle"
          >
            {showTable ? 'Hide table' : 'Show table'}
          </button>
        )}
      </header>
      {empty !== null ? <p className="chart-card__empty" data-testid="chart-empty">{empty}</p> : (
        <>
          <p className="visually-hidden" id={`${id}-summary`}>{summary}</p>
          <figure className="chart-card__figure" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
            {children}
          </figure>
          <div className="chart-card__table" id={`${id}-table`} hidden={!showTable}>
            {table}
          </div>
        </>
      )}
    </section>
  );
}
