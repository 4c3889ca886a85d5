import { useState, type ReactNode } from 'react';

/** How many items a section shows before "Show all". */
const PREVIEW = 6;

/** One kind of change within a run ("Posted", "Updated", …), long lists folded. */
export function RunSection<T>(props: { title: string; tone: string; items: readonly T[]; render: (item: T) => ReactNode; note?: string }) {
  const { title, tone, items, render, note } = props;
  const [all, setAll] = useState(false);
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, PREVIEW);
  return (
    <section className={`run__section run__section--${tone}`} aria-label={title}>
      <h4 className="run__section-title">
        <span className="run__section-dot" aria-hidden="true" />
        {title}
        <span className="run__section-count">{items.length}</span>
        {note && <span className="run__section-note">{note}</span>}
      </h4>
      <ul className="run__list">{shown.map(render)}</ul>
      {items.length > PREVIEW && (
        <button type="button" className="run__more" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      )}
    </section>
  );
}
