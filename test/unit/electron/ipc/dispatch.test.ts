import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/ipc/dispatch';
import type { Handlers } from '../../../../electron/services/handlers';
import { createLogger } from '../../../../electron/core/logger';
import { UserFacingError } from '../../../../electron/core/userFacingError';

const calls: string[] = [];
const handlers: Handlers = {
  'app:info': async () => ({ version: '1', host: 'browser', demo: true, keychain: { available: true, detail: 'x' } }),
  'connections:list': async () => [],
  'sync:refresh': async () => { throw new UserFacingError('Unknown connection c_x.'); },
  'sync:pull': async (input) => {
    calls.push(input.connectionId);
    return { kind: 'waiting', message: 'm', retryAt: '2026-11-21T00:00:00.000Z' };
  },
  'sync:pullStream': async () => ({ streamId: 'ps_test00000000' }),
  'holdings:list': async () => ({ accounts: [] }),
  'sync:pullNext': async () => ({ kind: 'restart' }),
  'sync:report': async () => { throw new Error('boom with access-sandbox-secret-value'); },
  'demo:simulate': async () => ({ message: 'ok' }),
  'settings:get': async () => { throw new Error('not used here'); },
  'settings:saveProvider': async () => { throw new Error('not used here'); },
  'settings:clearProvider': async () => { throw new Error('not used here'); },
  'settings:testProvider': async () => ({ ok: true, message: 'ok' }),
  'settings:setDemo': async () => { throw new Error('not used here'); },
  'connections:remove': async () => ({ providerRemoved: true, message: 'ok' }),
  'connections:startLink': async () => ({ flowId: 'lf_test00000', url: 'http://127.0.0.1/', opened: false }),
  'connections:linkStatus': async () => ({ state: 'waiting', connectionId: null, message: 'waiting' }),
  'connections:cancelLink': async () => ({ state: 'cancelled', connectionId: null, message: 'cancelled' }),
  'app:notify': async () => ({ shown: false }),
  'app:setBadge': async () => undefined,
  'export:save': async () => ({ saved: false, fileName: null, message: null }),
  'app:installUpdate': async () => ({ installing: false }),
  'backup:save': async () => ({ saved: false, fileName: null, message: null }),
  'backup:autoStatus': async () => { throw new Error('not used here'); },
  'backup:chooseFolder': async () => { throw new Error('not used here'); },
  'backup:setAuto': async () => { throw new Error('not used here'); },
  'backup:writeAuto': async () => { throw new Error('not used here'); },
};
const lines: string[] = [];
const logger = createLogger({ echo: (l) => lines.push(l) });
logger.addSecret('access-sandbox-secret-value');

describe('dispatch', () => {
  it('runs a valid call', async () => {
    expect(await dispatch(handlers, 'sync:pull', { connectionId: 'c_1', cursor: null, trigger: 'launch' }, logger)).toMatchObject({ ok: true });
    expect(calls).toEqual(['c_1']);
  });

  it.each([
    ['unknown channel', 'sync:nope', {}, 'unknown_channel'],
    ['prototype key as channel', '__proto__', {}, 'unknown_channel'],
    ['non-string channel', 42, {}, 'unknown_channel'],
    ['missing field', 'sync:pull', { connectionId: 'c_1', trigger: 'launch' }, 'invalid_input'],
    ['wrong type', 'sync:pull', { connectionId: 7, cursor: null, trigger: 'launch' }, 'invalid_input'],
    ['extra field', 'sync:pull', { connectionId: 'c_1', cursor: null, trigger: 'launch', token: 'x' }, 'invalid_input'],
    ['bad enum', 'sync:pull', { connectionId: 'c_1', cursor: null, trigger: 'evil' }, 'invalid_input'],
    ['oversized cursor', 'sync:pull', { connectionId: 'c_1', cursor: 'x'.repeat(5000), trigger: 'launch' }, 'invalid_input'],
    ['path-like id', 'sync:pull', { connectionId: '../../etc', cursor: null, trigger: 'launch' }, 'invalid_input'],
    ['payload on a no-input channel', 'app:info', { a: 1 }, 'invalid_input'],
    ['null payload', 'sync:refresh', null, 'invalid_input'],
  ])('refuses %s', async (_name, channel, payload, code) => {
    const before = calls.length;
    const r = await dispatch(handlers, channel, payload, logger);
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(calls.length).toBe(before);
  });

  it('passes user-facing errors through and hides internal ones, redacting secrets in the log', async () => {
    expect(await dispatch(handlers, 'sync:refresh', { connectionId: 'c_x' }, logger)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Unknown connection c_x.' } });
    const r = await dispatch(handlers, 'sync:report', { connectionId: 'c_1', outcome: 'applied', message: null }, logger);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'sync:report failed inside Ledgerline; see the log.' } });
    expect(lines.join('\n')).toContain('[redacted]');
    expect(lines.join('\n')).not.toContain('access-sandbox-secret-value');
  });
});
