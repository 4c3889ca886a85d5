import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../electron/core/logger';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('main-process logger', () => {
  it('writes redacted lines to its file and its echo', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logger-'));
    const echoed: string[] = [];
    const logger = createLogger({ file: path.join(dir, 'ledgerline.log'), echo: (l) => echoed.push(l) });
    logger.addSecret('access-sandbox-123456');
    logger.info('token access-sandbox-123456 stored');
    await settle();
    expect(fs.readFileSync(path.join(dir, 'ledgerline.log'), 'utf8')).toMatch(/INFO token \[redacted\] stored\n$/);
    expect(echoed).toEqual([expect.stringMatching(/INFO token \[redacted\] stored$/)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a log file that cannot be opened (its folder removed) neither throws nor ends the process: it says so and goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logger-'));
    const echoed: string[] = [];
    // The stream opens the file on a later tick: the folder is gone by then, as when a test or a
    // user removes the data folder under a running app. Unheard, its 'error' event is an uncaught exception.
    const logger = createLogger({ file: path.join(dir, 'ledgerline.log'), echo: (l) => echoed.push(l) });
    fs.rmSync(dir, { recursive: true, force: true });
    logger.info('first');
    await settle();
    expect(() => logger.warn('after the failure')).not.toThrow();
    expect(echoed.some((l) => /ERROR The log file cannot be written \(ENOENT\)/.test(l))).toBe(true);
    expect(echoed.at(-1)).toMatch(/WARN after the failure$/);
  });
});
