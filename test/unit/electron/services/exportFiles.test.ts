import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExportFiles } from '../../../../electron/services/exportFiles';
import { createLogger } from '../../../../electron/core/logger';

// `export:save` in main: the injected save dialog decides where, the file is written there as is;
// without a dialog (the browser host) nothing is ever written.
const logger = createLogger();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-export-'));
const content = '\uFEFFDate,Amount\r\n2026-03-01,-4.50\r\n';

describe('exportFiles', () => {
  it('writes the content, byte for byte, where the dialog says, adding a missing extension', async () => {
    const dir = tmp();
    const asked: string[] = [];
    const files = createExportFiles({ logger, chooseSavePath: async (name, format) => (asked.push(`${name}|${format}`), path.join(dir, 'mine')) });
    const r = await files.save({ suggestedName: 'ledgerline-transactions-2026-03-20.csv', format: 'csv', content });
    expect(r).toEqual({ saved: true, fileName: 'mine.csv', message: null });
    expect(asked).toEqual(['ledgerline-transactions-2026-03-20.csv|csv']);
    expect(fs.readFileSync(path.join(dir, 'mine.csv'), 'utf8')).toBe(content);
  });

  it('keeps a chosen name that already has the extension', async () => {
    const dir = tmp();
    const files = createExportFiles({ logger, chooseSavePath: async () => path.join(dir, 'bank.OFX') });
    expect((await files.save({ suggestedName: 'x.ofx', format: 'ofx', content: '<OFX/>' })).fileName).toBe('bank.OFX');
  });

  it('a cancelled dialog writes nothing', async () => {
    const written: string[] = [];
    const files = createExportFiles({ logger, chooseSavePath: async () => null, writeFile: async (f) => void written.push(f) });
    expect(await files.save({ suggestedName: 'x.csv', format: 'csv', content })).toEqual({ saved: false, fileName: null, message: null });
    expect(written).toEqual([]);
  });

  it('without a dialog (browser host) nothing is written and the reply says why', async () => {
    const written: string[] = [];
    const files = createExportFiles({ logger, writeFile: async (f) => void written.push(f) });
    const r = await files.save({ suggestedName: 'x.csv', format: 'csv', content });
    expect(r.saved).toBe(false);
    expect(r.message).toMatch(/downloads in the browser/);
    expect(written).toEqual([]);
  });

  it('a write that fails is explained, not thrown', async () => {
    const files = createExportFiles({
      logger,
      chooseSavePath: async () => '/read-only/x.csv',
      writeFile: async () => {
        throw Object.assign(new Error('nope'), { code: 'EACCES' });
      },
    });
    const r = await files.save({ suggestedName: 'x.csv', format: 'csv', content });
    expect(r).toEqual({ saved: false, fileName: 'x.csv', message: 'Could not write x.csv (no permission to write there). Choose another folder and try again.' });
  });
});
