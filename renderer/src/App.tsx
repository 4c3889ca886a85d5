import { useCallback, useMemo, useState } from 'react';
import { useConnections } from './hooks/useConnections';
import { OpenTransactionContext } from './hooks/useOpenTransaction';
import { useScheduledRetries } from './hooks/useScheduledRetries';
import { AccountsSidebar } from './ui/AccountsSidebar';
import { ChangesView } from './ui/changes/ChangesView';
import { TransactionDetail } from './ui/detail/TransactionDetail';
import { ProblemList } from './ui/ProblemList';
import { SettingsView } from './ui/settings/SettingsView';
import { TopBar } from './ui/TopBar';
import { TransactionList } from './ui/TransactionList';
import type { View } from './ui/ViewTabs';
import './ui/nav.css';

export function App() {
  const { connections, loaded } = useConnections();
  useScheduledRetries(connections);
  const [view, setView] = useState<View>('transactions');
  const [openId, setOpenId] = useState<string | null>(null);
  const close = useCallback(() => setOpenId(null), []);
  const opener = useMemo(() => ({ selectedId: openId, open: setOpenId }), [openId]);

  return (
    <OpenTransactionContext value={opener}>
      <div className="app">
        <TopBar view={view} onNavigate={setView} />
        <div className={`app__body${openId ? ' app__body--detail' : ''}`}>
          <AccountsSidebar connections={connections} loaded={loaded} />
          <main className="app__main" id="main-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
            <ProblemList />
            {view === 'transactions' && <TransactionList connections={connections} loaded={loaded} />}
            {view === 'changes' && <ChangesView />}
            {view === 'settings' && <SettingsView />}
          </main>
          {openId && <TransactionDetail id={openId} onClose={close} />}
        </div>
      </div>
    </OpenTransactionContext>
  );
}
