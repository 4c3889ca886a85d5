import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { IPC_PROTOCOL, KEY_PROTOCOL_PREFIX } from '../../shared/ipc/wsProtocol';
import { startHost, type HostProcess } from './support/host';

// The browser host's IPC socket: only a same-origin page holding the per-launch key gets in, and
// every message is validated against the contract.
const clientId = 'ledgerline-e2e';
const secret = 'host-security-secret-42';
let bank: PlaidBank;
let host: HostProcess;
let origin: string;
let key: string;

beforeAll(async () => {
  bank = await startPlaidBank({ seed: 5, clientId, secret, tickIntervalMs: null, profile: { historyDays: 10 } });
  host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
  const url = new URL(host.url);
  origin = url.origin;
  key = new URLSearchParams(url.hash.slice(1)).get('key') ?? '';
});
afterAll(async () => {
  await host?.stop();
  await bank?.close();
});

function connect(opts: { key?: string; origin?: string; protocols?: string[] }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, opts.protocols ?? [IPC_PROTOCOL, KEY_PROTOCOL_PREFIX + (opts.key ?? key)], {
      origin: opts.origin ?? origin,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
function call(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('browser host IPC socket', () => {
  it('refuses a connection without the key, with a wrong key, or from another origin', async () => {
    await expect(connect({ protocols: [IPC_PROTOCOL] })).rejects.toThrow(/403/);
    await expect(connect({ key: 'not-the-key' })).rejects.toThrow(/403/);
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ origin: 'null' })).rejects.toThrow(/403/);
  });

  it('serves the contract to the right page and validates every message', async () => {
    const ws = await connect({});
    try {
      const info = await call(ws, { id: 1, channel: 'app:info' });
      expect(info).toMatchObject({ id: 1, ok: true, value: { host: 'browser', demo: true } });
      expect(await call(ws, 'not json')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await call(ws, { id: 2, channel: 'sync:pull', payload: { connectionId: 5 } })).toMatchObject({ id: 2, ok: false, error: { code: 'invalid_input' } });
      expect(await call(ws, { id: 3, channel: 'fs:read', payload: '/etc/passwd' })).toMatchObject({ id: 3, ok: false, error: { code: 'unknown_channel' } });
      expect(await call(ws, { id: 4, channel: 'sync:pull', payload: { connectionId: 'c_nope', cursor: null, trigger: 'manual' } }))
        .toMatchObject({ id: 4, ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Unknown connection/) } });
      // and it still works afterwards
      expect(await call(ws, { id: 5, channel: 'connections:list' })).toMatchObject({ id: 5, ok: true });
    } finally {
      ws.close();
    }
  });

  it('sends the renderer with a strict Content Security Policy', async () => {
    const res = await fetch(`${origin}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect((await fetch(`${origin}/../../etc/passwd`)).status).not.toBe(500);
    const traversal = await fetch(`${origin}/%2e%2e/%2e%2e/package.json`);
    expect(await traversal.text()).not.toContain('"name": "ledgerline"');
  });

  it('answers a malformed request target with 400 and keeps serving', async () => {
    // Sent byte for byte (fetch would normalise the URL): `decodeURIComponent` or `new URL` throw on these.
    const raw = (target: string, headers: Record<string, string> = {}) => new Promise<number>((resolve, reject) => {
      const u = new URL(origin);
      http.get({ host: u.hostname, port: u.port, path: target, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    for (const target of ['/%E0%A4%A', '/assets/%E0%A4%A.js', '/%ZZ', '//[', '/%00']) expect(await raw(target), target).toBe(400);
    // The IPC upgrade path parses the target too: refused, not a crash.
    expect(await raw('//[', { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' })).toBe(403);
    expect(host.child.exitCode).toBeNull();
    expect((await fetch(`${origin}/`)).status).toBe(200);
    const ws = await connect({});
    try {
      expect(await call(ws, { id: 1, channel: 'app:info' })).toMatchObject({ id: 1, ok: true });
    } finally {
      ws.close();
    }
  });
});
