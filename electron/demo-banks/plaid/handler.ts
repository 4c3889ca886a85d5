/**
 * The Plaid demo bank's HTTP handler: routes every Plaid path it serves (all POST, credentials in
 * the body or Plaid's headers) and the Hosted Link page, and turns errors into Plaid's error bodies.
 * What each path answers is in the endpoint modules; how items are kept is the PlaidStore's.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, send } from '../common/http';
import { PlaidError } from './errors';
import { hostedLinkPage } from './hostedLink';
import { readJsonObject, type Context, type JsonObject, type Reply } from './http';
import { accountsGet, itemGet, itemRemove, publicTokenExchange, sandboxPublicTokenCreate, transactionsRefresh } from './itemEndpoints';
import type { PlaidStore } from './items';
import { LinkTokens, linkTokenCreate, linkTokenGet } from './linkTokens';
import { transactionsSync } from './syncEndpoint';

const ROUTES: Readonly<Record<string, (ctx: Context) => Reply | Promise<Reply>>> = {
  '/transactions/sync': transactionsSync,
  '/transactions/refresh': transactionsRefresh,
  '/accounts/get': accountsGet,
  '/item/get': itemGet,
  '/item/remove': itemRemove,
  '/link/token/create': linkTokenCreate,
  '/link/token/get': linkTokenGet,
  '/sandbox/public_token/create': sandboxPublicTokenCreate,
  '/item/public_token/exchange': publicTokenExchange,
};

function credential(req: IncomingMessage, body: JsonObject, bodyField: string, header: string): string {
  const fromBody = body[bodyField];
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = req.headers[header];
  return typeof fromHeader === 'string' ? fromHeader : '';
}

/** Plaid-style request ids: 15 alphanumerics. */
function newRequestId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(15), (byte) => alphabet.charAt(byte % alphabet.length)).join('');
}

const HOSTED_LINK_PATH = /^\/hosted-link\/([^/]+)$/;

/**
 * The HTTP handler for every Plaid path and the Hosted Link page. `log` receives one line per
 * request, never a token. `publicUrl` is the bank's base URL (known once it listens).
 */
export function createPlaidHandler(store: PlaidStore, log: (line: string) => void, publicUrl: () => string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const links = new LinkTokens();
  return async (req, res) => {
    const started = performance.now();
    const requestId = newRequestId();
    const path = pathOf(req);
    const hosted = HOSTED_LINK_PATH.exec(path);
    if (hosted?.[1] !== undefined) {
      let status: number;
      try {
        status = await hostedLinkPage(store, links, req, res, hosted[1], requestId);
      } catch (error) {
        // Handled here so that no caller logs the path, which holds the link token.
        log(`plaid /hosted-link/…: unexpected ${error instanceof Error ? error.name : 'error'}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error');
        status = 500;
      }
      log(`plaid ${req.method ?? '?'} /hosted-link/… ${status} ${Math.round(performance.now() - started)}ms`);
      return;
    }
    let reply: Reply;
    try {
      const route = ROUTES[path];
      if (route === undefined || req.method !== 'POST') throw new PlaidError('NOT_FOUND');
      const body = await readJsonObject(req);
      const clientId = credential(req, body, 'client_id', 'plaid-client-id');
      const secret = credential(req, body, 'secret', 'plaid-secret');
      if (!store.credentialsMatch(clientId, secret)) throw new PlaidError('INVALID_API_KEYS');
      reply = await route({ store, links, requestId, body, publicUrl });
    } catch (error) {
      const plaidError = error instanceof PlaidError ? error : new PlaidError('INTERNAL_SERVER_ERROR');
      // Our own errors never carry request values, so their message is safe to log.
      if (!(error instanceof PlaidError)) log(`plaid ${path}: unexpected ${error instanceof Error ? error.message : String(error)}`);
      reply = { status: plaidError.status, body: { ...plaidError.toWire(requestId) } };
    }
    const code = 'body' in reply && typeof reply.body.error_code === 'string' ? ` ${reply.body.error_code}` : '';
    log(`plaid ${req.method ?? '?'} ${path} ${reply.status}${code} ${Math.round(performance.now() - started)}ms`);
    send(res, reply.status, 'raw' in reply ? reply.raw : JSON.stringify(reply.body));
  };
}
