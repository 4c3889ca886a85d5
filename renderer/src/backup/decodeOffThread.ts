/**
 * `decodeBackup` in a Web Worker (decode.worker.ts) where the page has workers, so a restore's
 * parse and decryption never freeze it; in place where there are none (unit tests under Node).
 */
import { BackupError, decodeBackup, type BackupErrorCode, type BackupHeader } from '../../../shared/backup/backup';

export interface DecodeRequest {
  bytes: Uint8Array;
  passphrase?: string;
  maxSchemaVersion: number;
  knownTables: string[];
}

export type DecodeReply =
  | { ok: true; header: BackupHeader; tables: Record<string, unknown[]> }
  | { ok: false; code: BackupErrorCode | null; message: string };

export async function decodeOffThread(req: DecodeRequest): Promise<{ header: BackupHeader; tables: Record<string, unknown[]> }> {
  if (typeof Worker === 'undefined') {
    return decodeBackup(req.bytes, { maxSchemaVersion: req.maxSchemaVersion, knownTables: req.knownTables, ...(req.passphrase !== undefined ? { passphrase: req.passphrase } : {}) });
  }
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'backup-decode' });
  try {
    const reply = await new Promise<DecodeReply>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<DecodeReply>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(`The backup could not be opened: ${e.message || 'the decoder stopped'}.`));
      worker.postMessage(req);
    });
    if (reply.ok) return { header: reply.header, tables: reply.tables };
    throw reply.code ? new BackupError(reply.code, reply.message) : new Error(reply.message);
  } finally {
    worker.terminate();
  }
}
