import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackupFiles, memoryAutoBackupStore, openAutoBackupStore, type BackupFs } from '../../../../electron/services/backupFiles';
import { createLogger } from '../../../../electron/core/logger';
import { encodeBackup } from '../../../../shared/backup/backup';
import { autoBackupFileName } from '../../../../shared/backup/autoBackup';
import { pinnedInstant } from '../../../support/clock/calendar.mjs';

// Backups in main: a backup is checked before any byte is written, written whole (a `.partial`
// renamed) or not at all, retention deletes only this feature's oldest files and only after a new
// one is in place, and a failure (the folder gone, the disk full) is recorded with what to do and
// loses nothing. The clock is the test's pinned one, moved by hand.
const logger = createLogger();
const meta = { appVersion: '1.0.0', schemaVersion: 11, createdAt: '2026-04-05T09:00:00.000Z' };
const backupText = async () => new TextDecoder().decode(await encodeBackup({ transactions: [{ id: 'plaid:t1', note: 'ü' }] }, meta));

/** An in-memory folder tree; `failWrites` makes every write fail with that code (ENOSPC: the disk is full). */
function fakeFs(initial: Record<string, string> = {}) {
  const files = new Map<string, Uint8Array>(Object.entries(initial).map(([k, v]) => [k, new TextEncoder().encode(v)]));
  const dirs = new Set<string>(['/backups']);
  const state = { failWrites: null as string | null, failUnlink: new Set<string>() };
  const err = (code: string) => Object.assign(new Error(code), { code });
  const fsApi: BackupFs = {
    async writeFile(file, data) {
      if (!dirs.has(path.dirname(file))) throw err('ENOENT');
      if (state.failWrites) {
        files.set(file, data.slice(0, 3)); // a full disk leaves a stub behind
        throw err(state.failWrites);
      }
      files.set(file, data);
    },
    async rename(from, to) {
      const data = files.get(from);
      if (!data) throw err('ENOENT');
      files.delete(from);
      files.set(to, data);
    },
    async unlink(file) {
      if (state.failUnlink.has(file)) throw err('EBUSY');
      if (!files.delete(file)) throw err('ENOENT');
    },
    async readdir(dir) {
      if (!dirs.has(dir)) throw err('ENOENT');
      return [...files.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f));
    },
  };
  return { fs: fsApi, files, dirs, state, names: () => [...files.keys()].sort() };
}

function setup(opts: { keep?: number; initial?: Record<string, string> } = {}) {
  const disk = fakeFs(opts.initial);
  let now = pinnedInstant();
  const store = memoryAutoBackupStore({ enabled: true, folder: '/backups', keep: opts.keep ?? 3 });
  const backups = createBackupFiles({ logger, store, fs: disk.fs, now: () => new Date(now), chooseFolder: async () => '/backups' });
  return { disk, store, backups, advance: (ms: number) => void (now += ms), now: () => new Date(now) };
}

const HOUR = 3_600_000;

describe('automatic backups in main', () => {
  it('is due at once with a folder, then not for 24 h; writes a whole file named by the time; retention keeps the newest N', async () => {
    const t = setup({ keep: 3, initial: { '/backups/my-own-notes.txt': 'mine', '/backups/ledgerline-2026-01-01.llbackup': 'a manual one' } });
    const content = await backupText();
    const written: string[] = [];
    for (let day = 0; day < 5; day++) {
      expect(t.backups.status().due).toBe(true);
      const r = await t.backups.writeAuto({ content });
      expect(r.written).toBe(true);
      expect(r.fileName).toBe(autoBackupFileName(t.now()));
      written.push(r.fileName!);
      expect(Buffer.from(t.disk.files.get(`/backups/${r.fileName}`)!).toString('utf8')).toBe(content);
      expect(r.view).toMatchObject({ lastSuccessAt: t.now().toISOString(), lastFile: r.fileName, lastError: null, due: false });
      t.advance(23 * HOUR);
      expect(t.backups.status().due).toBe(false);
      t.advance(HOUR);
    }
    // The three newest automatic ones remain; the user's own files are never touched; no .partial is left.
    expect(t.disk.names()).toEqual(['/backups/ledgerline-2026-01-01.llbackup', ...written.slice(2).map((n) => `/backups/${n}`), '/backups/my-own-notes.txt'].sort());
  });

  it('a full disk (ENOSPC): the error is recorded with what to do, earlier backups stay, no partial file is left, and it is retried after an hour', async () => {
    const t = setup({ keep: 2 });
    const content = await backupText();
    const first = await t.backups.writeAuto({ content });
    t.advance(24 * HOUR);
    t.disk.state.failWrites = 'ENOSPC';
    const r = await t.backups.writeAuto({ content });
    expect(r.written).toBe(false);
    expect(r.view.lastError).toEqual({ code: 'ENOSPC', message: expect.stringMatching(/disk holding \/backups is full.*Free some space or choose a folder on another disk/), at: t.now().toISOString() });
    expect(t.disk.names()).toEqual([`/backups/${first.fileName}`]);
    expect(r.view.lastSuccessAt).toBe(first.view.lastSuccessAt);
    // Not hammered: not due again within the hour; due after it.
    expect(t.backups.status().due).toBe(false);
    t.advance(HOUR);
    expect(t.backups.status().due).toBe(true);
    t.disk.state.failWrites = null;
    const again = await t.backups.writeAuto({ content });
    expect(again.written).toBe(true);
    expect(again.view.lastError).toBeNull();
  });

  it('the folder is gone (ENOENT): says so and how to fix it; nothing else changes', async () => {
    const t = setup();
    t.disk.dirs.clear();
    const r = await t.backups.writeAuto({ content: await backupText() });
    expect(r.written).toBe(false);
    expect(r.view.lastError?.code).toBe('ENOENT');
    expect(r.view.lastError?.message).toMatch(/\/backups is gone.*Reconnect the disk or choose another folder/);
    expect(t.disk.names()).toEqual([]);
  });

  it('an old backup that cannot be deleted is left for next time; the new one still counts', async () => {
    const t = setup({ keep: 1 });
    const content = await backupText();
    const first = await t.backups.writeAuto({ content });
    t.disk.state.failUnlink.add(`/backups/${first.fileName}`);
    t.advance(24 * HOUR);
    const second = await t.backups.writeAuto({ content });
    expect(second).toMatchObject({ written: true, deleted: 0 });
    t.disk.state.failUnlink.clear();
    t.advance(24 * HOUR);
    const third = await t.backups.writeAuto({ content });
    expect(third.deleted).toBe(2);
    expect(t.disk.names()).toEqual([`/backups/${third.fileName}`]);
  });

  it('refuses what is not a backup before writing anything', async () => {
    const t = setup();
    const good = await backupText();
    await expect(t.backups.writeAuto({ content: `${good}extra` })).rejects.toThrow(/not well formed/);
    await expect(t.backups.writeAuto({ content: 'LEDGERLINE-BACKUP\n{"format":"x"}\n' })).rejects.toThrow(/not well formed/);
    expect(t.disk.names()).toEqual([]);
  });

  it('writes nothing when off, or with no folder; the browser host (no folder dialog) is never due', async () => {
    const disk = fakeFs();
    const off = createBackupFiles({ logger, store: memoryAutoBackupStore({ enabled: false, folder: '/backups' }), fs: disk.fs, chooseFolder: async () => null });
    expect(off.status().due).toBe(false);
    expect((await off.writeAuto({ content: await backupText() })).written).toBe(false);
    const host = createBackupFiles({ logger, store: memoryAutoBackupStore({ enabled: true, folder: '/backups' }), fs: disk.fs });
    expect(host.status()).toMatchObject({ available: false, due: false });
    expect(await host.chooseFolder()).toMatchObject({ changed: false, message: expect.stringMatching(/desktop app/) });
    expect(disk.names()).toEqual([]);
  });

  it('choosing a folder turns backups on and makes one due there; setAuto keeps the count; the state survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-backup-state-'));
    const backups = createBackupFiles({ logger, store: openAutoBackupStore(dir), fs: fakeFs().fs, now: () => new Date(pinnedInstant()), chooseFolder: async () => '/somewhere/Backups' });
    expect(backups.status()).toMatchObject({ available: true, enabled: false, folder: null, keep: 14, due: false });
    expect((await backups.chooseFolder()).view).toMatchObject({ enabled: true, folder: '/somewhere/Backups', due: true });
    expect(backups.setAuto({ enabled: true, keep: 30 })).toMatchObject({ keep: 30, enabled: true });
    const reopened = openAutoBackupStore(dir).read();
    expect(reopened).toMatchObject({ enabled: true, folder: '/somewhere/Backups', keep: 30 });
  });
});

describe('"Back up now" in main', () => {
  it('writes the backup where the save dialog says, adding the extension, byte for byte', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-backup-'));
    const backups = createBackupFiles({ logger, store: memoryAutoBackupStore(), chooseSavePath: async () => path.join(dir, 'mine') });
    const content = await backupText();
    const r = await backups.save({ suggestedName: 'ledgerline-2026-04-05.llbackup', content });
    expect(r).toEqual({ saved: true, fileName: 'mine.llbackup', message: null });
    expect(fs.readFileSync(path.join(dir, 'mine.llbackup'), 'utf8')).toBe(content);
    expect(fs.readdirSync(dir)).toEqual(['mine.llbackup']);
  });

  it('a full disk is explained and leaves no file behind', async () => {
    const disk = fakeFs();
    disk.state.failWrites = 'ENOSPC';
    const backups = createBackupFiles({ logger, store: memoryAutoBackupStore(), fs: disk.fs, chooseSavePath: async () => '/backups/x.llbackup' });
    const r = await backups.save({ suggestedName: 'x.llbackup', content: await backupText() });
    expect(r).toMatchObject({ saved: false, fileName: 'x.llbackup', message: expect.stringMatching(/full/) });
    expect(disk.names()).toEqual([]);
  });
});
