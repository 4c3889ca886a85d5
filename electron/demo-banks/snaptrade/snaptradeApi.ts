/**
 * The demo SnapTrade service's HTTP face: request-signature and user verification exactly as the
 * real service applies them (with or without the legacy `/api/v1` prefix), rate-limit headers,
 * fault injection, and writing the reply. What each path answers is in endpoints.ts.
 *
 * Order per signed request: fault delay → (fault) bad signature → clientId, timestamp and
 * Signature → the client's rolling rate limit → (fault) throttling / server error → userId and
 * userSecret → the endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SnaptradeApiError, THROTTLE_SECONDS, apiErrors } from './apiError';
import { fault, json, matchRoute, type Context, type Reply } from './endpoints';
import { takeDelay } from '../common/faults';
import { BodyTooLargeError, delay, readBodyText, send } from '../common/http';
import { safeEqual } from '../common/secrets';
import { RollingLimit } from './rollingLimit';
import { LEGACY_PREFIX, signedContent, verifySignature } from './signature';
import type { AuthorizationRecord, SnaptradeStore, UserRecord } from './snaptradeStore';

export interface SnaptradeApiOptions {
  store: SnaptradeStore;
  /** One line per request; never given a query string (it carries the user secret). */
  log: (line: string) => void;
  /** This server's own origin, for the portal URLs it hands out. */
  baseUrl: () => string;
  /** The customer-level limit (SnapTrade: 250 a minute per clientId); null only sends the headers. */
  rateLimitPerMinute: number | null;
  /** How far a request's `timestamp` may be from the wall clock; null accepts any (UNVERIFIED value: 300). */
  timestampToleranceSec: number | null;
}

/** `Deprecation` header SnapTrade sends on the legacy `/api/v1` prefix (2026-06-12). */
const LEGACY_DEPRECATION = '@1781222400';

/** The connections a request concerns, for fault injection (before it is authenticated). */
function scopeOf(store: SnaptradeStore, params: Record<string, string>, query: URLSearchParams): AuthorizationRecord[] {
  if (params.authorizationId !== undefined) {
    const record = store.authorization(params.authorizationId);
    return record ? [record] : [];
  }
  if (params.accountId !== undefined) {
    const found = store.account(params.accountId);
    return found ? [found.authorization] : [];
  }
  const userId = query.get('userId');
  return userId === null ? [] : store.authorizationsOf(userId);
}

/** The HTTP handler for every SnapTrade path. */
export function createSnaptradeApi(options: SnaptradeApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { store } = options;
  const limiter = new RollingLimit(options.rateLimitPerMinute);

  function verifyClient(query: URLSearchParams, rawPath: string, rawQuery: string, content: unknown, signature: string | string[] | undefined): void {
    const timestamp = query.get('timestamp') ?? '';
    const fresh = /^\d+$/.test(timestamp)
      && (options.timestampToleranceSec === null || Math.abs(Date.now() / 1000 - Number(timestamp)) <= options.timestampToleranceSec);
    // Evaluate all three so a wrong client id is not distinguishable by timing from a wrong signature.
    const clientOk = safeEqual(query.get('clientId') ?? '', store.clientId);
    const signatureOk = verifySignature(store.consumerKey, { path: rawPath, query: rawQuery, content }, typeof signature === 'string' ? signature : undefined);
    if (!(clientOk && fresh && signatureOk)) throw apiErrors.badSignature();
  }

  return async (req, res) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const cut = url.indexOf('?');
    const rawPath = cut === -1 ? url : url.slice(0, cut);
    const rawQuery = cut === -1 ? '' : url.slice(cut + 1);
    const legacy = rawPath === LEGACY_PREFIX || rawPath.startsWith(`${LEGACY_PREFIX}/`);
    const path = legacy ? rawPath.slice(LEGACY_PREFIX.length) || '/' : rawPath;
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = { 'X-Request-ID': randomUUID(), ...(legacy ? { Deprecation: LEGACY_DEPRECATION } : {}) };

    let reply: Reply;
    try {
      const matched = matchRoute(method, path);
      if (matched === null) throw new SnaptradeApiError(404, '1011', 'Not found.');
      const { route: r, params } = matched;
      const bodyText = await readBodyText(req);
      let body: unknown = null;
      let form: URLSearchParams | null = null;
      if (r.form) {
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw apiErrors.badData('Expected a form.');
        form = new URLSearchParams(bodyText);
      } else {
        try {
          body = signedContent(bodyText);
        } catch {
          throw apiErrors.badData('JSON parse error.');
        }
      }
      const query = new URLSearchParams(rawQuery);
      let user: UserRecord | null = null;
      if (r.signed) {
        const scope = scopeOf(store, params, query);
        for (const record of scope) {
          const wait = takeDelay(record.faults);
          if (wait > 0) {
            await delay(wait);
            break;
          }
        }
        if (scope.some((record) => fault(record, 'badSignature'))) throw apiErrors.badSignature();
        verifyClient(query, rawPath, rawQuery, body, req.headers.signature);
        const limit = limiter.take(performance.now());
        Object.assign(headers, limit.headers);
        if (limit.over) throw apiErrors.throttled();
        if (scope.some((record) => fault(record, 'rateLimit'))) {
          Object.assign(headers, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(THROTTLE_SECONDS) });
          throw apiErrors.throttled();
        }
        if (scope.some((record) => fault(record, 'serverError'))) throw apiErrors.internal();
        if (r.perUser) {
          user = store.authenticate(query.get('userId') ?? '', query.get('userSecret') ?? '');
          if (user === null) throw apiErrors.badUser();
        }
      }
      const ctx: Context = { store, params, query, body, form, user, baseUrl: options.baseUrl() };
      reply = await r.handle(ctx);
    } catch (error) {
      let apiError: SnaptradeApiError;
      if (error instanceof SnaptradeApiError) apiError = error;
      else if (error instanceof BodyTooLargeError) apiError = apiErrors.badData('Request body is too large.');
      else {
        // Our own errors never carry request values, so their message is safe to log.
        options.log(`snaptrade ${method} ${path}: unexpected ${error instanceof Error ? error.message : String(error)}`);
        apiError = apiErrors.internal();
      }
      reply = json(apiError.toWire(), apiError.status);
    }

    const status = reply.kind === 'redirect' ? reply.status ?? 302 : reply.kind === 'empty' ? 204 : reply.status;
    const code = reply.kind === 'json' && status >= 400 ? ` ${(reply.body as { code?: string }).code ?? ''}` : '';
    options.log(`snaptrade ${method} ${path} ${status}${code} ${Math.round(performance.now() - started)}ms`);
    if (reply.kind === 'redirect') {
      res.writeHead(status, { ...headers, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', location: reply.location, 'content-length': 0 });
      res.end();
    } else if (reply.kind === 'empty') {
      res.writeHead(204, headers);
      res.end();
    } else if (reply.kind === 'raw') {
      send(res, reply.status, reply.text, { ...headers, ...reply.headers }, `${reply.contentType ?? 'application/json'}; charset=utf-8`);
    } else {
      send(res, reply.status, JSON.stringify(reply.body), headers);
    }
  };
}
