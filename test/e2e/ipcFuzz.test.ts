import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel, type ChannelInput } from '../../shared/ipc/contract';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { startHost, type HostProcess } from './support/host';
import { openIpcSocket, type IpcSocket, type Reply } from './support/ipcSocket';

// Every channel of the contract, fuzzed over the browser host's real IPC socket: malformed,
// oversized, wrongly typed, missing and extra fields, null, arrays, deep nesting, prototype
// pollution. Each must be refused with `invalid_input` or `unknown_channel` — never `internal`,
// never a crash — and the host must keep serving afterwards. Only payloads the channel's own schema
// rejects are sent, so nothing here ever changes the host's state.
const clientId = 'ledgerline-fuzz';
const secret = 'ipc-fuzz-secret-5150';
const SEED = 20251121;
/** fast-check runs per generator, per channel. */
const RUNS = 100;
/** The socket's limit is 1 MiB; this must close it. */
const OVERSIZED_BYTES = 2 * 1024 * 1024;

/** A schema-valid input per channel, for mutating field by field. Typed: a new channel must add one. */
const VALID: { [C in Channel]: ChannelInput<C> } = {
  'app:info': undefined,
  'connections:list': undefined,
  'sync:refresh': { connectionId: 'c_fuzz' },
  'holdings:list': { connectionId: 'c_fuzz' },
  'sync:pull': { connectionId: 'c_fuzz', cursor: null, trigger: 'manual' },
  'sync:pullStream': { connectionId: 'c_fuzz', trigger: 'manual' },
  'sync:pullNext': { streamId: 'ps_fuzz00000000' },
  'sync:report': { connectionId: 'c_fuzz', outcome: 'failed', message: null },
  'settings:get': undefined,
  'settings:saveProvider': { provider: 'plaid', environment: 'sandbox', clientId: 'fuzz-client', secret: 'fuzz-secret-value', baseUrl: null },
  'settings:clearProvider': { provider: 'plaid' },
  'settings:testProvider': { provider: 'plaid' },
  'settings:setDemo': { enabled: true },
  'connections:remove': { connectionId: 'c_fuzz' },
  'connections:startLink': { provider: 'plaid', reauthConnectionId: null },
  'connections:linkStatus': { flowId: 'lf_fuzz0000000' },
  'connections:cancelLink': { flowId: 'lf_fuzz0000000' },
  'demo:simulate': { connectionId: 'c_fuzz', action: 'repair' },
  'app:notify': { title: 'Fuzz', body: '' },
  'app:setBadge': { count: 0 },
  'export:save': { suggestedName: 'fuzz.csv', format: 'csv', content: 'Date\r\n' },
  'app:installUpdate': undefined,
  'backup:save': { suggestedName: 'fuzz.llbackup', content: 'LEDGERLINE-BACKUP\n{}\n' },
  'backup:autoStatus': undefined,
  'backup:chooseFolder': undefined,
  'backup:setAuto': { enabled: false, keep: 14 },
  'backup:writeAuto': { content: 'LEDGERLINE-BACKUP\n{}\n' },
};

let bank: PlaidBank;
let host: HostProcess;
let socket: IpcSocket;
let nextId = 1;
const sent: Record<string, { payloads: number; skippedValid: number; reconnects: number }> = {};

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** What the host will actually see: the payload after a JSON round trip (undefined → absent). */
function asReceived(payload: unknown): unknown {
  const text = JSON.stringify({ payload });
  return (JSON.parse(text) as { payload?: unknown }).payload;
}
const acceptedBy = (channel: Channel, payload: unknown) => contract[channel].input.safeParse(asReceived(payload)).success;

async function reconnect(): Promise<void> {
  if (socket?.isOpen()) socket.close();
  if (host.child.exitCode !== null || host.child.signalCode !== null) {
    throw new Error(`the host exited (${host.child.exitCode ?? host.child.signalCode}):\n${host.output().slice(-3000)}`);
  }
  socket = await openIpcSocket(host.url);
}

function expectRefused(reply: Reply, codes: readonly string[], what: string, id: number | null): void {
  const where = `${what} → ${JSON.stringify(reply).slice(0, 300)}`;
  expect(reply.ok, where).toBe(false);
  expect(codes, where).toContain(reply.error?.code);
  expect(reply.error?.code, where).not.toBe('internal');
  // A safe { code, message } only: no stack, no object dump.
  expect(typeof reply.error?.message, where).toBe('string');
  expect(reply.error?.message ?? '', where).not.toMatch(/\n\s+at |node:internal|\.js:\d+/);
  expect(Object.keys(reply).sort(), where).toEqual(['error', 'id', 'ok']);
  if (id !== null) expect([id, null], where).toContain(reply.id);
}

/** Sends `{ id, channel, payload }` (or a raw frame) and checks the refusal. */
async function refuse(channel: Channel, frame: { payload: unknown } | { raw: (id: number) => string }, codes: readonly string[] = ['invalid_input']) {
  const id = nextId++;
  const text = 'raw' in frame ? frame.raw(id) : JSON.stringify({ id, channel, payload: frame.payload });
  if (!socket.isOpen()) await reconnect();
  let reply: Reply;
  try {
    reply = await socket.send(text);
  } catch (e) {
    await new Promise((r) => setTimeout(r, 300)); // let a dying host's last words arrive
    throw new Error(`${channel}: ${text.slice(0, 300)} (${text.length} chars) got no reply: ${String(e)}\nhost output:\n${host.output().slice(-3000)}`, { cause: e });
  }
  const counts = (sent[channel] ??= { payloads: 0, skippedValid: 0, reconnects: 0 });
  counts.payloads++;
  expectRefused(reply, codes, `${channel} ${text.slice(0, 160)}`, id);
}

/** Object payloads built from the channel's valid input: one field wrong, missing, or one too many. */
function mutants(channel: Channel): fc.Arbitrary<unknown> {
  const valid = VALID[channel];
  const anyValue = fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true, withObjectString: true });
  if (valid === undefined || valid === null || typeof valid !== 'object') return anyValue;
  const base = valid as Record<string, unknown>;
  const fields = Object.keys(base);
  const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...POLLUTION_KEYS));
  const wrong = fc.oneof(
    fc.constantFrom<unknown>(null, 0, -1, 1.5, true, false, '', ' ', [], {}, 'x'.repeat(5000), [base], { ...base }),
    anyValue,
  );
  return fc.oneof(
    // one field with a wrong value (of any type)
    fc.tuple(fc.constantFrom(...fields), wrong).map(([f, v]) => ({ ...base, [f]: v })),
    // one field missing
    fc.constantFrom(...fields).map((f) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== f))),
    // an extra field (strict objects refuse it)
    fc.tuple(key, anyValue).map(([k, v]) => Object.defineProperty({ ...base }, k, { value: v, enumerable: true, writable: true, configurable: true })),
    // all fields, each of a random type
    fc.tuple(...fields.map(() => wrong)).map((vs) => Object.fromEntries(fields.map((f, i) => [f, vs[i]]))),
  );
}

/** Raw frames no JS object could produce: own `__proto__` keys, deep nesting, bad JSON. */
function rawFrames(channel: Channel): { name: string; raw: (id: number) => string; codes?: readonly string[] }[] {
  const valid = JSON.stringify(VALID[channel] ?? {});
  const c = JSON.stringify(channel);
  const deepArray = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
  const deepObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
  return [
    { name: '__proto__ payload', raw: (id) => `{"id":${id},"channel":${c},"payload":{"__proto__":{"polluted":true,"isAdmin":true}}}` },
    { name: '__proto__ inside a valid payload', raw: (id) => `{"id":${id},"channel":${c},"payload":${valid === '{}' ? '{"__proto__":{"polluted":true}}' : valid.replace(/^\{/, '{"__proto__":{"polluted":true},')}}` },
    { name: 'constructor.prototype payload', raw: (id) => `{"id":${id},"channel":${c},"payload":{"constructor":{"prototype":{"polluted":true}}}}` },
    // A valid payload offered only through the envelope's __proto__: the host must not find it there.
    { name: '__proto__ envelope', raw: (id) => `{"id":${id},"channel":${c},"payload":5,"__proto__":{"payload":${valid},"channel":"app:info"}}` },
    { name: 'null payload', raw: (id) => `{"id":${id},"channel":${c},"payload":null}` },
    { name: 'array payload', raw: (id) => `{"id":${id},"channel":${c},"payload":[${valid}]}` },
    { name: 'deeply nested array', raw: (id) => `{"id":${id},"channel":${c},"payload":${deepArray}}` },
    { name: 'deeply nested object', raw: (id) => `{"id":${id},"channel":${c},"payload":${deepObject}}` },
    { name: 'large string (under the limit)', raw: (id) => `{"id":${id},"channel":${c},"payload":${JSON.stringify('y'.repeat(900_000))}}` },
    { name: 'truncated JSON', raw: (id) => `{"id":${id},"channel":${c},"payload":${valid}`.slice(0, -1) },
    { name: 'not JSON', raw: (id) => `id=${id}&channel=${channel}` },
    { name: 'string id', raw: () => `{"id":"1","channel":${c},"payload":${valid}}` },
    { name: 'fractional id', raw: (id) => `{"id":${id}.5,"channel":${c},"payload":${valid}}` },
    { name: 'no id', raw: () => `{"channel":${c},"payload":${valid}}` },
    { name: 'JSON null', raw: () => 'null' },
    { name: 'JSON array envelope', raw: (id) => `[${id},${c},${valid}]` },
    // the channel's own name, slightly wrong: never a different channel, never a prototype member
    ...[`${channel} `, channel.toUpperCase(), `${channel}\u0000`, `${channel}:x`].map((name) => ({
      name: `channel ${JSON.stringify(name)}`, codes: ['unknown_channel'] as const,
      raw: (id: number) => `{"id":${id},"channel":${JSON.stringify(name)},"payload":${valid}}`,
    })),
    { name: 'channel in an array', codes: ['unknown_channel'], raw: (id) => `{"id":${id},"channel":[${c}],"payload":${valid}}` },
    { name: 'channel as an object', codes: ['unknown_channel'], raw: (id) => `{"id":${id},"channel":{"toString":${c}},"payload":${valid}}` },
  ];
}

describe('IPC fuzz over the browser host socket', () => {
  beforeAll(async () => {
    bank = await startPlaidBank({ seed: 99, clientId, secret, tickIntervalMs: null, profile: { historyDays: 10 } });
    host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret });
    socket = await openIpcSocket(host.url);
  });
  afterAll(async () => {
    socket?.close();
    await host?.stop();
    await bank?.close();
  });

  it('has a valid sample for every channel (the mutants start from it)', () => {
    for (const channel of CHANNELS) expect(acceptedBy(channel, VALID[channel]), channel).toBe(true);
  });

  it.each(CHANNELS)('%s refuses every malformed payload with invalid_input or unknown_channel', async (channel) => {
    const counts = (sent[channel] ??= { payloads: 0, skippedValid: 0, reconnects: 0 });
    const property = (arb: fc.Arbitrary<unknown>) =>
      fc.assert(
        fc.asyncProperty(arb, async (payload) => {
          if (acceptedBy(channel, payload)) {
            counts.skippedValid++;
            return; // never send something the host would act on
          }
          await refuse(channel, { payload });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );

    // anything at all, JSON values, objects with hostile keys, and the valid input mutated
    await property(fc.anything({ maxDepth: 4, maxKeys: 6, withNullPrototype: true, withObjectString: true, withSparseArray: true }));
    await property(fc.jsonValue({ maxDepth: 4 }));
    await property(fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...POLLUTION_KEYS)), fc.anything({ maxDepth: 2 }), { maxKeys: 6 }));
    await property(mutants(channel));

    for (const frame of rawFrames(channel)) await refuse(channel, { raw: frame.raw }, frame.codes ?? ['invalid_input']);

    // 2 MB: over the socket's 1 MiB limit, so the host closes it (1009: message too big) ...
    const code = await socket.sendExpectingClose(JSON.stringify({ id: nextId++, channel, payload: 'z'.repeat(OVERSIZED_BYTES) }));
    expect(code).toBe(1009);
    counts.payloads++;
    // ... and a new connection works at once (the host must have survived it).
    await new Promise((r) => setTimeout(r, 100));
    expect(host.child.exitCode, `the host exited after an oversized frame:\n${host.output().slice(-2000)}`).toBeNull();
    await reconnect();
    counts.reconnects++;
    const info = await socket.send(JSON.stringify({ id: nextId++, channel: 'app:info' }));
    expect(info).toMatchObject({ ok: true, value: { host: 'browser' } });
    expect(host.child.exitCode).toBeNull();
  });

  it('keeps serving afterwards: app:info and connections:list answer, the host is alive, nothing failed inside', async () => {
    if (!socket.isOpen()) await reconnect();
    expect(await socket.send(JSON.stringify({ id: nextId++, channel: 'app:info' }))).toMatchObject({ ok: true, value: { host: 'browser', demo: true } });
    const list = await socket.send(JSON.stringify({ id: nextId++, channel: 'connections:list' }));
    expect(list.ok).toBe(true);
    expect(Array.isArray(list.value)).toBe(true);
    expect(host.child.exitCode).toBeNull();
    expect(host.child.signalCode).toBeNull();
    const log = fs.readFileSync(path.join(host.dataDir, 'ledgerline.log'), 'utf8');
    expect(log).not.toMatch(/handler failed/);
    expect(host.output()).not.toMatch(/Uncaught|UnhandledPromiseRejection|RangeError|TypeError/);

    const total = Object.values(sent).reduce((n, c) => n + c.payloads, 0);
    console.log(`IPC fuzz: ${total} refused payloads over ${CHANNELS.length} channels (seed ${SEED})`);
    for (const channel of CHANNELS) {
      const c = sent[channel] ?? { payloads: 0, skippedValid: 0, reconnects: 0 };
      console.log(`  ${channel.padEnd(24)} ${String(c.payloads).padStart(4)} sent, ${c.skippedValid} generated-but-valid not sent, ${c.reconnects} reconnect(s) after 2 MB`);
    }
    for (const channel of CHANNELS) expect(sent[channel]?.payloads ?? 0, channel).toBeGreaterThan(100);
  });
});
