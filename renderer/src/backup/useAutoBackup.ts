/** Runs `runAutoBackupIfDue` a minute after launch (the launch sync goes first) and then every hour. */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { AUTO_BACKUP_CHECK_MS } from '../../../shared/backup/autoBackup';
import { useLedgerline } from '../hooks/useLedgerline';
import { runAutoBackupIfDue } from './runAutoBackup';
import { backupQueries } from './backupQueries';

const FIRST_CHECK_MS = 60_000;

export function useAutoBackup(): void {
  const { api, db } = useLedgerline();
  const queryClient = useQueryClient();
  useEffect(() => {
    let stopped = false;
    let running = false;
    const check = async () => {
      if (stopped || running) return;
      running = true;
      try {
        const outcome = await runAutoBackupIfDue(api, db, () => new Date());
        if (outcome.kind !== 'notDue' && outcome.view) queryClient.setQueryData(backupQueries.auto().queryKey, outcome.view);
      } catch {
        // main unreachable: the next check tries again, and Settings shows the status it can read
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => void check(), FIRST_CHECK_MS);
    const every = setInterval(() => void check(), AUTO_BACKUP_CHECK_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [api, db, queryClient]);
}
