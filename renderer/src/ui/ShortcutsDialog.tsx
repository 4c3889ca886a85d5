/**
 * The keyboard-shortcuts help: a small modal dialog listing the keys the app answers to. It opens
 * with "?" anywhere outside a text field, or from the top bar's "?" button; Esc or Close shuts it
 * and focus goes back where it was.
 */
import { useEffect, useId, useState } from 'react';
import { useModalDialog } from './useModalDialog';
import './dialog.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl';

interface Shortcut {
  keys: string[][];
  what: string;
}

/** What the app's keys do, in the order people need them. Alternatives are separate key groups. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [[MOD, 'R']], what: 'Refresh now: sync every connection' },
  { keys: [[MOD, 'F']], what: 'Search transactions' },
  { keys: [['↑'], ['↓']], what: 'Move between transactions in the list' },
  { keys: [['Enter']], what: 'Open the selected transaction' },
  { keys: [['Esc']], what: 'Close the panel or dialog; clear the search' },
  { keys: [['J'], ['↓']], what: 'Review: next item' },
  { keys: [['K'], ['↑']], what: 'Review: previous item' },
  { keys: [['Enter'], ['C']], what: 'Review: confirm the selected item' },
  { keys: [['X'], ['Delete']], what: 'Review: reject the selected item' },
  { keys: [['U'], [MOD, 'Z']], what: 'Review: undo the last answer' },
  { keys: [['Tab'], ['Shift', 'Tab']], what: 'Move between controls' },
  { keys: [['?']], what: 'Show these shortcuts' },
];

/** True when a key typed here is text for a field, not a shortcut. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

/** The top bar's "?" button, the "?" key, and the dialog they open. */
export function ShortcutsButton() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typingInto(e.target)) return;
      if (document.querySelector('dialog[open]')) return; // another dialog has the keyboard
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        className="button button--ghost shortcuts-button"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="Shift+?"
        aria-haspopup="dialog"
        title="Keyboard shortcuts (?)"
        data-testid="shortcuts-open"
        onClick={() => setOpen(true)}
      >
        <KeyboardIcon />
      </button>
      {open && <ShortcutsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const uid = useId();
  const { ref, onCancel, onKeyDown } = useModalDialog(onClose);
  return (
    <dialog
      ref={ref}
      className="dialog shortcuts"
      aria-labelledby={`${uid}-title`}
      data-testid="shortcuts-dialog"
      onCancel={onCancel}
      onKeyDown={(e) => {
        // Esc is this dialog's: the panel behind it stays open.
        if (e.key === 'Escape') e.stopPropagation();
        onKeyDown(e);
      }}
    >
      <div className="dialog__form">
        <h2 className="dialog__title" id={`${uid}-title`}>Keyboard shortcuts</h2>
        <table className="shortcuts__table">
          <caption className="visually-hidden">Keys and what they do</caption>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.what} data-testid="shortcut">
                <td className="shortcuts__keys">
                  {s.keys.map((combo, i) => (
                    <span key={combo.join('+')} className="shortcuts__combo">
                      {i > 0 && <span className="shortcuts__or"> or </span>}
                      {combo.map((k, j) => (
                        <span key={k}>
                          {j > 0 && <span className="shortcuts__plus">+</span>}
                          <kbd className="kbd">{k}</kbd>
                        </span>
                      ))}
                    </span>
                  ))}
                </td>
                <td className="shortcuts__what">{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onClose} autoFocus data-testid="shortcuts-close">
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}

function KeyboardIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="3.5" width="13" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M4 6.5h1M7 6.5h1M10 6.5h2M4 9.5h8" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}
