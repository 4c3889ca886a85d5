/**
 * "Add account" and "Sign in again": a modal dialog (focus stays inside, Esc cancels) that lets the
 * user pick a configured provider, starts the sign-in in main, points to the provider's page in the
 * browser and waits for it to finish. Linked: the App closes it and syncs. Anything else is said
 * plainly, with what to do next.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { LinkStatus } from '../../../../shared/ipc/contract';
import { PROVIDER_INFO, PROVIDERS, providerName, providerNames, type Provider } from '../../../../shared/providers';
import type { ConnectionView } from '../../hooks/useConnections';
import { useLinkFlow } from '../../hooks/useLinkFlow';
import { useSettingsView } from '../../queries';
import { plainError } from '../plainError';
import { Spinner } from '../Spinner';
import { useModalDialog } from '../useModalDialog';
import '../dialog.css';
import './link.css';

const ENDED_TITLE: Record<Exclude<LinkStatus['state'], 'waiting' | 'linked'>, string> = {
  duplicate: 'Already connected',
  failed: 'The sign-in didn’t work',
  cancelled: 'The sign-in was cancelled',
  expired: 'The sign-in expired',
};

export function LinkDialog(props: {
  /** Sign in again to repair this connection; null to add a new one. */
  reauth: ConnectionView | null;
  onLinked: (status: LinkStatus & { connectionId: string }, provider: Provider) => void;
  onShowConnection: (connectionId: string) => void;
  onOpenSettings: () => void;
  onClose: () => void;
}) {
  const { reauth, onLinked, onShowConnection, onOpenSettings, onClose } = props;
  const uid = useId();
  const settings = useSettingsView();
  const flow = useLinkFlow();
  const { phase } = flow;
  const configured = (p: Provider) => settings.data?.providers[p].configured === true;
  const firstConfigured = PROVIDERS.find(configured) ?? null;
  const [chosen, setChosen] = useState<Provider | null>(reauth?.provider ?? null);
  const provider: Provider | null = reauth?.provider ?? (chosen && configured(chosen) ? chosen : firstConfigured);
  const keychainMissing = settings.data?.keychain.available === false;
  /** The chosen provider's test item without a sign-in page, in its sandbox environment (Plaid's). */
  const sandboxItem = provider ? PROVIDER_INFO[provider].sandboxItem : null;

  const close = () => {
    flow.cancel();
    onClose();
  };
  // Esc: closing is ours to do: it also tells main to stop waiting.
  const { ref, onCancel: onEscape, onKeyDown: trapTab } = useModalDialog(close);

  // Linked: hand over to the App (it closes this dialog, says so and syncs).
  const linked = phase.kind === 'ended' && phase.status.state === 'linked' && phase.status.connectionId ? phase.status : null;
  const linkedProvider = phase.kind === 'ended' ? phase.provider : null;
  const handed = useRef<LinkStatus | null>(null);
  useEffect(() => {
    if (!linked?.connectionId || !linkedProvider || handed.current === linked) return;
    handed.current = linked;
    onLinked({ ...linked, connectionId: linked.connectionId }, linkedProvider);
  }, [linked, linkedProvider, onLinked]);

  const start = () => {
    if (provider) flow.start(provider, reauth?.id ?? null);
  };

  const name = providerName;
  const title = reauth ? `Sign in to ${reauth.institutionName} again` : 'Add an account';

  let body: ReactNode;
  let actions: ReactNode;
  if (phase.kind === 'idle' || phase.kind === 'starting') {
    const starting = phase.kind === 'starting';
    body = reauth ? (
      <p className="dialog__about" id={`${uid}-about`}>
        {reauth.institutionName} needs you to sign in again through {name(reauth.provider)}. Your transactions stay
        where they are; once you&rsquo;re signed in, syncing continues from where it stopped.
      </p>
    ) : (
      <>
        <p className="dialog__about" id={`${uid}-about`}>
          Choose the service that connects to your bank or brokerage. You&rsquo;ll sign in on its page in your
          browser; Ledgerline never sees your bank password.
        </p>
        {settings.isPending && <p className="link-dialog__note"><Spinner /> Loading your providers…</p>}
        {settings.isError && <p className="result-line result-line--error" role="alert"><span className="result-line__dot" aria-hidden="true" /><span>Couldn&rsquo;t load your providers: {plainError(settings.error)}</span></p>}
        {settings.data && (
          <fieldset className="dialog__choices" disabled={starting}>
            <legend className="dialog__legend">Provider</legend>
            {PROVIDERS.map((p) => {
              const ok = configured(p);
              return (
                <label key={p} className={`choice${ok ? '' : ' choice--disabled'}`} data-testid={`link-provider-${p}`}>
                  <input
                    type="radio" name="provider" value={p} disabled={!ok} checked={provider === p}
                    onChange={() => setChosen(p)}
                    aria-describedby={`${uid}-${p}-hint`}
                  />
                  <span className="choice__text">
                    <span className="choice__label">{name(p)}</span>
                    <span className="choice__hint" id={`${uid}-${p}-hint`}>
                      {ok ? PROVIDER_INFO[p].about : 'Not set up yet. Set up in Settings.'}
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
        )}
        {settings.data && !firstConfigured && (
          <p className="link-dialog__note" data-testid="link-none-configured">
            No provider is set up yet. Add your API keys for {providerNames('or')} in Settings first.
          </p>
        )}
      </>
    );
    if (keychainMissing) {
      body = (
        <>
          {body}
          <p className="result-line result-line--error" role="alert" data-testid="link-no-keychain">
            <span className="result-line__dot" aria-hidden="true" />
            <span>No OS keychain is available, so no account can be connected on this computer: Ledgerline keeps access tokens nowhere else.</span>
          </p>
        </>
      );
    }
    actions = (
      <>
        {!reauth && settings.data && PROVIDERS.some((p) => !configured(p)) && (
          <button type="button" className="button button--ghost link-dialog__settings" onClick={onOpenSettings} data-testid="link-open-settings">
            Set up in Settings
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={close} data-testid="link-cancel">Cancel</button>
        {!reauth && sandboxItem !== null && provider && settings.data?.providers[provider].environment === 'sandbox' && configured(provider) && (
          <button
            type="button"
            className="button button--ghost"
            disabled={starting || keychainMissing}
            onClick={() => flow.start(provider, null, true)}
            data-testid="link-sandbox"
            title={`${name(provider)} sandbox only: adds ${sandboxItem} without a sign-in page`}
          >
            Add sandbox item
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={!provider || starting || keychainMissing} data-testid="link-start">
          {starting ? 'Starting…' : reauth ? 'Sign in again' : 'Start'}
        </button>
      </>
    );
  } else if (phase.kind === 'waiting') {
    body = (
      <div className="link-dialog__waiting" data-testid="link-waiting">
        {phase.url ? (
          <>
            <p className="link-dialog__step" id={`${uid}-about`}>Sign in with {name(phase.provider)} in your browser</p>
            <p className="dialog__about">
              {phase.opened
                ? 'The sign-in page opened in your browser. If you don’t see it, open it from here:'
                : 'Open the sign-in page, sign in and allow access; then come back here:'}
            </p>
            <a className="link-dialog__url" href={phase.url} target="_blank" rel="noopener noreferrer" data-testid="link-url">
              {phase.url}
            </a>
          </>
        ) : (
          // The sandbox shortcut has no page to open: main is adding the test item itself.
          <p className="link-dialog__step" id={`${uid}-about`}>Adding a {name(phase.provider)} sandbox item</p>
        )}
        <p className="link-dialog__status" role="status" aria-live="polite">
          <Spinner /> Waiting for you to finish signing in…
        </p>
      </div>
    );
    actions = <button type="button" className="button button--ghost" onClick={close} autoFocus data-testid="link-cancel">Cancel</button>;
  } else if (phase.kind === 'ended' && phase.status.state !== 'linked' && phase.status.state !== 'waiting') {
    const { status } = phase;
    const state = status.state as keyof typeof ENDED_TITLE;
    const existing = state === 'duplicate' ? status.connectionId : null;
    const tone = state === 'duplicate' ? 'info' : state === 'cancelled' ? 'neutral' : 'error';
    // Main's message, unless it only repeats the heading ("The sign-in was cancelled.").
    const repeats = status.message.replace(/[.!\s]+$/, '').toLowerCase() === ENDED_TITLE[state].toLowerCase();
    const detail = repeats || !status.message ? 'Nothing was connected. You can start again whenever you’re ready.' : status.message;
    body = (
      <div className={`link-dialog__result link-dialog__result--${tone}`} role="alert" data-testid="link-result" data-state={state}>
        <p className="link-dialog__step">{ENDED_TITLE[state]}</p>
        <p id={`${uid}-about`}>{detail}</p>
      </div>
    );
    actions = (
      <>
        <button type="button" className="button button--ghost" onClick={close} data-testid="link-close">Close</button>
        {existing ? (
          <button type="button" className="button button--primary" autoFocus onClick={() => onShowConnection(existing)} data-testid="link-show-existing">
            Show the existing connection
          </button>
        ) : (
          <button type="submit" className="button button--primary" autoFocus data-testid="link-retry">Try again</button>
        )}
      </>
    );
  } else if (phase.kind === 'error') {
    body = (
      <div className="link-dialog__result link-dialog__result--error" role="alert" data-testid="link-result" data-state="error">
        <p className="link-dialog__step">Couldn&rsquo;t start the sign-in</p>
        <p id={`${uid}-about`}>{phase.message}</p>
      </div>
    );
    actions = (
      <>
        <button type="button" className="button button--ghost" onClick={close} data-testid="link-close">Close</button>
        <button type="submit" className="button button--primary" autoFocus data-testid="link-retry">Try again</button>
      </>
    );
  } else {
    body = <p className="link-dialog__status" role="status"><Spinner /> Finishing…</p>;
    actions = null;
  }

  return (
    <dialog
      ref={ref}
      className="dialog link-dialog"
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-about`}
      data-testid="link-dialog"
      data-mode={reauth ? 'reauth' : 'add'}
      onCancel={onEscape}
      onKeyDown={trapTab}
    >
      <form
        method="dialog"
        className="dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <h2 className="dialog__title" id={`${uid}-title`}>{title}</h2>
        {body}
        {actions && <div className="dialog__actions">{actions}</div>}
      </form>
    </dialog>
  );
}
