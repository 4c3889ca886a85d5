/**
 * Settings: demo mode, and each provider's API credentials. Secrets go to main (and on to the OS
 * keychain) and never come back: main answers with masks.
 */
import { useId } from 'react';
import { PROVIDERS } from '../../../../shared/types';
import { useSetDemo } from '../../hooks/useSettings';
import { useSettingsView } from '../../queries';
import { Spinner } from '../Spinner';
import { ProviderSettingsForm } from './ProviderSettingsForm';
import { BackgroundSyncSection } from './BackgroundSyncSection';
import { plainError } from '../plainError';
import { RulesSection } from './RulesSection';
import { BackupSection } from './BackupSection';
import { CategoriesSection } from './CategoriesSection';
import '../dialog.css';
import './settings.css';

export function SettingsView() {
  const settings = useSettingsView();
  const view = settings.data;

  return (
    <section className="settings" aria-labelledby="settings-title" data-testid="settings-view">
      <header className="settings__header">
        <h2 className="settings__title" id="settings-title">Settings</h2>
      </header>
      <div className="settings__body">
        {settings.isPending && (
          <p className="settings__loading"><Spinner /> Loading settings…</p>
        )}
        {settings.isError && !view && (
          <div className="settings-banner settings-banner--error" role="alert" data-testid="settings-error">
            <div className="settings-banner__body">
              <p className="settings-banner__title">Couldn&rsquo;t load the settings</p>
              <p>{plainError(settings.error)}</p>
            </div>
            <button type="button" className="button button--ghost button--small" onClick={() => void settings.refetch()}>
              Try again
            </button>
          </div>
        )}
        {view && (
          <>
            {!view.keychain.available && (
              <div className="settings-banner settings-banner--warn" role="note" data-testid="keychain-banner">
                <div className="settings-banner__body">
                  <p className="settings-banner__title">No OS keychain is available</p>
                  <p>
                    Ledgerline keeps working in demo mode and will not store secrets anywhere else, so provider
                    credentials can&rsquo;t be saved on this computer. Start a keychain (on Linux, a Secret Service such
                    as GNOME Keyring or KWallet) and restart Ledgerline to add them.
                  </p>
                  {view.keychain.detail && <p className="settings-banner__detail">{view.keychain.detail}</p>}
                </div>
              </div>
            )}
            <DemoModeCard enabled={view.demoEnabled} />
            <BackgroundSyncSection />
            <div className="settings__group">
              <h3 className="settings__group-title">Providers</h3>
              <p className="settings__group-about">
                Your own API keys for each service. Secrets go to your OS keychain and are never shown again,
                only their last characters.
              </p>
            </div>
            {PROVIDERS.map((p) => (
              <ProviderSettingsForm key={p} provider={p} view={view.providers[p]} disabled={!view.keychain.available} />
            ))}
          </>
        )}
        <CategoriesSection />
        <RulesSection />
        <BackupSection />
      </div>
    </section>
  );
}

function DemoModeCard({ enabled }: { enabled: boolean }) {
  const setDemo = useSetDemo();
  const uid = useId();
  // While the change is on its way, show where it is going.
  const shown = setDemo.isPending ? setDemo.variables : enabled;
  return (
    <div className="settings-card demo-mode" data-testid="demo-mode">
      <div className="demo-mode__text">
        <h3 className="settings-card__title" id={`${uid}-title`}>Demo mode</h3>
        <p className="settings-card__about" id={`${uid}-about`}>
          Shows demo banks so you can try Ledgerline. Turns off when you connect a real provider.
        </p>
        {setDemo.isError && (
          <p className="result-line result-line--error" role="alert">
            <span className="result-line__dot" aria-hidden="true" />
            <span>Demo mode was not changed: {plainError(setDemo.error)}</span>
          </p>
        )}
      </div>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={shown}
        aria-labelledby={`${uid}-title`}
        aria-describedby={`${uid}-about`}
        disabled={setDemo.isPending}
        data-testid="demo-switch"
        onClick={() => setDemo.mutate(!enabled)}
      >
        <span className="switch__thumb" aria-hidden="true" />
        <span className="switch__state" aria-hidden="true">{shown ? 'On' : 'Off'}</span>
      </button>
    </div>
  );
}
