import { describe, expect, it, vi } from 'vitest';

const registered: unknown[] = [];
vi.mock('electron', () => ({
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => registered.push(...schemes), handle: () => undefined },
  net: { fetch: () => Promise.reject(new Error('not in this test')) },
}));

describe('registerAppScheme', () => {
  it('registers app:// as a standard, secure scheme with V8 code cache (Electron caches compiled code only for http(s) otherwise)', async () => {
    const { registerAppScheme, APP_SCHEME } = await import('../../../../electron/ipc/appProtocol');
    registerAppScheme();
    expect(registered).toEqual([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });
});
