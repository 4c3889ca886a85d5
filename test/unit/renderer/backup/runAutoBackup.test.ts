import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../../renderer/src/db/schema';
import { runAutoBackupIfDue } from '../../../../renderer/src/backup/runAutoBackup';
import { decodeBackup } from '../../../../shared/backup/backup';
import type { AutoBackupView, ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { pinnedInstant } from '../../../support/clock/calendar.mjs';

// The renderer's half of automatic backups: asks main, builds a backup of the whole ledger only
// when main says one is due, hands it over, and reports main's word on failures.
const view = (over: Partial<AutoBackupView> = {}): AutoBackupView => ({
  available: true, enabled: true, folder: '/b', keep: 14, lastSuccessAt: null, lastFile: null, lastError: null, due: true, ...over,
});

function fakeApi(status: AutoBackupView, write: (input: ChannelInput<'backup:writeAuto'>) => ChannelOutput<'backup:writeAuto'>) {
  const written: string[] = [];
  return {
    written,
    api: {
      autoBackupStatus: async () => status,
      appInfo: async () => ({ version: '1.2.3', host: 'electron' as const, demo: false, keychain: { available: true, detail: '' } }),
      writeAutoBackup: async (input: ChannelInput<'backup:writeAuto'>) => {
        written.push(input.content);
        return write(input);
      },
    },
  };
}

describe('runAutoBackupIfDue', () => {
  it('not due: reads nothing, writes nothing', async () => {
    const db = openDb('auto-1');
    const f = fakeApi(view({ due: false }), () => { throw new Error('must not write'); });
    expect((await runAutoBackupIfDue(f.api, db, () => new Date(pinnedInstant()))).kind).toBe('notDue');
    expect(f.written).toEqual([]);
  });

  it('due: hands main an unencrypted backup of every table, dated by the clock', async () => {
    const db = openDb('auto-2');
    await db.meta.put({ key: 'changesSeenUpTo', value: '7' });
    const f = fakeApi(view(), () => ({ written: true, fileName: 'ledgerline-auto-x.llbackup', deleted: 0, view: view({ due: false }) }));
    const r = await runAutoBackupIfDue(f.api, db, () => new Date(pinnedInstant()));
    expect(r).toMatchObject({ kind: 'written', fileName: 'ledgerline-auto-x.llbackup', rows: 1 });
    const decoded = await decodeBackup(new TextEncoder().encode(f.written[0]));
    expect(decoded.header).toMatchObject({ appVersion: '1.2.3', createdAt: new Date(pinnedInstant()).toISOString(), encryption: null });
    expect(decoded.tables.meta).toEqual([{ key: 'changesSeenUpTo', value: '7' }]);
    expect(Object.keys(decoded.tables).sort()).toEqual(db.tables.map((t) => t.name).sort());
  });

  it('a failed write comes back with main\'s message for Settings', async () => {
    const db = openDb('auto-3');
    const failed = view({ due: false, lastError: { code: 'ENOSPC', message: 'The disk holding /b is full.', at: 'x' } });
    const f = fakeApi(view(), () => ({ written: false, fileName: null, deleted: 0, view: failed }));
    expect(await runAutoBackupIfDue(f.api, db, () => new Date(pinnedInstant()))).toEqual({ kind: 'failed', message: 'The disk holding /b is full.', view: failed });
  });
});
