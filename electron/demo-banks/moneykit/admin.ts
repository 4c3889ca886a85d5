/**
 * Loopback-only test controls for the MoneyKit face (`/__admin/*`), the same guard rails as the
 * Plaid face's: only a 127.0.0.1/localhost Host (DNS rebinding is refused) and, for POSTs, only a
 * JSON content type (a cross-site form or simple fetch cannot send one without a preflight).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MoneykitApiError } from './errors';
import { MoneykitFaultPlanSchema } from './faults';
import { readBody, send } from './http';
import { UnknownLinkError, type LinkStore } from './linkStore';

export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost';
}

const linkIdSchema = z.object({ link_id: z.string() });
const advanceSchema = linkIdSchema.extend({ steps: z.number().int().min(1).max(1000).default(1) });
const faultsSchema = linkIdSchema.extend({ faults: MoneykitFaultPlanSchema });

export async function handleAdmin(store: LinkStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const reply = (status: number, body: unknown): void => send(res, status, JSON.stringify(body));
  if (!isLoopbackHost(req.headers.host)) return reply(403, { error: 'admin endpoints answer only to 127.0.0.1 or localhost' });
  if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return reply(415, { error: 'admin endpoints take application/json' });
  }
  try {
    const route = `${req.method ?? ''} ${path}`;
    if (route === 'GET /__admin/links') return reply(200, { links: store.listLinks() });
    if (route === 'GET /__admin/secrets') return reply(200, { secrets: store.issuedSecrets() });
    const body: unknown = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
    if (route === 'POST /__admin/advance') {
      const { link_id, steps } = advanceSchema.parse(body);
      store.advance(link_id, steps);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/faults') {
      const { link_id, faults } = faultsSchema.parse(body);
      store.setFaults(link_id, faults);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/truth') return reply(200, store.truth(linkIdSchema.parse(body).link_id));
    return reply(404, { error: `no admin route ${route}` });
  } catch (error) {
    if (error instanceof UnknownLinkError) return reply(404, { error: error.message });
    if (error instanceof z.ZodError || error instanceof SyntaxError || error instanceof MoneykitApiError) return reply(400, { error: error.message });
    throw error;
  }
}
