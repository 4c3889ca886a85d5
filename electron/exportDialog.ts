/** The system save dialog for exports (Electron only): Downloads by default, filtered by format. */
import path from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter, type SaveDialogOptions } from 'electron';
import type { ChooseSavePath } from './services/exportFiles';
import type { ChooseBackupFolder, ChooseBackupPath } from './services/backupFiles';
import type { OpenDialogOptions } from 'electron';

const FILTERS: Record<'csv' | 'ofx', FileFilter> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  ofx: { name: 'OFX (money apps)', extensions: ['ofx'] },
};

export function saveDialogChooser(parent: () => BrowserWindow | null): ChooseSavePath {
  return async (suggestedName, format) => {
    const options: SaveDialogOptions = {
      title: format === 'csv' ? 'Export transactions as CSV' : 'Export transactions as OFX',
      defaultPath: path.join(app.getPath('downloads'), suggestedName),
      buttonLabel: 'Export',
      filters: [FILTERS[format]],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = parent();
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}

/** Backups: the save dialog for "Back up now" (Documents by default) and the automatic backups' folder. */
export function backupSaveChooser(parent: () => BrowserWindow | null): ChooseBackupPath {
  return async (suggestedName) => {
    const options: SaveDialogOptions = {
      title: 'Back up the whole ledger',
      defaultPath: path.join(app.getPath('documents'), suggestedName),
      buttonLabel: 'Back up',
      filters: [{ name: 'Ledgerline backup', extensions: ['llbackup'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = parent();
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}

export function backupFolderChooser(parent: () => BrowserWindow | null): ChooseBackupFolder {
  return async (current) => {
    const options: OpenDialogOptions = {
      title: 'Folder for automatic backups',
      defaultPath: current ?? app.getPath('documents'),
      buttonLabel: 'Use this folder',
      properties: ['openDirectory', 'createDirectory'],
    };
    const win = parent();
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
