/** The system save dialog for exports (Electron only): Downloads by default, filtered by format. */
import path from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter, type SaveDialogOptions } from 'electron';
import type { ChooseSavePath } from './services/exportFiles';

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
