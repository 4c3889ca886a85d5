import { useLinkActions } from './linkActions';
import './link.css';

/** Opens the Add-account dialog; in the sidebar's header and wherever nothing is connected yet. */
export function AddAccountButton({ small = false, testId }: { small?: boolean; testId: string }) {
  const { addAccount } = useLinkActions();
  return (
    <button
      type="button"
      className={`button ${small ? 'button--ghost button--small' : 'button--primary'} add-account`}
      aria-haspopup="dialog"
      data-testid={testId}
      onClick={addAccount}
    >
      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 3v10M3 8h10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      Add account
    </button>
  );
}
