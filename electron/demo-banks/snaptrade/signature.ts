/**
 * SnapTrade's request signature, as the service verifies it and the official SDK computes it:
 * `Signature: base64(HMAC-SHA256(key = encodeURI(consumerKey), canonicalJson({ content, path, query })))`.
 *
 * - content: the parsed JSON body, or null when there is no body or the body is `{}`;
 * - path: the request path without the query string; SDKs up to 10.0.13 signed `/api/v1` + path
 *   even when their base path had no such prefix, so either form is accepted;
 * - query: the raw query string exactly as sent (never re-sorted or re-decoded).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LEGACY_PREFIX = '/api/v1';

/**
 * JSON with every object's keys sorted and no whitespace. Written out by hand rather than by
 * building sorted objects: JavaScript orders integer-like keys ("10", "2") numerically inside an
 * object whatever the insertion order, while the SDK (and so the service) sorts them as strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue; // JSON.stringify drops undefined members too
    parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}

/** What the signature covers, from the body text as received. Throws SyntaxError on a body that is not JSON. */
export function signedContent(bodyText: string): unknown {
  if (bodyText.trim() === '') return null;
  const parsed: unknown = JSON.parse(bodyText);
  const emptyObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length === 0;
  return emptyObject ? null : parsed;
}

export interface SignedRequest {
  /** Path without the query string, exactly as requested. */
  path: string;
  /** The raw query string without `?` ('' if none). */
  query: string;
  /** Parsed body, or null (see signedContent). */
  content: unknown;
}

export function signatureFor(consumerKey: string, request: SignedRequest): string {
  const message = canonicalJson({ content: request.content, path: request.path, query: request.query });
  return createHmac('sha256', encodeURI(consumerKey)).update(message).digest('base64');
}

/** The paths a client may have signed for a request to `path`: as requested, and with or without the legacy prefix. */
export function candidatePaths(path: string): string[] {
  if (path === LEGACY_PREFIX || path.startsWith(`${LEGACY_PREFIX}/`)) return [path, path.slice(LEGACY_PREFIX.length) || '/'];
  return [path, `${LEGACY_PREFIX}${path}`];
}

/** Constant-time check of a `Signature` header against every path form the request could have been signed with. */
export function verifySignature(consumerKey: string, request: SignedRequest, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const given = Buffer.from(header, 'base64');
  let ok = false;
  for (const path of candidatePaths(request.path)) {
    const expected = Buffer.from(signatureFor(consumerKey, { ...request, path }), 'base64');
    // Check every candidate so timing does not reveal which form matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
