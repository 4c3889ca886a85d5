/**
 * The Settings view's mutations. Each writes main's answer (the new SettingsView) into the query
 * cache. A typed secret is never a mutation variable (TanStack keeps those in its cache): the
 * mutation function takes it from the form field at the moment it runs and empties the field.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput, SettingsView } from '../../../shared/ipc/contract';
import type { Provider } from '../../../shared/types';
import { appQueries, settingsQueries } from '../queries';
import { catchUpWithMain } from '../sync/launchSync';
import { useLedgerline } from './useLedgerline';

export type ProviderFields = Omit<ChannelInput<'settings:saveProvider'>, 'provider' | 'secret'>;

/** After something that may change demo mode: the top bar's badge and the connections follow main. */
function useAfterDemoChange() {
  const { db, activity } = useLedgerline();
  const queryClient = useQueryClient();
  return async (before: SettingsView | undefined, after: SettingsView) => {
    queryClient.setQueryData(settingsQueries.view().queryKey, after);
    if (before?.demoEnabled === after.demoEnabled) return;
    await queryClient.invalidateQueries({ queryKey: appQueries.all() });
    await catchUpWithMain({ db, activity, queryClient });
  };
}

export function useSaveProvider(provider: Provider, takeSecret: () => string | undefined) {
  const { api } = useLedgerline();
  const queryClient = useQueryClient();
  const after = useAfterDemoChange();
  return useMutation({
    mutationFn: (fields: ProviderFields) => {
      const secret = takeSecret();
      return api.saveProviderSettings({ provider, ...fields, ...(secret ? { secret } : {}) });
    },
    onSuccess: (view) => after(queryClient.getQueryData(settingsQueries.view().queryKey), view),
  });
}

export function useClearProvider(provider: Provider) {
  const { api } = useLedgerline();
  const queryClient = useQueryClient();
  const after = useAfterDemoChange();
  return useMutation({
    mutationFn: () => api.clearProviderSettings({ provider }),
    onSuccess: (view) => after(queryClient.getQueryData(settingsQueries.view().queryKey), view),
  });
}

export function useTestProvider(provider: Provider) {
  const { api } = useLedgerline();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => ({ ...(await api.testProvider({ provider })), at: new Date().toISOString() }),
    // Main records the result as the provider's `lastTest`.
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsQueries.all() }),
  });
}

export function useSetDemo() {
  const { api } = useLedgerline();
  const queryClient = useQueryClient();
  const after = useAfterDemoChange();
  return useMutation({
    mutationFn: (enabled: boolean) => api.setDemo({ enabled }),
    onSuccess: (view) => after(queryClient.getQueryData(settingsQueries.view().queryKey), view),
  });
}
