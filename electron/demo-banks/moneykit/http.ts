/** HTTP plumbing shared by the MoneyKit face's endpoints: bodies in, JSON out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidInput } from './errors';
import type { LinkStore } from './linkStore';

export type JsonObject = Record<string, unknown>;

export type Reply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: number; raw: string }
  | { status: 204 };

/** What an endpoint gets: the store, the request, its query and its path parameters. */
export interface Context {
  readonly store: LinkStore;
  readonly req: IncomingMessage;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
}

const MAX_BODY_BYTES = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw invalidInput(['body'], 'request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJsonObject(req: IncomingMessage): Promise<JsonObject> {
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidInput(['body'], 'body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput(['body'], 'body must be a JSON object');
  return value as JsonObject;
}

export function send(res: ServerResponse, status: number, text: string | null, headers: Record<string, string> = {}): void {
  if (text === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
