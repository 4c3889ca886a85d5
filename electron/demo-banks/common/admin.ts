/**
 * The demo banks' loopback-only test controls (`/__admin/*`), served the same way by every bank:
 * only a 127.0.0.1/localhost Host (DNS rebinding is refused) and, for POSTs, only a JSON content
 * type (a cross-site form or simple fetch cannot send one without a preflight). Each bank lists its
 * routes; an unknown record answers 404, an invalid request 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, isLoopbackHost, readBodyText, send } from './http';

/** By `"<METHOD> <path>"`: what the route answers (200, as JSON), given the parsed JSON body ({} when none). */
export type AdminRoutes = Readonly<Record<string, (body: unknown) => unknown>>;

export interface AdminErrors {
  /** The error a store throws for an unknown or removed record: 404. */
  notFound(error: unknown): error is Error;
  /** A bank's own refusal of a request: 400 with its message. */
  refused?(error: unknown): error is Error;
}

export async function serveAdmin(req: IncomingMessage, res: ServerResponse, path: string, routes: AdminRoutes, errors: AdminErrors): Promise<void> {
  const reply = (status: number, body: unknown): void => send(res, status, JSON.stringify(body));
  if (!isLoopbackHost(req.headers.host)) return reply(403, { error: 'admin endpoints answer only to 127.0.0.1 or localhost' });
  if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return reply(415, { error: 'admin endpoints take application/json' });
  }
  const route = `${req.method ?? ''} ${path}`;
  const run = routes[route];
  if (run === undefined) return reply(404, { error: `no admin route ${route}` });
  try {
    let body: unknown = {};
    if (req.method === 'POST') {
      const text = await readBodyText(req);
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return reply(400, { error: 'body is not JSON' });
      }
    }
    return reply(200, run(body));
  } catch (error) {
    if (errors.notFound(error)) return reply(404, { error: error.message });
    if (error instanceof z.ZodError || error instanceof BodyTooLargeError || errors.refused?.(error) === true) {
      return reply(400, { error: error instanceof Error ? error.message : String(error) });
    }
    throw error;
  }
}
