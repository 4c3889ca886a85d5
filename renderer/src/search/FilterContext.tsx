/**
 * The one current filter of the transaction list: set by the search box and the filter panel,
 * removed chip by chip, set whole by a chart click (Insights), read by export.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { EMPTY_FILTER, type TxFilter } from './filter';

export interface FilterState {
  filter: TxFilter;
  setFilter(filter: TxFilter): void;
  patchFilter(patch: Partial<TxFilter>): void;
  clear(): void;
}

export const FilterContext = createContext<FilterState | null>(null);

export function FilterProvider({ children, initial = EMPTY_FILTER }: { children: ReactNode; initial?: TxFilter }) {
  const [filter, setFilter] = useState<TxFilter>(initial);
  const patchFilter = useCallback((patch: Partial<TxFilter>) => setFilter((f) => ({ ...f, ...patch })), []);
  const clear = useCallback(() => setFilter(EMPTY_FILTER), []);
  const value = useMemo(() => ({ filter, setFilter, patchFilter, clear }), [filter, patchFilter, clear]);
  return <FilterContext value={value}>{children}</FilterContext>;
}

export function useFilter(): FilterState {
  const value = useContext(FilterContext);
  if (!value) throw new Error('useFilter() needs a <FilterProvider> above it.');
  return value;
}
