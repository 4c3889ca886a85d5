import { useAccountNames } from '../../hooks/useAccountNames';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { useFilter } from '../FilterContext';
import { filterChips } from '../describeFilter';

/** One chip per active filter, each removable; "Clear all" also empties the search box. */
export function FilterChips() {
  const { filter, patchFilter, clear } = useFilter();
  const names = useAccountNames();
  const catalog = useCategoryCatalog();
  const chips = filterChips(filter, (id) => names.get(id) ?? id, catalog.label);
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips">
      <ul className="filter-chips__list" aria-label="Active filters" data-testid="filter-chips">
        {chips.map((chip) => (
          <li key={chip.key} className="chip" data-testid="filter-chip" data-chip={chip.key} title={chip.title}>
            <span className="chip__label">{chip.label}</span>
            <button type="button" className="chip__remove" aria-label={`Remove filter: ${chip.label}`}
              onClick={() => patchFilter(chip.remove(filter))}>
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="filter-chips__clear" onClick={clear}>Clear all</button>
    </div>
  );
}
