/**
 * The browser host's "Back up now": a download in the page, like an export (the host writes no
 * file because a page asked, and its socket carries 1 MB messages at most). Automatic backups
 * need main to write to a folder the user picked, so the browser host has none.
 */
import type { ChannelInput, ChannelOutput, ExportSaveResult } from '../../../shared/ipc/contract';
import { BACKUP_MIME } from '../../../shared/backup/backup';

export function downloadBackupInPage({ suggestedName, content }: ChannelInput<'backup:save'>): Promise<ExportSaveResult> {
  return downloadBackupBytes(suggestedName, content);
}

/** The same download from the file's bytes (no 50 MB string made and encoded again on the page). */
export function downloadBackupBytes(suggestedName: string, content: string | Uint8Array<ArrayBuffer>): Promise<ExportSaveResult> {
  const url = URL.createObjectURL(new Blob([content], { type: BACKUP_MIME }));
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  a.rel = 'noopener';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return Promise.resolve({ saved: true, fileName: suggestedName, message: null });
}

/** What the browser host answers to an automatic backup (main would refuse it the same way). */
export function noAutoBackupInPage(view: ChannelOutput<'backup:autoStatus'>): ChannelOutput<'backup:writeAuto'> {
  return { written: false, fileName: null, deleted: 0, view };
}
