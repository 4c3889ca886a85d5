/**
 * The renderer's half of automatic backups: main keeps the folder, retention and the last result
 * and says when one is due (shared/backup/autoBackup.ts); the renderer, which holds the ledger,
 * asks once shortly after launch and then every hour, and when main says "due" builds an
 * unencrypted backup (an automatic one has no one to type a passphrase; it goes to a folder the
 * user chose, written 0600 by main) and hands it over. Main records success or failure, which
 * Settings shows from `backup:autoStatus`.
 */
import type { LedgerlineApi, AutoBackupView } from '../../../shared/ipc/contract';
import type { LedgerlineDb } from '../db/schema';
import { dumpLedger } from './dumpLedger';

export type AutoBackupOutcome =
  | { kind: 'notDue'; view: AutoBackupView }
  | { kind: 'written'; fileName: string; rows: number; ms: number; view: AutoBackupView }
  | { kind: 'failed'; message: string; view: AutoBackupView | null };

export async function runAutoBackupIfDue(
  api: Pick<LedgerlineApi, 'autoBackupStatus' | 'writeAutoBackup' | 'appInfo'>,
  db: LedgerlineDb,
  now: () => Date,
): Promise<AutoBackupOutcome> {
  const view = await api.autoBackupStatus();
  if (!view.due) return { kind: 'notDue', view };
  let dump;
  try {
    dump = await dumpLedger(db, { appVersion: (await api.appInfo()).version, now });
  } catch (e) {
    return { kind: 'failed', message: `The automatic backup could not read the ledger: ${e instanceof Error ? e.message : String(e)}`, view };
  }
  const reply = await api.writeAutoBackup({ content: new TextDecoder().decode(dump.bytes) });
  if (!reply.written || !reply.fileName) return { kind: 'failed', message: reply.view.lastError?.message ?? 'The automatic backup was not written.', view: reply.view };
  return { kind: 'written', fileName: reply.fileName, rows: dump.rows, ms: dump.ms, view: reply.view };
}
