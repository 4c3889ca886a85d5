/**
 * HTTP plumbing every demo bank shares: request bodies in (size-capped text, JSON objects, small
 * forms), responses out, the loopback-host check, and a request's path. Each bank turns the
 * failures here into its own provider's error bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type JsonObject = Record<string, unknown>;

/** The largest request body a demo bank reads (1 MiB). */
export const MAX_BODY_BYTES = 1 << 20;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body is too large');
    this.name = 'BodyTooLargeError';
  }
}

/** The body as UTF-8 text; a body over `maxBytes` throws BodyTooLargeError. */
export async function readBodyText(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A body read as a JSON object, or why it is not one. */
export type ParsedJsonObject = { kind: 'object'; value: JsonObject } | { kind: 'not-json' } | { kind: 'not-object' };

export function parseJsonObject(text: string): ParsedJsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'not-json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'not-object' };
  return { kind: 'object', value: value as JsonObject };
}

/** The media type of the request body, lower-cased, without parameters ('' when absent). */
export function contentType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * A small application/x-www-form-urlencoded body (a consent page's answer), or null when the body
 * is not a form or is larger than `maxBytes`.
 */
export async function readForm(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<URLSearchParams | null> {
  if (contentType(req) !== 'application/x-www-form-urlencoded') return null;
  try {
    return new URLSearchParams(await readBodyText(req, maxBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return null;
    throw error;
  }
}

/** The JSON content type the banks answer with unless told otherwise. */
export const JSON_UTF8 = 'application/json; charset=utf-8';

/** Writes a whole response: `text` with its content type and length, or (null) no body at all. */
export function send(res: ServerResponse, status: number, text: string | null, headers: Readonly<Record<string, string>> = {}, type = JSON_UTF8): void {
  if (text === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Only loopback host names: a page on another origin rebinding its DNS to 127.0.0.1 is refused. */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost';
}

/** The request's path, without the query string (which may carry secrets and is never logged). */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
