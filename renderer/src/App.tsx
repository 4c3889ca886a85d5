import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LinkStatus } from '../../shared/ipc/contract';
import { LinkActionsContext, type LinkActions } from './ui/link/linkActions';
import { syncLinkedConnection } from './sync/syncLinked';
import { useConnections, type ConnectionView } from './hooks/useConnections';
import { useLedgerline } from './hooks/useLedgerline';
import { OpenTransactionContext } from './hooks/useOpenTransaction';
import { useScheduledRetries } from './sync/useScheduledRetries';
import { useAutoSync } from './sync/useAutoSync';
import { useAutoBackup } from './backup/useAutoBackup';
import { AccountsSidebar, type SidebarNotice } from './ui/AccountsSidebar';
import { PatternsProvider } from './hooks/usePatterns';
import { LazyInsightsView as InsightsView } from './ui/insights/LazyInsightsView';
import {
  LazyBudgetsView, LazyChangesView, LazyLinkDialog, LazyNetWorthView, LazyRecurringView, LazyReviewView, LazySettingsView, LazyTransactionDetail,
} from './ui/LazyViews';
import { preloadViews } from './ui/lazyView';
import { ProblemList } from './ui/ProblemList';
import { TopBar } from './ui/TopBar';
import { TransactionList } from './ui/TransactionList';
import { useFindShortcut } from './search/ui/findShortcut';
import type { View } from './ui/ViewTabs';
import './ui/nav.css';

const HIGHLIGHT_MS = 4_000;
/** How long the sign-in notice stays after the sync it announced. */
const LINK_NOTICE_MS = 8_000;

export function App() {
  const { db, activity } = useLedgerline();
  const queryClient = useQueryClient();
  const { connections, loaded } = useConnections();
  useScheduledRetries(connections);
  useAutoSync(connections);
  useAutoBackup();
  const [view, setView] = useState<View>('transactions');
  // Ctrl/Cmd+F: the transactions search, from any view.
  useFindShortcut(useCallback(() => setView('transactions'), []));
  useEffect(() => preloadViews(), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const close = useCallback(() => setOpenId(null), []);
  const opener = useMemo(() => ({ selectedId: openId, open: setOpenId }), [openId]);

  /** The Add-account dialog: open (for a new connection, or to repair `reauth`) or not. */
  const [linking, setLinking] = useState<{ reauth: ConnectionView | null } | null>(null);
  const [linkNotice, setLinkNotice] = useState<SidebarNotice | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const linkActions = useMemo<LinkActions>(() => ({
    addAccount: () => {
      setLinkNotice(null);
      setLinking({ reauth: null });
    },
    signInAgain: (connection) => {
      setLinkNotice(null);
      setLinking({ reauth: connection });
    },
  }), []);

  const reauthId = linking?.reauth?.id ?? null;
  const onLinked = useCallback((status: LinkStatus & { connectionId: string }) => {
    setLinking(null);
    const notice = { ok: true, text: status.message };
    setLinkNotice(notice);
    // A repaired connection continues from its stored cursor; a new one starts its first sync.
    // The notice speaks of now ("syncing now"): it goes a little after that sync, which the
    // connection's own status line reports from then on.
    void syncLinkedConnection({ db, activity, queryClient }, status.connectionId, reauthId ? 'retry' : 'launch').finally(() => {
      setTimeout(() => setLinkNotice((n) => (n === notice ? null : n)), LINK_NOTICE_MS);
    });
  }, [db, activity, queryClient, reauthId]);

  const showConnection = useCallback((connectionId: string) => {
    setLinking(null);
    setHighlightId(connectionId);
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`[data-testid="connection"][data-connection-id="${CSS.escape(connectionId)}"]`);
      el?.scrollIntoView({ block: 'nearest' });
      el?.focus();
    });
    setTimeout(() => setHighlightId((id) => (id === connectionId ? null : id)), HIGHLIGHT_MS);
  }, []);

  return (
    <OpenTransactionContext value={opener}>
      <PatternsProvider>
        <LinkActionsContext value={linkActions}>
          <div className="app">
            <TopBar view={view} onNavigate={setView} />
            <div className={`app__body${openId ? ' app__body--detail' : ''}`}>
              <AccountsSidebar
                connections={connections}
                loaded={loaded}
                linkNotice={linkNotice}
                onDismissLinkNotice={() => setLinkNotice(null)}
                highlightId={highlightId}
              />
              <main className="app__main" id="main-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
                <ProblemList />
                {view === 'transactions' && <TransactionList connections={connections} loaded={loaded} />}
                {view === 'insights' && <InsightsView onShowTransactions={() => setView('transactions')} />}
                {view === 'budgets' && <LazyBudgetsView />}
                {view === 'recurring' && <LazyRecurringView />}
                {view === 'networth' && <LazyNetWorthView />}
                {view === 'changes' && <LazyChangesView onShowTransactions={() => setView('transactions')} />}
                {view === 'review' && <LazyReviewView />}
                {view === 'settings' && <LazySettingsView />}
              </main>
              {openId && <LazyTransactionDetail id={openId} onClose={close} />}
            </div>
          </div>
          {linking && (
            <LazyLinkDialog
              key={linking.reauth?.id ?? 'add'}
              reauth={linking.reauth}
              onLinked={onLinked}
              onShowConnection={showConnection}
              onOpenSettings={() => {
                setLinking(null);
                setView('settings');
              }}
              onClose={() => setLinking(null)}
            />
          )}
        </LinkActionsContext>
      </PatternsProvider>
    </OpenTransactionContext>
  );
}
