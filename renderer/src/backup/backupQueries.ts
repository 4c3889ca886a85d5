/** TanStack Query keys for what main keeps about backups (the automatic backups' folder and result). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getApi } from '../api/api';

export const backupQueries = {
  all: () => ['backup'] as const,
  auto: () =>
    queryOptions({
      queryKey: [...backupQueries.all(), 'auto'] as const,
      queryFn: () => getApi().autoBackupStatus(),
      staleTime: 0,
    }),
};

export const useAutoBackupView = () => useQuery(backupQueries.auto());
