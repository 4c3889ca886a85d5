import { beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { BackupError, base64Bytes, createBackupBuilder, decodeBackup, encodeBackup, PBKDF2_ITERATIONS, readBackupHeader, unbase64Bytes, type BackupTables } from '../../../../shared/backup/backup';
import { SCHEMA_V8 } from '../../../../renderer/src/db/schema';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 201 });

const META = { appVersion: '0.1.0', schemaVersion: 8, createdAt: '2024-03-01T12:00:00.000Z' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);

/** Every table of the database (the list comes from the schema, as the app will pass it), with awkward rows. */
function sampleTables(): Record<string, unknown[]> {
  const tables: Record<string, unknown[]> = Object.fromEntries(Object.keys(SCHEMA_V8).map((name) => [name, []]));
  tables.transactions = [
    // A live row: listKey present; postedFromId present but undefined (IndexedDB keeps the key).
    { id: 'plaid:t1', accountId: 'plaid:a1', date: '2024-01-31', amountMinor: -575, currency: 'USD', description: 'Café ☕ "Blue" \\ Bottle\n2nd line', merchant: null, pending: false, listKey: '2024-01-31|plaid:t1', postedFromId: undefined, removedAt: null, userCategory: 'food', note: '' },
    // A tombstone: no listKey at all.
    { id: 'plaid:t2', accountId: 'plaid:a1', date: '2024-01-30', amountMinor: 0, currency: 'BTC', description: '𝄞 emoji 👍🏽', merchant: 'X', pending: true, removedAt: '2024-02-01T00:00:00.000Z' },
  ];
  tables.changes = [{ seq: 1, runId: 'r1', txId: 'plaid:t1', kind: 'modified', fields: [{ field: 'amountMinor', before: -500, after: -575 }, { field: 'merchant', before: null, after: 'X' }], relatedId: null, at: '2024-02-01T00:00:00.000Z', before: { id: 'plaid:t1', note: undefined, weird: [1, undefined, null] } }];
  tables.meta = [{ key: 'changesSeenUpTo', value: '3' }, { key: 'numbers', value: { negZero: -0, nan: Number.NaN, inf: Infinity, ninf: -Infinity, big: Number.MAX_SAFE_INTEGER } }];
  tables.cursors = [{ connectionId: 'c1', cursor: 'opaque==', updatedAt: '2024-02-01T00:00:00.000Z', liveRows: 1 }];
  return tables;
}

async function rejection(p: Promise<unknown>): Promise<BackupError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackupError);
    return e as BackupError;
  }
  throw new Error('expected a BackupError');
}

describe('plain backups', () => {
  it('round-trip every table field by field: undefined stays undefined (present, not absent), null null, -0, NaN and ±Infinity exact', async () => {
    const tables = sampleTables();
    const file = await encodeBackup(tables, META);
    const { header, tables: back } = await decodeBackup(file, { maxSchemaVersion: 8, knownTables: Object.keys(SCHEMA_V8) });
    expect(back).toStrictEqual(tables);
    const t1 = back.transactions![0] as Record<string, unknown>;
    expect('postedFromId' in t1).toBe(true);
    expect(t1.postedFromId).toBeUndefined();
    expect('listKey' in (back.transactions![1] as object)).toBe(false);
    expect(((back.changes![0] as { before: { weird: unknown[] } }).before.weird)).toStrictEqual([1, undefined, null]);
    const numbers = (back.meta![1] as { value: Record<string, number> }).value;
    expect(Object.is(numbers.negZero, -0)).toBe(true);
    expect(numbers.nan).toBeNaN();
    expect([numbers.inf, numbers.ninf]).toEqual([Infinity, -Infinity]);
    expect(header).toMatchObject({ ...META, formatVersion: 1, encryption: null });
    expect(header.tables).toEqual(Object.fromEntries(Object.keys(SCHEMA_V8).map((n) => [n, tables[n]!.length])));
  });

  it('the header is readable on its own for the preview: versions, date and counts per table', async () => {
    const file = await encodeBackup({ a: [1, 2, 3], b: [] }, META);
    expect(text(file).split('\n')[0]).toBe('LEDGERLINE-BACKUP');
    expect(readBackupHeader(file)).toMatchObject({ appVersion: '0.1.0', schemaVersion: 8, createdAt: META.createdAt, tables: { a: 3, b: 0 }, encryption: null });
  });

  it('a changed byte in the data is caught by the checksum; a changed count by the tables check', async () => {
    const file = text(await encodeBackup({ a: [{ v: 'hello' }] }, META));
    expect((await rejection(decodeBackup(bytesOf(file.replace('hello', 'jello'))))).code).toBe('corrupt');
    expect((await rejection(decodeBackup(bytesOf(file.replace('"a":1', '"a":2'))))).code).toBe('corrupt');
  });

  it('any cut-short file is refused as truncated, wherever it is cut (property)', async () => {
    const file = await encodeBackup({ a: [{ v: 'x'.repeat(50) }], b: [1] }, META);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: file.length - 1 }), async (cut) => {
      expect((await rejection(decodeBackup(file.slice(0, cut)))).code).toBe('truncated');
    }), { numRuns: 150 });
  });

  it('refuses foreign files, a damaged header, a newer format or schema and unknown tables, each with its code', async () => {
    expect((await rejection(decodeBackup(bytesOf('Date,Amount\n2024-01-01,1\n')))).code).toBe('notBackup');
    expect((await rejection(decodeBackup(new Uint8Array()))).code).toBe('notBackup');
    expect((await rejection(decodeBackup(bytesOf('LEDGERLINE-BACKUP\n{not json\n{}')))).code).toBe('corrupt');
    expect((await rejection(decodeBackup(bytesOf('LEDGERLINE-BACKUP\n{"format":"ledgerline-backup"}\n{}')))).code).toBe('corrupt');
    const file = text(await encodeBackup({ a: [] }, META));
    expect((await rejection(decodeBackup(bytesOf(file.replace('"formatVersion":1', '"formatVersion":2'))))).code).toBe('newerFormat');
    const newer = await rejection(decodeBackup(bytesOf(file), { maxSchemaVersion: 7 }));
    expect([newer.code, newer.message]).toEqual(['newerSchema', expect.stringMatching(/version 8.*up to 7/)]);
    expect((await rejection(decodeBackup(bytesOf(file), { knownTables: ['b'] }))).code).toBe('unknownTable');
  });

  it('keeps a "__proto__" key as a key (JSON.parse and Object.fromEntries, never an assignment)', async () => {
    const row = JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;
    const { tables: back } = await decodeBackup(await encodeBackup({ t: [row] }, META));
    const got = back.t![0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(['__proto__', 'x']);
    expect((got as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses values a backup cannot hold exactly, naming where they are', async () => {
    const date = await rejection(encodeBackup({ t: [{ at: new Date(0) }] }, META));
    expect([date.code, date.message]).toEqual(['unsupportedValue', expect.stringContaining('t[0].at is a Date')]);
    expect((await rejection(encodeBackup({ t: [{ n: 1n }] }, META))).code).toBe('unsupportedValue');
    expect((await rejection(encodeBackup({ t: [{ '\u0000t': 'x' }] }, META))).code).toBe('unsupportedValue');
    expect((await rejection(encodeBackup(JSON.parse('{"__proto__":[]}') as BackupTables, META))).code).toBe('unsupportedValue');
  });

  it('round-trips any JSON-like rows exactly (property)', async () => {
    // No key "constructor": vitest's toStrictEqual compares objects' `constructor` as their type.
    const key = fc.oneof(fc.string(), fc.constant('__proto__')).filter((k) => k !== 'constructor');
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string(), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4, noNullPrototype: true })),
    })).v;
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1 }).filter((n) => n !== '__proto__' && n !== 'constructor'), fc.array(value, { maxLength: 5 }), { maxKeys: 4, noNullPrototype: true }), async (tables: BackupTables) => {
      const { tables: back } = await decodeBackup(await encodeBackup(tables, META));
      expect(back).toStrictEqual(tables);
    }), { numRuns: 100 });
  });
});

describe('base64', () => {
  it('agrees with Node\'s Buffer both ways for any bytes, and refuses what is not base64 (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const ascii = base64Bytes(bytes);
      expect(new TextDecoder().decode(ascii)).toBe(Buffer.from(bytes).toString('base64'));
      expect(unbase64Bytes(ascii)).toEqual(bytes);
    }));
    for (const bad of ['abc', 'ab!d', '====', 'a===']) expect(() => unbase64Bytes(bytesOf(bad)), bad).toThrow(RangeError);
  });
});

describe('encrypted backups (AES-256-GCM, PBKDF2-SHA-256)', () => {
  let file: Uint8Array;
  const tables = sampleTables();
  beforeAll(async () => {
    file = await encodeBackup(tables, META, 'correct horse battery staple');
  });

  it('round-trip with the passphrase; nothing of the rows is readable without it; the header says the KDF', async () => {
    const { header, tables: back } = await decodeBackup(file, { passphrase: 'correct horse battery staple' });
    expect(back).toStrictEqual(tables);
    expect(header.encryption).toMatchObject({ cipher: 'AES-GCM', keyBits: 256, kdf: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(header.body.sha256).toBeNull();
    const all = text(file);
    for (const secret of ['plaid:t1', 'Blue', 'opaque==', 'changesSeenUpTo']) expect(all).not.toContain(secret);
    expect(readBackupHeader(file).tables.transactions).toBe(2);
  });

  it('two backups of the same data share no salt, IV or ciphertext', async () => {
    const again = await encodeBackup(tables, META, 'correct horse battery staple');
    const [a, b] = [readBackupHeader(file).encryption!, readBackupHeader(again).encryption!];
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(text(file).split('\n')[2]).not.toBe(text(again).split('\n')[2]);
  });

  it('a wrong or missing passphrase is a clear error, never data', async () => {
    const wrong = await rejection(decodeBackup(file, { passphrase: 'Correct horse battery staple' }));
    expect([wrong.code, wrong.message]).toEqual(['wrongPassphrase', 'The passphrase is wrong.']);
    expect((await rejection(decodeBackup(file))).code).toBe('passphraseRequired');
    expect((await rejection(decodeBackup(file, { passphrase: '' }))).code).toBe('passphraseRequired');
    expect((await rejection(encodeBackup(tables, META, ''))).code).toBe('passphraseRequired');
  });

  it('a changed ciphertext byte, or a changed header field (authenticated data), is tampering', async () => {
    const [magic, header, body] = text(file).split('\n') as [string, string, string];
    const flipped = body.slice(0, 40) + (body[40] === 'A' ? 'B' : 'A') + body.slice(41);
    expect((await rejection(decodeBackup(bytesOf([magic, header, flipped].join('\n')), { passphrase: 'correct horse battery staple' }))).code).toBe('tampered');
    const recount = header.replace('"transactions":2', '"transactions":3');
    expect(recount).not.toBe(header);
    expect((await rejection(decodeBackup(bytesOf([magic, recount, body].join('\n')), { passphrase: 'correct horse battery staple' }))).code).toBe('tampered');
    // A lowered iteration count is refused before any work (a downgrade).
    const weak = header.replace(`"iterations":${PBKDF2_ITERATIONS}`, '"iterations":1000');
    expect((await rejection(decodeBackup(bytesOf([magic, weak, body].join('\n')), { passphrase: 'correct horse battery staple' }))).code).toBe('corrupt');
  });

  it('a cut-short encrypted file is truncated, before any key is derived', async () => {
    const derive = vi.spyOn(crypto.subtle, 'deriveBits');
    try {
      for (const cut of [5, 40, file.length - 1]) {
        expect((await rejection(decodeBackup(file.slice(0, cut), { passphrase: 'correct horse battery staple' }))).code).toBe('truncated');
      }
      expect(derive).not.toHaveBeenCalled();
      // The spy sees derivations: the whole file derives its key once.
      await decodeBackup(file, { passphrase: 'correct horse battery staple' });
      expect(derive).toHaveBeenCalledTimes(1);
    } finally {
      derive.mockRestore();
    }
  });

  it('the passphrase is compared as NFC: "café" typed composed or decomposed opens the same file', async () => {
    const composed = await encodeBackup({ a: [1] }, META, 'caf\u00e9');
    expect((await decodeBackup(composed, { passphrase: 'cafe\u0301' })).tables).toEqual({ a: [1] });
  });
});

describe('a backup built chunk by chunk', () => {
  it('decodes to the same tables as one built in one go, empty tables and chunk borders included, plain and encrypted', async () => {
    const tables = sampleTables();
    const builder = createBackupBuilder();
    for (const [name, rows] of Object.entries(tables)) {
      builder.add(name, []);
      for (let i = 0; i < rows.length; i++) builder.add(name, rows.slice(i, i + 1));
    }
    expect(builder.counts()).toEqual(Object.fromEntries(Object.entries(tables).map(([n, r]) => [n, r.length])));
    const chunked = await builder.finish(META);
    const whole = await encodeBackup(tables, META);
    expect(text(chunked)).toBe(text(whole));
    expect((await decodeBackup(chunked)).tables).toEqual(tables);
    const sealed = createBackupBuilder();
    for (const [name, rows] of Object.entries(tables)) sealed.add(name, rows);
    const opened = await decodeBackup(await sealed.finish(META, 'correct horse'), { passphrase: 'correct horse' });
    expect(opened.tables).toEqual(tables);
  });

  it('a body larger than one base64 block (3 MiB) is sealed in blocks and opens exactly', async () => {
    const rows = Array.from({ length: 24_000 }, (_, i) => ({ id: `plaid:${i}`, description: `ROW ${i} ${'x'.repeat(150)}`, note: i % 7 ? undefined : 'n' }));
    const builder = createBackupBuilder();
    for (let i = 0; i < rows.length; i += 2000) builder.add('transactions', rows.slice(i, i + 2000));
    const bytes = await builder.finish(META, 'block by block');
    expect(readBackupHeader(bytes).body.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect((await decodeBackup(bytes, { passphrase: 'block by block' })).tables.transactions).toStrictEqual(rows);
  });

  it('names the row of an unsupported value by its index across chunks', () => {
    const builder = createBackupBuilder();
    builder.add('transactions', [{ id: 'a' }, { id: 'b' }]);
    expect(() => builder.add('transactions', [{ id: 'c', at: new Date(0) }])).toThrow(/transactions\[2\]\.at/);
  });
});
