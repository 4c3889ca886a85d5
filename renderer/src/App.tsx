import { useConnections } from './hooks/useConnections';
import { useScheduledRetries } from './hooks/useScheduledRetries';
import { AccountsSidebar } from './ui/AccountsSidebar';
import { ProblemList } from './ui/ProblemList';
import { TopBar } from './ui/TopBar';
import { TransactionList } from './ui/TransactionList';

export function App() {
  const { connections, loaded } = useConnections();
  useScheduledRetries(connections);

  return (
    <div className="app">
      <TopBar />
      <div className="app__body">
        <AccountsSidebar connections={connections} loaded={loaded} />
        <main className="app__main">
          <ProblemList />
          <TransactionList connections={connections} loaded={loaded} />
        </main>
      </div>
    </div>
  );
}
