/**
 * Connections as the UI shows them: the ones stored locally (so saved data shows before main
 * answers) merged with main's live list (which carries each one's status).
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ConnectionStatus, Provider } from '../../../shared/types';
import { useConnectionList } from '../queries';
import { useLedgerline } from './useLedgerline';

export interface ConnectionView {
  id: string;
  provider: Provider;
  institutionName: string;
  demo: boolean;
  createdAt: string;
  /** `unknown` until main's list arrives; `gone` when main no longer lists it (saved data only). */
  presence: 'listed' | 'gone' | 'unknown';
  status: ConnectionStatus | null;
  /** The user removed it and kept its data here as read-only history. */
  removedAt: string | null;
}

export interface Connections {
  connections: readonly ConnectionView[];
  /** Both sources have answered at least once. */
  loaded: boolean;
}

export function useConnections(): Connections {
  const { db } = useLedgerline();
  const stored = useLiveQuery(() => db.connections.toArray(), [db]);
  const { data: listed } = useConnectionList();

  const connections = useMemo(() => {
    const byId = new Map<string, ConnectionView>();
    for (const c of stored ?? []) {
      byId.set(c.id, { ...c, presence: listed ? 'gone' : 'unknown', status: null, removedAt: c.removedAt ?? null });
    }
    for (const c of listed ?? []) {
      byId.set(c.id, {
        id: c.id, provider: c.provider, institutionName: c.institutionName, demo: c.demo, createdAt: c.createdAt, presence: 'listed', status: c.status, removedAt: null,
      });
    }
    return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.institutionName.localeCompare(b.institutionName));
  }, [stored, listed]);

  return { connections, loaded: stored !== undefined && listed !== undefined };
}
