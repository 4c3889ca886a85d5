/**
 * The backup file: every table's rows in one versioned file, optionally encrypted with a
 * passphrase. Pure (no Dexie, no files): the renderer reads the tables and hands them here, in
 * the table list it has (never a list kept here), and writes what comes back.
 *
 * Layout (UTF-8 text, three lines):
 *   LEDGERLINE-BACKUP
 *   {header JSON}
 *   body — the tables' JSON, or its AES-GCM ciphertext in base64
 * The header says what the file holds without the passphrase (app and schema version, when,
 * rows per table: what the restore preview shows) and how to check and open the body (its byte
 * length; a plain body's SHA-256; an encrypted one's key derivation parameters). Counts per table are therefore readable
 * without the passphrase; the rows are not.
 *
 * Encryption (WebCrypto only, the vetted construction the issue asks for):
 * - key: PBKDF2-HMAC-SHA-256, 600,000 iterations (OWASP's 2023 figure; a file may say more, up
 *   to 10 million; less is refused as a downgrade), random 16-byte salt; 512 bits are derived: the
 *   first 256 are the AES-256-GCM key, the last 256 a verifier kept in the header. PBKDF2 computes
 *   each 256-bit block independently with the full iteration count, so the verifier tells a wrong
 *   passphrase from a damaged file at no saving to someone guessing passphrases, and says nothing
 *   about the key block;
 * - AES-256-GCM with a random 12-byte IV, the header line's exact bytes as additional
 *   authenticated data: changing a count, a version or a KDF parameter fails authentication.
 * - The passphrase is NFC-normalized (the same passphrase typed on macOS and Windows).
 * Errors are `BackupError` with a code; a decode either returns everything or throws.
 *
 * Values: JSON cannot say `undefined` (a property present but undefined, which IndexedDB keeps
 * apart from an absent one), NaN, ±Infinity or -0. They are written as a tagged object
 * `{"\u0000t": …}` and restored exactly, so a restore is identical field by field; a row holding
 * such a tag key itself, or anything JSON and IndexedDB rows do not hold here (Date, Map, class
 * instances, bigint, functions), is refused with its path (`unsupportedValue`).
 */
import { z } from 'zod';

export const BACKUP_MAGIC = 'LEDGERLINE-BACKUP';
export const BACKUP_FORMAT_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
export const PBKDF2_MAX_ITERATIONS = 10_000_000;
export const BACKUP_MIME = 'application/vnd.ledgerline.backup';

export type BackupErrorCode =
  | 'notBackup' | 'corrupt' | 'truncated' | 'newerFormat' | 'newerSchema' | 'unknownTable'
  | 'passphraseRequired' | 'wrongPassphrase' | 'tampered' | 'unsupportedValue';

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  constructor(code: BackupErrorCode, message: string) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
  }
}

const encryptionSchema = z.object({
  cipher: z.literal('AES-GCM'),
  keyBits: z.literal(256),
  kdf: z.literal('PBKDF2'),
  hash: z.literal('SHA-256'),
  iterations: z.number().int(),
  salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/),
  iv: z.string().regex(/^[A-Za-z0-9+/]{16}$/),
  verifier: z.string().regex(/^[0-9a-f]{64}$/),
});

const headerSchema = z.object({
  format: z.literal('ledgerline-backup'),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  encryption: encryptionSchema.nullable(),
  /** `sha256` is the plain body's; null when encrypted (GCM's tag checks it, and a hash of the plaintext would be readable without the passphrase). */
  body: z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable() }),
}).refine((h) => (h.encryption === null) === (h.body.sha256 !== null));

export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupEncryption = z.infer<typeof encryptionSchema>;

export interface BackupMeta {
  appVersion: string;
  /** The database's schema version (renderer/src/db/schema.ts). */
  schemaVersion: number;
  /** An ISO instant: the caller's clock, not read here. */
  createdAt: string;
}

/** Table name → its rows, as read from the database. */
export type BackupTables = Readonly<Record<string, readonly unknown[]>>;

export interface EncodeOptions {
  /** More PBKDF2 iterations than the minimum (never fewer). */
  iterations?: number;
}

export interface DecodeOptions {
  passphrase?: string;
  /** The newest schema version this app can restore; a newer file is refused (`newerSchema`). */
  maxSchemaVersion?: number;
  /** The tables this app has; a file naming another is refused (`unknownTable`). */
  knownTables?: readonly string[];
}

// ─── Values ───

const TAG = '\u0000t';

function encodeValue(value: unknown, path: string): unknown {
  if (value === undefined) return { [TAG]: 'undefined' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { [TAG]: 'NaN' };
    if (value === Infinity) return { [TAG]: 'Infinity' };
    if (value === -Infinity) return { [TAG]: '-Infinity' };
    if (Object.is(value, -0)) return { [TAG]: '-0' };
    return value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(encodeValue(value[i], `${path}[${i}]`));
    return out;
  }
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new BackupError('unsupportedValue', `${path} is a ${(value as object).constructor?.name ?? 'non-plain object'}, which a backup does not hold.`);
    }
    // Object.fromEntries defines own properties: a key "__proto__" stays a key, never a prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      if (k === TAG) throw new BackupError('unsupportedValue', `${path} has a property named like the backup's own tag.`);
      return [k, encodeValue(v, `${path}.${k}`)];
    }));
  }
  throw new BackupError('unsupportedValue', `${path} is a ${typeof value}, which a backup does not hold.`);
}

const TAGGED: Readonly<Record<string, unknown>> = { undefined, NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

function decodeTag(value: Record<string, unknown>): { tagged: boolean; value: unknown } {
  let n = 0;
  for (const k in value) {
    if (++n > 1 || k !== TAG) return { tagged: false, value };
  }
  if (n === 0) return { tagged: false, value };
  const tag = value[TAG];
  if (typeof tag === 'string' && tag in TAGGED) return { tagged: true, value: TAGGED[tag] };
  throw new BackupError('corrupt', 'The backup holds a value it cannot read.');
}

/**
 * Puts the tagged values back, in place: what JSON.parse just made is ours, so only a tagged
 * value is replaced (a whole copy of every row took as long again as the parse). A key
 * "__proto__" is redefined, never assigned, so it stays a key.
 */
function decodeInPlace(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeInPlace(value[i]);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const self = decodeTag(obj);
  if (self.tagged) return self.value;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === null || typeof v !== 'object') continue;
    const decoded = decodeInPlace(v);
    if (decoded === v) continue;
    if (k === '__proto__') Object.defineProperty(obj, k, { value: decoded, writable: true, enumerable: true, configurable: true });
    else obj[k] = decoded;
  }
  return obj;
}

// ─── Bytes ───

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Base64 straight between byte arrays (RFC 4648, with padding). Hand-written: Node 20's btoa/atob
 * are implemented in JavaScript and took 14 s for a 32 MB backup (this takes well under one), and
 * the file wants ASCII bytes anyway, not a string.
 */
const B64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const UNB64 = new Int16Array(256).fill(-1);
B64.forEach((c, i) => (UNB64[c] = i));
const PAD = 61; // '='

export function base64Bytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 * Math.ceil(bytes.length / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64[n >>> 18]!;
    out[o++] = B64[(n >>> 12) & 63]!;
    out[o++] = B64[(n >>> 6) & 63]!;
    out[o++] = B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64[n >>> 18]!;
    out[o++] = B64[(n >>> 12) & 63]!;
    out[o++] = rest === 2 ? B64[(n >>> 6) & 63]! : PAD;
    out[o] = PAD;
  }
  return out;
}

export function unbase64Bytes(ascii: Uint8Array): Uint8Array<ArrayBuffer> {
  if (ascii.length % 4 !== 0) throw new RangeError('not base64');
  const pad = ascii.length === 0 ? 0 : (ascii[ascii.length - 1] === PAD ? 1 : 0) + (ascii[ascii.length - 2] === PAD ? 1 : 0);
  const out = new Uint8Array((ascii.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < ascii.length; i += 4) {
    const last = i + 4 === ascii.length;
    const a = UNB64[ascii[i]!]!;
    const b = UNB64[ascii[i + 1]!]!;
    const c = last && pad >= 2 ? 0 : UNB64[ascii[i + 2]!]!;
    const d = last && pad >= 1 ? 0 : UNB64[ascii[i + 3]!]!;
    if ((a | b | c | d) < 0) throw new RangeError('not base64');
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

const toBase64 = (bytes: Uint8Array): string => String.fromCharCode(...base64Bytes(bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => unbase64Bytes(utf8.encode(text));

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<{ key: CryptoKey; verifier: string }> {
  const material = await crypto.subtle.importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 512));
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const verifier = hex(bits.slice(32));
  bits.fill(0);
  return { key, verifier };
}

// ─── Encode ───

/**
 * The backup file for these tables. With a passphrase the body is encrypted (see the header);
 * without one it is plain JSON, still checked by its SHA-256.
 */
export async function encodeBackup(tables: BackupTables, meta: BackupMeta, passphrase?: string, opts: EncodeOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const builder = createBackupBuilder();
  for (const [name, rows] of Object.entries(tables)) builder.add(name, rows);
  return builder.finish(meta, passphrase, opts);
}

/**
 * A backup built a chunk at a time: `add` turns a chunk of rows into its JSON text at once (so a
 * caller reading 100k rows in chunks never holds them all as objects, and never stops the page for
 * one long `JSON.stringify`), `finish` joins the text and seals it. `encodeBackup` is this, in one go.
 */
export interface BackupBuilder {
  /** Adds rows to `table` (a table may come in several chunks; an empty chunk still names it). */
  add(table: string, rows: readonly unknown[]): void;
  /** Rows added so far, per table. */
  counts(): Record<string, number>;
  finish(meta: BackupMeta, passphrase?: string, opts?: EncodeOptions): Promise<Uint8Array<ArrayBuffer>>;
}

export function createBackupBuilder(): BackupBuilder {
  // Each chunk becomes UTF-8 bytes as it is added (a leading comma after the first): finishing is
  // then one copy, not a 50 MB string join and encode that would stop the page.
  const pieces = new Map<string, Uint8Array[]>();
  const counts = new Map<string, number>();
  return {
    add(table, rows) {
      if (table === '' || table === '__proto__') throw new BackupError('unsupportedValue', `A table cannot be named ${JSON.stringify(table)}.`);
      const at = counts.get(table) ?? 0;
      const list = pieces.get(table) ?? [];
      pieces.set(table, list);
      if (rows.length > 0) {
        const json = JSON.stringify(rows.map((row, i) => encodeValue(row, `${table}[${at + i}]`))).slice(1, -1);
        list.push(utf8.encode(list.length > 0 ? `,${json}` : json));
      }
      counts.set(table, at + rows.length);
    },
    counts: () => Object.fromEntries(counts),
    finish: (meta, passphrase, opts = {}) => {
      const parts: Uint8Array[] = [utf8.encode('{"tables":{')];
      let first = true;
      for (const [name, list] of pieces) {
        parts.push(utf8.encode(`${first ? '' : ','}${JSON.stringify(name)}:[`), ...list, utf8.encode(']'));
        first = false;
      }
      parts.push(utf8.encode('}}'));
      const plain = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        plain.set(p, o);
        o += p.length;
      }
      return seal(plain, Object.fromEntries(counts), meta, passphrase, opts);
    },
  };
}

/** base64 in blocks with a macrotask between them, so a 60 MB body never stops the page for long. */
async function base64Yielding(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const BLOCK = 3 * 1024 * 1024;
  if (bytes.length <= BLOCK) return base64Bytes(bytes);
  const out = new Uint8Array(4 * Math.ceil(bytes.length / 3));
  for (let i = 0; i < bytes.length; i += BLOCK) {
    out.set(base64Bytes(bytes.subarray(i, i + BLOCK)), (i / 3) * 4);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return out;
}

async function seal(plain: Uint8Array<ArrayBuffer>, counts: Record<string, number>, meta: BackupMeta, passphrase: string | undefined, opts: EncodeOptions): Promise<Uint8Array<ArrayBuffer>> {
  let body: Uint8Array<ArrayBuffer>;
  let encryption: BackupEncryption | null = null;
  let key: CryptoKey | null = null;
  let iv: Uint8Array<ArrayBuffer> | null = null;
  if (passphrase !== undefined) {
    if (passphrase.length === 0) throw new BackupError('passphraseRequired', 'An empty passphrase would not protect the backup.');
    const iterations = Math.max(PBKDF2_ITERATIONS, Math.min(PBKDF2_MAX_ITERATIONS, opts.iterations ?? PBKDF2_ITERATIONS));
    const salt = crypto.getRandomValues(new Uint8Array(16));
    iv = crypto.getRandomValues(new Uint8Array(12));
    const derived = await deriveKey(passphrase, salt, iterations);
    key = derived.key;
    encryption = { cipher: 'AES-GCM', keyBits: 256, kdf: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt), iv: toBase64(iv), verifier: derived.verifier };
  }
  // The ciphertext's length is the plaintext's plus the 16-byte tag, in base64: known before
  // encrypting, so the header (the AAD) can say it.
  const bodyBytes = encryption ? 4 * Math.ceil((plain.length + 16) / 3) : plain.length;
  const header: BackupHeader = {
    format: 'ledgerline-backup',
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: meta.appVersion,
    schemaVersion: meta.schemaVersion,
    createdAt: meta.createdAt,
    tables: counts,
    encryption,
    body: { bytes: bodyBytes, sha256: encryption ? null : await sha256(plain) },
  };
  const headerLine = utf8.encode(JSON.stringify(header));
  if (key && iv) {
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: headerLine, tagLength: 128 }, key, plain));
    body = await base64Yielding(sealed);
  } else body = plain;
  const magic = utf8.encode(`${BACKUP_MAGIC}\n`);
  const out = new Uint8Array(magic.length + headerLine.length + 1 + body.length);
  out.set(magic, 0);
  out.set(headerLine, magic.length);
  out[magic.length + headerLine.length] = 10;
  out.set(body, magic.length + headerLine.length + 1);
  return out;
}

// ─── Decode ───

interface Split {
  header: BackupHeader;
  headerLine: Uint8Array<ArrayBuffer>;
  body: Uint8Array<ArrayBuffer>;
}

function split(bytes: Uint8Array): Split {
  const magic = utf8.encode(`${BACKUP_MAGIC}\n`);
  const prefix = bytes.subarray(0, magic.length);
  if (prefix.length < magic.length || !prefix.every((b, i) => b === magic[i])) {
    // A file cut inside the first line is still recognizably ours.
    const cut = bytes.length > 0 && bytes.length < magic.length && bytes.every((b, i) => b === magic[i]);
    throw cut ? new BackupError('truncated', 'The backup file is cut short.') : new BackupError('notBackup', 'This is not a Ledgerline backup file.');
  }
  const end = bytes.indexOf(10, magic.length);
  if (end < 0) throw new BackupError('truncated', 'The backup file is cut short: its header is incomplete.');
  const headerLine = bytes.slice(magic.length, end);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8.decode(headerLine));
  } catch {
    throw new BackupError('corrupt', 'The backup file is damaged: its header cannot be read.');
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION) {
    throw new BackupError('newerFormat', 'This backup was made by a newer Ledgerline: update the app to restore it.');
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) throw new BackupError('corrupt', 'The backup file is damaged: its header is not valid.');
  const body = bytes.slice(end + 1);
  if (body.length < header.data.body.bytes) throw new BackupError('truncated', 'The backup file is cut short: part of its data is missing.');
  if (body.length > header.data.body.bytes) throw new BackupError('corrupt', 'The backup file is damaged: it holds more data than its header says.');
  return { header: header.data, headerLine, body };
}

/** The header alone, for the restore preview: what the file holds, whether it needs a passphrase. */
export function readBackupHeader(bytes: Uint8Array): BackupHeader {
  return split(bytes).header;
}

/**
 * Checks and opens a backup file: everything, or a BackupError (wrong passphrase, damaged or cut
 * short, not a backup, made by a newer app) — never part of the data.
 */
export async function decodeBackup(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<{ header: BackupHeader; tables: Record<string, unknown[]> }> {
  const { header, headerLine, body } = split(bytes);
  if (opts.maxSchemaVersion !== undefined && header.schemaVersion > opts.maxSchemaVersion) {
    throw new BackupError('newerSchema', `This backup is of database version ${header.schemaVersion}; this Ledgerline knows up to ${opts.maxSchemaVersion}: update the app to restore it.`);
  }
  if (opts.knownTables) {
    const unknown = Object.keys(header.tables).filter((t) => !opts.knownTables!.includes(t));
    if (unknown.length > 0) throw new BackupError('unknownTable', `This backup holds tables this Ledgerline does not have: ${unknown.join(', ')}.`);
  }
  let plain: Uint8Array<ArrayBuffer>;
  const enc = header.encryption;
  if (enc) {
    if (opts.passphrase === undefined || opts.passphrase === '') throw new BackupError('passphraseRequired', 'This backup is encrypted: enter its passphrase.');
    if (enc.iterations < PBKDF2_ITERATIONS || enc.iterations > PBKDF2_MAX_ITERATIONS) throw new BackupError('corrupt', 'The backup file is damaged: its key parameters are out of range.');
    const { key, verifier } = await deriveKey(opts.passphrase, fromBase64(enc.salt), enc.iterations);
    if (!equalInConstantTime(verifier, enc.verifier)) throw new BackupError('wrongPassphrase', 'The passphrase is wrong.');
    let sealed: Uint8Array<ArrayBuffer>;
    try {
      sealed = unbase64Bytes(body);
    } catch {
      throw new BackupError('corrupt', 'The backup file is damaged: its encrypted data cannot be read.');
    }
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(enc.iv), additionalData: headerLine, tagLength: 128 }, key, sealed));
    } catch {
      throw new BackupError('tampered', 'The passphrase is right, but the backup file was changed or damaged after it was written: it cannot be trusted.');
    }
  } else {
    plain = body;
    if ((await sha256(plain)) !== header.body.sha256) throw new BackupError('corrupt', 'The backup file is damaged: its data does not match its checksum.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8.decode(plain));
  } catch {
    throw new BackupError('corrupt', 'The backup file is damaged: its data cannot be read.');
  }
  const bodyShape = z.object({ tables: z.record(z.string(), z.array(z.unknown())) }).safeParse(parsed);
  if (!bodyShape.success) throw new BackupError('corrupt', 'The backup file is damaged: its data is not a set of tables.');
  const names = Object.keys(bodyShape.data.tables).sort();
  const declared = Object.keys(header.tables).sort();
  if (names.join('\u0000') !== declared.join('\u0000') || names.some((n) => bodyShape.data.tables[n]!.length !== header.tables[n])) {
    throw new BackupError('corrupt', 'The backup file is damaged: its tables do not match its header.');
  }
  const tables: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, decodeInPlace(bodyShape.data.tables[n]) as unknown[]]));
  return { header, tables };
}
