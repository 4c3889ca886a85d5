/**
 * The browser host's "save": a download in the page (a Blob behind an `<a download>`), so the
 * host never writes a file on its disk because a page asked. Electron uses the save dialog instead.
 */
import type { ChannelInput, ExportSaveResult } from '../../../shared/ipc/contract';
import { CSV_MIME } from '../../../shared/export/csv';
import { OFX_MIME } from '../../../shared/export/ofx';

export function downloadInPage({ suggestedName, format, content }: ChannelInput<'export:save'>): Promise<ExportSaveResult> {
  const blob = new Blob([content], { type: format === 'csv' ? CSV_MIME : OFX_MIME });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  a.rel = 'noopener';
  a.click();
  // The download has its own copy once it starts; give slow machines a minute before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return Promise.resolve({ saved: true, fileName: suggestedName, message: null });
}
