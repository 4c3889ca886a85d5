/**
 * Opens a backup file off the page's thread: parsing and checking 100k rows of JSON (and
 * decrypting them) takes seconds, which on the page would freeze it. The rows come back by
 * structured clone; a BackupError comes back as its code and message.
 */
import { BackupError, decodeBackup, type DecodeOptions } from '../../../shared/backup/backup';
import type { DecodeReply, DecodeRequest } from './decodeOffThread';

const scope = self as unknown as { onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null; postMessage(reply: DecodeReply): void };

scope.onmessage = (e) => {
  const { bytes, passphrase, maxSchemaVersion, knownTables } = e.data;
  const opts: DecodeOptions = { maxSchemaVersion, knownTables, ...(passphrase !== undefined ? { passphrase } : {}) };
  decodeBackup(bytes, opts).then(
    (opened) => scope.postMessage({ ok: true, header: opened.header, tables: opened.tables }),
    (error: unknown) => scope.postMessage({
      ok: false,
      code: error instanceof BackupError ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
};
