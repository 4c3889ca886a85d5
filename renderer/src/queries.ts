/**
 * TanStack Query keys and hooks for what main knows: the app's info and the connections list.
 * Main pushes every connections change, so that list never goes stale by time; one listener
 * writes the pushes into the cache.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { LedgerlineApi } from '../../shared/ipc/contract';
import { getApi } from './api/api';

export const connectionQueries = {
  all: () => ['connections'] as const,
  list: () =>
    queryOptions({
      queryKey: [...connectionQueries.all(), 'list'] as const,
      queryFn: () => getApi().listConnections(),
      staleTime: Infinity,
    }),
};

export const appQueries = {
  all: () => ['app'] as const,
  info: () =>
    queryOptions({
      queryKey: [...appQueries.all(), 'info'] as const,
      queryFn: () => getApi().appInfo(),
      staleTime: Infinity,
    }),
};

export const useConnectionList = () => useQuery(connectionQueries.list());
export const useAppInfo = () => useQuery(appQueries.info());

/** Keeps the cached connections list equal to main's; returns the unsubscribe. */
export function listenForConnectionChanges(api: LedgerlineApi, queryClient: QueryClient): () => void {
  return api.onConnectionsChanged((connections) => {
    queryClient.setQueryData(connectionQueries.list().queryKey, connections);
  });
}
