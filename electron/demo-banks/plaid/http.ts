/**
 * Request plumbing of the Plaid demo bank's endpoints: what an endpoint gets (Context) and returns
 * (Reply), and reading Plaid's JSON request bodies, whose every problem is a Plaid error
 * (INVALID_BODY, MISSING_FIELDS, INVALID_FIELD).
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, parseJsonObject, readBodyText, type JsonObject } from '../common/http';
import { PlaidError } from './errors';
import type { PlaidStore } from './items';
import type { LinkTokens } from './linkTokens';

export type { JsonObject };

export type Reply = { status: number; body: JsonObject } | { status: number; raw: string };

export interface Context {
  readonly store: PlaidStore;
  readonly links: LinkTokens;
  readonly requestId: string;
  readonly body: JsonObject;
  /** The bank's own base URL, for the hosted_link_url it hands out. */
  publicUrl(): string;
}

export const ok = (body: JsonObject): Reply => ({ status: 200, body });

/** Reads a JSON object body; anything else is Plaid's INVALID_BODY. An empty body is `{}`. */
export async function readJsonObject(req: IncomingMessage): Promise<JsonObject> {
  let text: string;
  try {
    text = await readBodyText(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new PlaidError('INVALID_BODY', 'request body is too large');
    throw error;
  }
  if (text.trim() === '') return {};
  const parsed = parseJsonObject(text);
  if (parsed.kind === 'not-json') throw new PlaidError('INVALID_BODY');
  if (parsed.kind === 'not-object') throw new PlaidError('INVALID_BODY', 'body must be a JSON object');
  return parsed.value;
}

export function requiredString(body: JsonObject, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw new PlaidError('MISSING_FIELDS', `the following required fields are missing: ${field}`);
  if (typeof value !== 'string' || value === '') throw new PlaidError('INVALID_FIELD', `${field} must be a non-empty string`);
  return value;
}

export function optionalObject(body: JsonObject, field: string): JsonObject | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlaidError('INVALID_FIELD', `${field} must be an object`);
  return value as JsonObject;
}

export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new PlaidError('INVALID_FIELD', `${field} must be a non-empty string`);
  return value;
}

/** An absolute http(s) URL, or INVALID_FIELD naming the field. */
export function httpUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PlaidError('INVALID_FIELD', `${field} must be an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PlaidError('INVALID_FIELD', `${field} must be an http or https URL`);
  return url;
}

/** Plaid's timestamps: ISO 8601 to the second. */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
