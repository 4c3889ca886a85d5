import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useFilter } from '../FilterContext';
import { focusSearch, isFindKey, SEARCH_INPUT_ID, takeFocusOnMount } from './findShortcut';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/u.test(navigator.platform || navigator.userAgent);
export const FIND_SHORTCUT_LABEL = isMac ? '⌘F' : 'Ctrl+F';

/**
 * The search box in the transactions header: results follow every keystroke; Esc clears (a
 * second Esc leaves the box); Ctrl/Cmd+F focuses it from anywhere in the window.
 */
export function SearchBox() {
  const { filter, patchFilter } = useFilter();
  const input = useRef<HTMLInputElement>(null);

  // The app's useFindShortcut handles Ctrl/Cmd+F (switching views if need be); this one only
  // covers the box's own view when that hook is not mounted, and takes focus when asked to.
  useEffect(() => {
    if (takeFocusOnMount()) focusSearch();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isFindKey(e) || e.defaultPrevented) return;
      e.preventDefault();
      focusSearch();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && !e.altKey && !e.ctrlKey && !e.metaKey) {
      // Down from the box goes into the results.
      const first = document.querySelector<HTMLElement>('[data-testid="tx-row"][aria-rowindex="2"]');
      if (first) {
        e.preventDefault();
        first.focus();
      }
      return;
    }
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (filter.text) patchFilter({ text: '' });
    else e.currentTarget.blur();
  };

  return (
    <div className="search-box" role="search">
      <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">Search transactions</label>
      <svg className="search-box__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <input
        ref={input}
        id={SEARCH_INPUT_ID}
        className="search-box__input"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search, or try 12.50"
        title={`Search description, merchant, category, note or amount (${FIND_SHORTCUT_LABEL})`}
        aria-keyshortcuts="Control+F Meta+F"
        aria-describedby="tx-search-help"
        value={filter.text}
        onChange={(e) => patchFilter({ text: e.target.value })}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      <span id="tx-search-help" className="visually-hidden">
        Matches description, merchant, category and note. Numbers match amounts: 12.50, -12.50 for money out, &gt;100 or &lt;20.
        Quote a phrase; a minus before a word excludes it. #trip finds rows tagged trip; is:excluded shows the rows excluded from budgets. Escape clears.
      </span>
      {filter.text && (
        <button type="button" className="search-box__clear" aria-label="Clear search" title="Clear search (Esc)"
          onClick={() => {
            patchFilter({ text: '' });
            input.current?.focus();
          }}>
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      )}
    </div>
  );
}
