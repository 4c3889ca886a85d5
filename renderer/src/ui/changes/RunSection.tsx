import { useRef, useState, type ReactNode, type Ref } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** What a list gives each row so that a virtualized list can measure and place it. */
export interface RowSlot {
  ref?: Ref<HTMLLIElement>;
  index?: number;
}

/** Up to this many rows a list renders whole; longer ones render only what is in view. */
const PLAIN_MAX = 20;

/**
 * A list of change rows of any length: whole when short; else a scroll box of its own that
 * renders only the rows in view, so "Show all" on 10,000 rows costs what 20 do.
 */
export function ChangeList<T>({ items, render, label }: { items: readonly T[]; render: (item: T, slot: RowSlot) => ReactNode; label: string }) {
  if (items.length <= PLAIN_MAX) return <ul className="run__list" aria-label={label}>{items.map((item) => render(item, {}))}</ul>;
  return <VirtualList items={items} render={render} label={label} />;
}

function VirtualList<T>({ items, render, label }: { items: readonly T[]; render: (item: T, slot: RowSlot) => ReactNode; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- read fresh every render; never passed to memoized code
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => box.current,
    estimateSize: () => 58,
    overscan: 6,
    // First paint before the box is measured: a screenful, not one row.
    initialRect: { width: 800, height: 520 },
  });
  const rows = virtualizer.getVirtualItems();
  return (
    <div className="run__virtual" ref={box} tabIndex={0} aria-label={`${label}: ${items.length.toLocaleString()} rows, scroll to see more`} data-testid="change-list-virtual">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        <ul className="run__list run__list--virtual" aria-label={label} style={{ transform: `translateY(${rows[0]?.start ?? 0}px)` }}>
          {rows.map((v) => render(items[v.index] as T, { ref: virtualizer.measureElement, index: v.index }))}
        </ul>
      </div>
    </div>
  );
}

/** One kind of change within a run ("Removed", "Updated", …): its true count, its first rows, and all of them on demand. */
export function RunSection<T>(props: {
  id: string; title: string; tone: string; items: readonly T[]; render: (item: T, slot: RowSlot) => ReactNode;
  note?: string; preview: number; children?: ReactNode; count?: number;
  /** Only part of the run is read so far: the rest of the rows are on their way. */
  reading?: boolean;
}) {
  const { id, title, tone, items, render, note, preview, children, count = items.length, reading = false } = props;
  const [all, setAll] = useState(false);
  if (count === 0) return null;
  const shown = all ? items : items.slice(0, preview);
  return (
    <section className={`run__section run__section--${tone}`} aria-label={title} id={id} data-testid={`run-section-${tone}`} tabIndex={-1}>
      <h4 className="run__section-title">
        <span className="run__section-dot" aria-hidden="true" />
        {title}
        <span className="run__section-count" data-testid="section-count">{count.toLocaleString()}</span>
        {note && <span className="run__section-note">{note}</span>}
      </h4>
      {children}
      {shown.length > 0 && <ChangeList items={shown} render={render} label={title} />}
      {reading && items.length < preview && items.length < count && <p className="run__reading">Reading the rest of this sync…</p>}
      {items.length > preview && (
        <button type="button" className="run__more" onClick={() => setAll(!all)} aria-expanded={all} data-testid="section-show-all">
          {all ? 'Show fewer' : `Show all ${items.length.toLocaleString()}`}
        </button>
      )}
    </section>
  );
}
