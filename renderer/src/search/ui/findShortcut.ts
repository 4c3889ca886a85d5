/**
 * Ctrl/Cmd+F from anywhere in the window: focus the transactions search box, switching to the
 * Transactions view first when another view is showing (the box focuses itself when it mounts).
 */
import { useEffect } from 'react';

export const SEARCH_INPUT_ID = 'tx-search';

let focusOnMount = false;

export const isFindKey = (e: KeyboardEvent): boolean =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f';

/** Focuses the search box if it is on screen; false if it is not. */
export function focusSearch(): boolean {
  const input = document.getElementById(SEARCH_INPUT_ID);
  if (!(input instanceof HTMLInputElement)) return false;
  input.focus();
  input.select();
  return true;
}

/** Whether the box should take focus as it mounts (asked for once). */
export function takeFocusOnMount(): boolean {
  const take = focusOnMount;
  focusOnMount = false;
  return take;
}

/** Mounted once by the app: `showTransactions` switches to the view that has the search box. */
export function useFindShortcut(showTransactions: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isFindKey(e)) return;
      e.preventDefault();
      if (focusSearch()) return;
      focusOnMount = true;
      showTransactions();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showTransactions]);
}
