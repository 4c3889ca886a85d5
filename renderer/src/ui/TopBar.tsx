import { useRefreshAll } from '../sync/useRefreshAll';
import { useSyncActivity } from '../sync/useSyncActivity';
import { useAppInfo } from '../queries';
import { LastSynced } from './LastSynced';
import { RefreshButton } from './RefreshButton';
import { ShortcutsButton } from './ShortcutsDialog';
import { SyncSummary } from './SyncSummary';
import { UpdateBanner } from './UpdateBanner';
import { SettingsButton, ViewTabs, type View } from './ViewTabs';

export function TopBar({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const { data: info } = useAppInfo();
  const { running, summary } = useSyncActivity();
  const refreshAll = useRefreshAll();

  return (
    <header className="topbar">
      <div className="topbar__brand">
        <LogoMark />
        <span className="topbar__name">Ledgerline</span>
        {info?.demo && (
          <span className="pill pill--demo" title="Ledgerline is showing its built-in demo banks. Turn demo mode off in Settings.">
            Demo mode
          </span>
        )}
      </div>
      <ViewTabs view={view} onNavigate={onNavigate} />
      <div className="topbar__sync">
        <SyncSummary summary={summary} />
        <LastSynced />
        <UpdateBanner />
        <RefreshButton busy={running.size > 0} onRefresh={() => void refreshAll()} />
        <ShortcutsButton />
        <SettingsButton view={view} onNavigate={onNavigate} />
      </div>
    </header>
  );
}

function LogoMark() {
  return (
    <svg className="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="22" height="22" rx="6" className="logo__tile" />
      <path d="M7 15.5 11 11l3 2.5 4-5" fill="none" className="logo__line" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
