// First: the boot read (its own chunk in a build, already running; see boot.ts).
import { takeBootRead } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { LedgerlineApi } from '../../shared/ipc/contract';
import { App } from './App';
import { getApi } from './api/api';
import { openDb } from './db/schema';
import { describeThrown } from './ui/describeError';
import { launchSync } from './sync/launchSync';
import { PAGE_SIZE } from './ui/transactionPages';
import { startWarmStart } from './db/warmStart';
import { createSyncActivity } from './sync/syncActivity';
import { LedgerlineContext } from './hooks/useLedgerline';
import { createLedgerIndexClient, LedgerIndexContext } from './index/client';
import { listenForConnectionChanges } from './queries';
import { FilterProvider } from './search/FilterContext';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { FatalScreen } from './ui/FatalScreen';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

let api: LedgerlineApi | null = null;
try {
  api = getApi();
} catch (e) {
  root.render(<FatalScreen title="Ledgerline can't reach its background service" detail={describeThrown(e)} />);
}

if (api) {
  const db = openDb();
  startWarmStart(db, PAGE_SIZE, takeBootRead());
  const activity = createSyncActivity(api, db);
  const queryClient = new QueryClient({
    // Main is a local process: a failure is worth one quick retry, not a long back-off before the user hears of it.
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
  });
  listenForConnectionChanges(api, queryClient);
  const ledgerline = { api, db, activity };
  // The search index (a worker over this database), started once per window.
  const ledgerIndex = createLedgerIndexClient(db.name);

  root.render(
    <StrictMode>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <LedgerlineContext value={ledgerline}>
            <LedgerIndexContext value={ledgerIndex}>
              <FilterProvider>
                <App />
              </FilterProvider>
            </LedgerIndexContext>
          </LedgerlineContext>
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );

  void launchSync({ db, activity, queryClient });
}
