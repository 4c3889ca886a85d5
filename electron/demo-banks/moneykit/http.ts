/**
 * HTTP plumbing of the MoneyKit face's endpoints: what an endpoint gets (Context) and returns
 * (Reply), and request bodies read through common/http.ts with every problem a MoneyKit 422.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, parseJsonObject, readBodyText, type JsonObject } from '../common/http';
import { invalidInput } from './errors';
import type { LinkStore } from './linkStore';

export type { JsonObject };

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

/** MoneyKit answers plain `application/json`, without a charset. */
export const MONEYKIT_JSON = 'application/json';

export async function readBody(req: IncomingMessage): Promise<string> {
  try {
    return await readBodyText(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw invalidInput(['body'], 'request body is too large');
    throw error;
  }
}

export async function readJsonObject(req: IncomingMessage): Promise<JsonObject> {
  const parsed = parseJsonObject(await readBody(req));
  if (parsed.kind === 'not-json') throw invalidInput(['body'], 'body must be JSON');
  if (parsed.kind === 'not-object') throw invalidInput(['body'], 'body must be a JSON object');
  return parsed.value;
}
