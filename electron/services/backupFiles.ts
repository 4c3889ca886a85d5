/**
 * Backups on disk, in main: the manual "Back up now" file (the save dialog, then the write) and
 * the automatic daily backups (the folder the user picked, retention, the last result). The
 * renderer builds every backup from IndexedDB (main never reads it) and hands main the file's
 * text; main checks it is a well-formed Ledgerline backup (its header, shared/backup/backup.ts)
 * before any byte reaches the disk, after dispatch() has checked the sender and the schema.
 *
 * Plain Node with the dialogs, the file system, the clock and the state file injected, so the
 * failures that matter (the folder gone, the disk full) are unit-tested with a fake fs.
 * "Nothing is lost": a backup is written to `<name>.partial` and renamed only when complete, and
 * retention deletes old automatic backups only after a new one is in place — a failed write
 * leaves every earlier backup where it was.
 */
import fsp from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AutoBackupView, ChannelInput, ChannelOutput, ExportSaveResult } from '../../shared/ipc/contract';
import { readBackupHeader } from '../../shared/backup/backup';
import {
  autoBackupDue, autoBackupFileName, BACKUP_EXTENSION, DEFAULT_AUTO_BACKUP, MAX_AUTO_BACKUP_KEEP, retentionVictims, type AutoBackupState,
} from '../../shared/backup/autoBackup';
import { UserFacingError } from '../core/userFacingError';
import type { Logger } from '../core/logger';

/** The file system calls the writer makes (node:fs/promises in the app; a fake in tests). */
export interface BackupFs {
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
}

export const nodeBackupFs: BackupFs = {
  writeFile: (file, data) => fsp.writeFile(file, data, { mode: 0o600, flag: 'w' }),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
  readdir: (dir) => fsp.readdir(dir),
};

/** Where main keeps the automatic-backup settings and last result. */
export interface AutoBackupStore {
  read(): AutoBackupState;
  write(state: AutoBackupState): void;
}

const StateSchema = z.object({
  enabled: z.boolean(),
  folder: z.string().nullable(),
  keep: z.number().int().min(1).max(MAX_AUTO_BACKUP_KEEP),
  lastSuccessAt: z.string().nullable(),
  lastFile: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});

/** `<dataDir>/backup.json`, replaced atomically; a missing or unreadable file is the defaults. */
export function openAutoBackupStore(dataDir: string): AutoBackupStore {
  const file = path.join(dataDir, 'backup.json');
  let state: AutoBackupState;
  try {
    state = StateSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    state = { ...DEFAULT_AUTO_BACKUP };
  }
  return {
    read: () => ({ ...state }),
    write(next) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(StateSchema.parse(next), null, 2), { mode: 0o600 });
      fs.renameSync(tmp, file);
      state = { ...next };
    },
  };
}

export function memoryAutoBackupStore(initial: Partial<AutoBackupState> = {}): AutoBackupStore {
  let state: AutoBackupState = { ...DEFAULT_AUTO_BACKUP, ...initial };
  return { read: () => ({ ...state }), write: (next) => void (state = { ...next }) };
}

/** Shows a save dialog suggesting `suggestedName`; the absolute path chosen, or null (cancelled). */
export type ChooseBackupPath = (suggestedName: string) => Promise<string | null>;
/** Shows a folder dialog; the absolute folder chosen, or null (cancelled). */
export type ChooseBackupFolder = (current: string | null) => Promise<string | null>;

export interface BackupFiles {
  save(input: ChannelInput<'backup:save'>): Promise<ExportSaveResult>;
  status(): AutoBackupView;
  chooseFolder(): Promise<ChannelOutput<'backup:chooseFolder'>>;
  setAuto(input: ChannelInput<'backup:setAuto'>): AutoBackupView;
  writeAuto(input: ChannelInput<'backup:writeAuto'>): Promise<ChannelOutput<'backup:writeAuto'>>;
}

/** What a failed write tells the user: what happened and what to do. Nothing was deleted. */
export function backupWriteProblem(code: string, folder: string): string {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `The backup folder ${folder} is gone (moved, renamed, or on a disk that is not connected). Reconnect the disk or choose another folder. Your earlier backups were not touched.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `The disk holding ${folder} is full. Free some space or choose a folder on another disk; your earlier backups were kept.`;
    case 'EACCES':
    case 'EPERM':
      return `Ledgerline is not allowed to write to ${folder}. Choose another folder.`;
    case 'EROFS':
      return `${folder} is on a read-only disk. Choose another folder.`;
    default:
      return `The backup could not be written to ${folder} (${code}). Try again, or choose another folder.`;
  }
}

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException | null)?.code ?? 'unknown';

export function createBackupFiles(deps: {
  logger: Logger;
  store: AutoBackupStore;
  now?: () => Date;
  fs?: BackupFs;
  /** Electron's dialogs; absent on the browser host (manual backups download in the page there). */
  chooseSavePath?: ChooseBackupPath;
  chooseFolder?: ChooseBackupFolder;
}): BackupFiles {
  const files = deps.fs ?? nodeBackupFs;
  const now = deps.now ?? (() => new Date());
  const available = deps.chooseFolder !== undefined;

  const view = (): AutoBackupView => {
    const s = deps.store.read();
    return {
      available, enabled: s.enabled, folder: s.folder, keep: s.keep, lastSuccessAt: s.lastSuccessAt, lastFile: s.lastFile, lastError: s.lastError,
      due: available && autoBackupDue(s, now()),
    };
  };

  /** The file's bytes, once its header says it is a backup whose body is all there. */
  const checked = (content: string): Uint8Array => {
    const bytes = Buffer.from(content, 'utf8');
    try {
      readBackupHeader(bytes);
    } catch (e) {
      throw new UserFacingError(`Not saved: the backup is not well formed (${e instanceof Error ? e.message : 'unreadable'}).`);
    }
    return bytes;
  };

  /** Writes next to the target, then renames: the target is the whole file or untouched. */
  const writeWhole = async (file: string, bytes: Uint8Array): Promise<void> => {
    const partial = `${file}.partial`;
    try {
      await files.writeFile(partial, bytes);
      await files.rename(partial, file);
    } catch (e) {
      await files.unlink(partial).catch(() => undefined);
      throw e;
    }
  };

  return {
    async save({ suggestedName, content }) {
      const bytes = checked(content);
      if (!deps.chooseSavePath) {
        return { saved: false, fileName: null, message: 'This host cannot show a save dialog; the backup downloads in the browser instead.' };
      }
      const chosen = await deps.chooseSavePath(suggestedName);
      if (!chosen) return { saved: false, fileName: null, message: null };
      const file = path.extname(chosen).toLowerCase() === BACKUP_EXTENSION ? chosen : `${chosen}${BACKUP_EXTENSION}`;
      if (!path.isAbsolute(file)) throw new Error('the save dialog returned a relative path');
      try {
        await writeWhole(file, bytes);
      } catch (e) {
        const code = errorCode(e);
        deps.logger.warn(`backup: could not write a backup file (${code})`);
        return { saved: false, fileName: path.basename(file), message: backupWriteProblem(code, path.dirname(file)) };
      }
      deps.logger.info(`backup: saved a backup file (${bytes.length} bytes)`);
      return { saved: true, fileName: path.basename(file), message: null };
    },

    status: view,

    async chooseFolder() {
      if (!deps.chooseFolder) return { changed: false, message: 'Automatic backups need the desktop app: this host cannot show a folder dialog.', view: view() };
      const current = deps.store.read();
      const chosen = await deps.chooseFolder(current.folder);
      if (!chosen) return { changed: false, message: null, view: view() };
      if (!path.isAbsolute(chosen)) throw new Error('the folder dialog returned a relative path');
      // A new folder starts a new series: the next check writes one at once there.
      deps.store.write({ ...current, folder: chosen, enabled: true, lastSuccessAt: null, lastFile: null, lastError: null, lastAttemptAt: null });
      deps.logger.info('backup: automatic backup folder chosen');
      return { changed: true, message: null, view: view() };
    },

    setAuto({ enabled, keep }) {
      const current = deps.store.read();
      deps.store.write({ ...current, enabled: enabled && current.folder !== null, keep });
      return view();
    },

    async writeAuto({ content }) {
      const state = deps.store.read();
      if (!available || !state.enabled || !state.folder) {
        return { written: false, fileName: null, deleted: 0, view: view() };
      }
      const bytes = checked(content);
      const at = now();
      const name = autoBackupFileName(at);
      const folder = state.folder;
      try {
        await writeWhole(path.join(folder, name), bytes);
      } catch (e) {
        const code = errorCode(e);
        deps.logger.warn(`backup: automatic backup failed (${code})`);
        deps.store.write({ ...deps.store.read(), lastAttemptAt: at.toISOString(), lastError: { code, message: backupWriteProblem(code, folder), at: at.toISOString() } });
        return { written: false, fileName: null, deleted: 0, view: view() };
      }
      deps.store.write({ ...deps.store.read(), lastAttemptAt: at.toISOString(), lastSuccessAt: at.toISOString(), lastFile: name, lastError: null });
      // Retention only after the new file is in place; a file that will not go is left for next time.
      let deleted = 0;
      try {
        for (const victim of retentionVictims(await files.readdir(folder), state.keep)) {
          if (victim === name) continue;
          try {
            await files.unlink(path.join(folder, victim));
            deleted++;
          } catch (e) {
            deps.logger.warn(`backup: could not delete an old automatic backup (${errorCode(e)})`);
          }
        }
      } catch (e) {
        deps.logger.warn(`backup: could not list the backup folder for retention (${errorCode(e)})`);
      }
      deps.logger.info(`backup: automatic backup written (${bytes.length} bytes, ${deleted} old removed)`);
      return { written: true, fileName: name, deleted, view: view() };
    },
  };
}
