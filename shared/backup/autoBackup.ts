/**
 * Automatic daily backups, the pure part: when one is due, what its file is called, and which old
 * ones retention deletes. Main keeps the folder and the state (electron/services/backupFiles.ts);
 * the renderer, which holds the ledger, asks main once after launch and then every hour whether a
 * backup is due (`backup:autoStatus`) and, if so, builds one and hands it to main
 * (`backup:writeAuto`). Main cannot do it on its own schedule: it never reads IndexedDB.
 *
 * Due: enabled, a folder chosen, and no successful automatic backup in the last 24 h (a failed
 * attempt is retried at the next hourly check, not sooner — a full disk is not hammered).
 */

export const AUTO_BACKUP_INTERVAL_MS = 24 * 3_600_000;
/** How often the renderer asks whether one is due, and at most how often a failed one is retried. */
export const AUTO_BACKUP_CHECK_MS = 3_600_000;
export const DEFAULT_AUTO_BACKUP_KEEP = 14;
export const MAX_AUTO_BACKUP_KEEP = 365;
export const BACKUP_EXTENSION = '.llbackup';

export interface AutoBackupState {
  enabled: boolean;
  /** The folder the user picked (absolute); null until one is. */
  folder: string | null;
  keep: number;
  lastSuccessAt: string | null;
  lastFile: string | null;
  lastAttemptAt: string | null;
  /** The last attempt's failure, for Settings; cleared by a success. */
  lastError: { code: string; message: string; at: string } | null;
}

export const DEFAULT_AUTO_BACKUP: AutoBackupState = {
  enabled: false, folder: null, keep: DEFAULT_AUTO_BACKUP_KEEP, lastSuccessAt: null, lastFile: null, lastAttemptAt: null, lastError: null,
};

export function autoBackupDue(state: AutoBackupState, now: Date): boolean {
  if (!state.enabled || !state.folder) return false;
  const t = now.getTime();
  if (state.lastAttemptAt && state.lastError && t - Date.parse(state.lastAttemptAt) < AUTO_BACKUP_CHECK_MS) return false;
  return !state.lastSuccessAt || t - Date.parse(state.lastSuccessAt) >= AUTO_BACKUP_INTERVAL_MS;
}

const AUTO_NAME = /^ledgerline-auto-(\d{8}T\d{6}Z)\.llbackup$/;

/** `ledgerline-auto-20260405T090000Z.llbackup`: UTC, so names sort by time whatever the zone. */
export function autoBackupFileName(now: Date): string {
  return `ledgerline-auto-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}${BACKUP_EXTENSION}`;
}

export const isAutoBackupFile = (name: string): boolean => AUTO_NAME.test(name);

/**
 * The automatic backups to delete so that `keep` remain: the oldest by the time in their names.
 * Only files this feature named are ever candidates — a user's own file in the folder is never touched.
 */
export function retentionVictims(names: readonly string[], keep: number): string[] {
  const ours = names.filter(isAutoBackupFile).sort();
  return ours.slice(0, Math.max(0, ours.length - Math.max(1, keep)));
}
