import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/ipc/dispatch';
import type { Handlers } from '../../../../electron/services/handlers';
import { createBackupFiles, memoryAutoBackupStore, type BackupFs } from '../../../../electron/services/backupFiles';
import { createLogger } from '../../../../electron/core/logger';
import { CHANNELS } from '../../../../shared/ipc/contract';
import { encodeBackup } from '../../../../shared/backup/backup';

// The backup channels through the one IPC gate, with main's real backup service behind it: a
// payload that fails the contract (a path instead of a file name, extra fields, not a backup, a
// retention count out of range) is refused as invalid_input naming the field, and no byte is
// written; a file that passes the schema but is not a well-formed backup is refused by the service.
const logger = createLogger();

function gate() {
  const writes: string[] = [];
  const fsApi: BackupFs = {
    writeFile: async (f) => void writes.push(f),
    rename: async () => undefined,
    unlink: async () => undefined,
    readdir: async () => [],
  };
  const backups = createBackupFiles({
    logger, fs: fsApi, store: memoryAutoBackupStore({ enabled: true, folder: '/b' }),
    chooseSavePath: async (name) => `/b/${name}`, chooseFolder: async () => '/b',
  });
  const refuse = async () => { throw new Error('not used here'); };
  const handlers: Handlers = {
    ...(Object.fromEntries(CHANNELS.map((c) => [c, refuse])) as unknown as Handlers),
    'backup:save': (i) => backups.save(i),
    'backup:autoStatus': async () => backups.status(),
    'backup:chooseFolder': () => backups.chooseFolder(),
    'backup:setAuto': async (i) => backups.setAuto(i),
    'backup:writeAuto': (i) => backups.writeAuto(i),
  };
  return { writes, call: (channel: string, payload: unknown) => dispatch(handlers, channel, payload, logger) };
}

const meta = { appVersion: '1', schemaVersion: 11, createdAt: '2026-04-05T09:00:00.000Z' };

describe('the backup channels at the IPC gate', () => {
  it('refuses malformed payloads as invalid_input and writes nothing', async () => {
    const g = gate();
    const content = new TextDecoder().decode(await encodeBackup({ meta: [] }, meta));
    const cases: [string, unknown, RegExp][] = [
      ['backup:save', { suggestedName: '../../etc/passwd', content }, /suggestedName: expected a plain file name/],
      ['backup:save', { suggestedName: '/tmp/x.llbackup', content }, /suggestedName/],
      ['backup:save', { suggestedName: 'x.llbackup', content: 'Date,Amount\n' }, /content: expected a Ledgerline backup file/],
      ['backup:save', { suggestedName: 'x.llbackup', content, path: '/tmp' }, /unrecognized/i],
      ['backup:save', { suggestedName: 'x.llbackup', content: 42 }, /content/],
      ['backup:writeAuto', { content: null }, /content/],
      ['backup:writeAuto', { content, folder: '/elsewhere' }, /unrecognized/i],
      ['backup:setAuto', { enabled: true, keep: 0 }, /keep/],
      ['backup:setAuto', { enabled: true, keep: 1.5 }, /keep/],
      ['backup:setAuto', { enabled: 'yes', keep: 14 }, /enabled/],
      ['backup:chooseFolder', { folder: '/tmp' }, /input/],
    ];
    for (const [channel, payload, message] of cases) {
      const r = await g.call(channel, payload);
      expect(r, `${channel} ${JSON.stringify(payload).slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) } });
    }
    expect(g.writes).toEqual([]);
  });

  it('a payload that passes the schema but is not a well-formed backup is refused by main, unwritten', async () => {
    const g = gate();
    const r = await g.call('backup:writeAuto', { content: 'LEDGERLINE-BACKUP\n{"format":"ledgerline-backup"}\n' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not well formed/) } });
    expect(g.writes).toEqual([]);
  });

  it('passes a real backup through to the writer', async () => {
    const g = gate();
    const content = new TextDecoder().decode(await encodeBackup({ meta: [{ key: 'k', value: 'v' }] }, meta, 'a passphrase', {}));
    const r = await g.call('backup:save', { suggestedName: 'ledgerline-2026-04-05.llbackup', content });
    expect(r).toEqual({ ok: true, value: { saved: true, fileName: 'ledgerline-2026-04-05.llbackup', message: null } });
    expect(g.writes).toEqual(['/b/ledgerline-2026-04-05.llbackup.partial']);
  });
});
