/**
 * The registry of connections main knows about, kept as a small JSON file in the data folder.
 * It holds identifiers and status only; every token stays in the keychain.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import {
  ConnectionStatusSchema, ProviderSchema, type ConnectionInfo, type ConnectionStatus, type Provider,
} from '../../shared/types';

const RecordSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  institutionName: z.string(),
  institutionId: z.string().nullable(),
  demo: z.boolean(),
  createdAt: z.string(),
  /** The provider's id for the link (Plaid item_id); not a secret. */
  externalId: z.string(),
  status: ConnectionStatusSchema,
});
export type ConnectionRecord = z.infer<typeof RecordSchema>;
const FileSchema = z.object({ version: z.literal(1), connections: z.array(RecordSchema) });

export const NEVER_SYNCED: ConnectionStatus = {
  state: 'never_synced', lastAttemptAt: null, lastSuccessAt: null, message: null, retryAt: null,
};

export interface ConnectionStore {
  list(): ConnectionRecord[];
  get(id: string): ConnectionRecord | undefined;
  add(input: { provider: Provider; institutionName: string; institutionId: string | null; demo: boolean; externalId: string }): ConnectionRecord;
  remove(id: string): void;
  setStatus(id: string, patch: Partial<ConnectionStatus>): ConnectionRecord;
}

export function toConnectionInfo(r: ConnectionRecord): ConnectionInfo {
  const { externalId: _omit, ...info } = r;
  return info;
}

export function openConnectionStore(dataDir: string, now: () => Date = () => new Date()): ConnectionStore {
  const file = path.join(dataDir, 'connections.json');
  let records = load(file);
  const save = () => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, connections: records }, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file); // atomic replace: a crash leaves the old or the new file, never half of one
  };
  const find = (id: string) => {
    const r = records.find((c) => c.id === id);
    if (!r) throw new Error(`unknown connection ${id}`);
    return r;
  };
  return {
    list: () => records.map((r) => ({ ...r, status: { ...r.status } })),
    get: (id) => records.find((r) => r.id === id),
    add(input) {
      const record: ConnectionRecord = {
        id: `c_${crypto.randomBytes(8).toString('base64url')}`,
        createdAt: now().toISOString(),
        status: { ...NEVER_SYNCED },
        ...input,
      };
      records = [...records, record];
      save();
      return record;
    },
    remove(id) {
      records = records.filter((r) => r.id !== id);
      save();
    },
    setStatus(id, patch) {
      const r = find(id);
      r.status = { ...r.status, ...patch };
      save();
      return r;
    },
  };
}

function load(file: string): ConnectionRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const parsed = FileSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    // Keep the unreadable file for inspection instead of silently overwriting it.
    fs.renameSync(file, `${file}.corrupt-${Date.now()}`);
    return [];
  }
  return parsed.data.connections;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
