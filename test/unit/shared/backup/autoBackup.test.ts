import { describe, expect, it } from 'vitest';
import { autoBackupDue, autoBackupFileName, DEFAULT_AUTO_BACKUP, isAutoBackupFile, retentionVictims } from '../../../../shared/backup/autoBackup';
import { pinnedInstant } from '../../../support/clock/calendar.mjs';

// When an automatic backup is due, what it is called, and what retention deletes — on the test's
// pinned clock.
const HOUR = 3_600_000;
const now = new Date(pinnedInstant());
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('autoBackupDue', () => {
  const on = { ...DEFAULT_AUTO_BACKUP, enabled: true, folder: '/b' };
  it('needs it on and a folder', () => {
    expect(autoBackupDue(DEFAULT_AUTO_BACKUP, now)).toBe(false);
    expect(autoBackupDue({ ...on, folder: null }, now)).toBe(false);
    expect(autoBackupDue({ ...on, enabled: false }, now)).toBe(false);
    expect(autoBackupDue(on, now)).toBe(true);
  });
  it('once a day after the last success', () => {
    expect(autoBackupDue({ ...on, lastSuccessAt: ago(23 * HOUR + 59 * 60_000) }, now)).toBe(false);
    expect(autoBackupDue({ ...on, lastSuccessAt: ago(24 * HOUR) }, now)).toBe(true);
  });
  it('a failure is retried after an hour, not sooner', () => {
    const failed = { ...on, lastSuccessAt: ago(30 * HOUR), lastError: { code: 'ENOSPC', message: 'full', at: ago(59 * 60_000) } };
    expect(autoBackupDue({ ...failed, lastAttemptAt: ago(59 * 60_000) }, now)).toBe(false);
    expect(autoBackupDue({ ...failed, lastAttemptAt: ago(HOUR) }, now)).toBe(true);
  });
});

describe('file names and retention', () => {
  it('names a backup by its UTC time, so names sort by time in any zone', () => {
    const name = autoBackupFileName(now);
    expect(name).toBe(`ledgerline-auto-${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.llbackup`);
    expect(isAutoBackupFile(name)).toBe(true);
    expect(autoBackupFileName(new Date(now.getTime() + 1000)) > name).toBe(true);
  });
  it('deletes the oldest of ours beyond keep, never anything else', () => {
    const ours = [0, 1, 2, 3, 4].map((d) => autoBackupFileName(new Date(now.getTime() + d * 24 * HOUR)));
    const names = ['notes.txt', 'ledgerline-2026-04-05.llbackup', 'ledgerline-auto-x.llbackup', ...[...ours].reverse()];
    expect(retentionVictims(names, 3)).toEqual(ours.slice(0, 2));
    expect(retentionVictims(names, 14)).toEqual([]);
    expect(retentionVictims(names, 0)).toEqual(ours.slice(0, 4)); // at least one is always kept
  });
});
