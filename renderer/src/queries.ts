/**
 * TanStack Query keys and hooks for what main knows: the app's info, the connections list and the
 * settings (provider credentials as main describes them: masked, never the secret itself).
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

export const settingsQueries = {
  all: () => ['settings'] as const,
  view: () =>
    queryOptions({
      queryKey: [...settingsQueries.all(), 'view'] as const,
      queryFn: () => getApi().getSettings(),
      // Read again whenever the Settings view opens (another window may have changed it); this
      // window's own changes write main's answer straight into the cache.
      staleTime: 0,
    }),
};

export const useConnectionList = () => useQuery(connectionQueries.list());
export const useAppInfo = () => useQuery(appQueries.info());
export const useSettingsView = () => useQuery(settingsQueries.view());

/** Keeps the cached connections list equal to main's; returns the unsubscribe. */
export function listenForConnectionChanges(api: LedgerlineApi, queryClient: QueryClient): () => void {
  return api.onConnectionsChanged((connections) => {
    queryClient.setQueryData(connectionQueries.list().queryKey, connections);
  });
}
