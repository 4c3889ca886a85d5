/**
 * `export:save`: writes a CSV or OFX file the renderer built to where the user chose. Plain Node:
 * the choosing is injected — Electron passes the system save dialog (electron/exportDialog.ts);
 * the browser host passes nothing, and then nothing is written on the host's disk because a page
 * asked (the browser client downloads the file in the page and never calls this channel).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChannelInput, ExportSaveResult } from '../../shared/ipc/contract';
import type { Logger } from '../core/logger';

export type ExportFormat = ChannelInput<'export:save'>['format'];

/** Shows a save dialog suggesting `suggestedName`; resolves to the absolute path chosen, or null (cancelled). */
export type ChooseSavePath = (suggestedName: string, format: ExportFormat) => Promise<string | null>;

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { csv: '.csv', ofx: '.ofx' };

export interface ExportFiles {
  save(input: ChannelInput<'export:save'>): Promise<ExportSaveResult>;
}

export function createExportFiles(deps: {
  chooseSavePath?: ChooseSavePath;
  logger: Logger;
  /** Tests inject; the app writes with fs. */
  writeFile?: (file: string, content: string) => Promise<void>;
}): ExportFiles {
  const write = deps.writeFile ?? ((file: string, content: string) => fs.writeFile(file, content, { encoding: 'utf8', mode: 0o600 }));
  return {
    async save({ suggestedName, format, content }) {
      if (!deps.chooseSavePath) {
        return { saved: false, fileName: null, message: 'This host cannot show a save dialog; the file downloads in the browser instead.' };
      }
      const chosen = await deps.chooseSavePath(suggestedName, format);
      if (!chosen) return { saved: false, fileName: null, message: null };
      // The dialog may return a name without the extension (Linux portals do): add it.
      const ext = EXPORT_EXTENSIONS[format];
      const file = path.extname(chosen).toLowerCase() === ext ? chosen : `${chosen}${ext}`;
      if (!path.isAbsolute(file)) throw new Error('the save dialog returned a relative path');
      try {
        await write(file, content);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
        deps.logger.warn(`export: could not write a ${format} file (${code})`);
        return { saved: false, fileName: path.basename(file), message: `Could not write ${path.basename(file)} (${writeErrorText(code)}). Choose another folder and try again.` };
      }
      deps.logger.info(`export: saved a ${format} file (${content.length} characters)`);
      return { saved: true, fileName: path.basename(file), message: null };
    },
  };
}

function writeErrorText(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'no permission to write there';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'that disk is read-only';
    case 'ENOENT':
      return 'that folder no longer exists';
    default:
      return code;
  }
}
