import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadHostConfig } from '../../../../electron/services/config';

describe('loadConfig', () => {
  it('has defaults that need no environment', () => {
    const c = loadConfig({}, '/tmp/ll');
    expect(c).toMatchObject({ dataDir: path.resolve('/tmp/ll'), keychainService: 'Ledgerline', demoBankUrls: { plaid: null, moneykit: null, snaptrade: null }, demoSeed: 20261121 });
  });

  it('keeps the browser host out of the installed app\'s keychain unless told otherwise', () => {
    expect(loadConfig({}, '/home/u/.config/Ledgerline').keychainService).toBe('Ledgerline');
    const host = loadHostConfig({}, '/work/ll');
    expect(host).toMatchObject({ keychainService: 'ledgerline-dev', dataDir: path.resolve('/work/ll/.ledgerline-data') });
    expect(loadHostConfig({ LEDGERLINE_KEYCHAIN_SERVICE: ' ' }, '/work/ll').keychainService).toBe('ledgerline-dev');
    // Explicitly chosen (tests use a fresh service per run), the variable wins for both.
    expect(loadHostConfig({ LEDGERLINE_KEYCHAIN_SERVICE: 'LL-test' }, '/work/ll').keychainService).toBe('LL-test');
    expect(loadConfig({ LEDGERLINE_KEYCHAIN_SERVICE: 'LL-test' }).keychainService).toBe('LL-test');
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      LEDGERLINE_DATA_DIR: '/data', LEDGERLINE_KEYCHAIN_SERVICE: 'LL-test', LEDGERLINE_PLAID_URL: 'http://127.0.0.1:9/',
      LEDGERLINE_MONEYKIT_URL: 'http://127.0.0.1:8', LEDGERLINE_SNAPTRADE_URL: 'https://example.test/api', LEDGERLINE_DEMO_SEED: '7',
      LEDGERLINE_RETRY_BASE_MS: '5', LEDGERLINE_REQUEST_TIMEOUT_MS: '100',
    });
    expect(c).toMatchObject({
      dataDir: '/data', keychainService: 'LL-test', demoBankUrls: { plaid: 'http://127.0.0.1:9/', moneykit: 'http://127.0.0.1:8', snaptrade: 'https://example.test/api' },
      demoSeed: 7, retryBaseMs: 5, requestTimeoutMs: 100,
    });
  });

  it('refuses malformed values with a message naming the variable', () => {
    expect(() => loadConfig({ LEDGERLINE_PLAID_URL: 'ftp://x' })).toThrow(/LEDGERLINE_PLAID_URL/);
    expect(() => loadConfig({ LEDGERLINE_SNAPTRADE_URL: 'not a url' })).toThrow(/LEDGERLINE_SNAPTRADE_URL/);
    expect(() => loadConfig({ LEDGERLINE_DEMO_SEED: '1.5' })).toThrow(/LEDGERLINE_DEMO_SEED/);
    expect(() => loadConfig({ LEDGERLINE_RETRY_BASE_MS: '-1' })).toThrow(/LEDGERLINE_RETRY_BASE_MS/);
  });
});
