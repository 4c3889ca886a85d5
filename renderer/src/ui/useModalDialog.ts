/**
 * The mechanics of a modal <dialog>: showModal() on mount and close() on unmount (the browser then
 * hands focus back to where it was), Esc routed to the caller instead of closing the dialog itself,
 * and Tab kept inside. Spread the returned props onto the <dialog>.
 */
import { useLayoutEffect, useRef, type KeyboardEvent, type SyntheticEvent } from 'react';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

/** @param onEscape what Esc does: closing is the caller's to do (it may refuse, e.g. while work is under way). */
export function useModalDialog(onEscape: () => void) {
  const ref = useRef<HTMLDialogElement>(null);

  // A layout effect: its cleanup runs while the <dialog> is still in the document, so close() can
  // hand focus back (a passive effect's cleanup runs after React removed it, and focus is lost).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);

  const onCancel = (e: SyntheticEvent<HTMLDialogElement>) => {
    e.preventDefault();
    onEscape();
  };
  // showModal() already makes the page behind inert; this keeps Tab from leaving for the browser's own UI.
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked));
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return { ref, onCancel, onKeyDown };
}
