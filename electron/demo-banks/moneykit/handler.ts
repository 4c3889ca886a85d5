/**
 * The demo bank's MoneyKit face: the HTTP handler that routes the endpoints Ledgerline calls,
 * checks the version header and Bearer token, and turns errors into MoneyKit's error bodies.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createToken, requireBearer } from './auth';
import { MoneykitApiError, invalidInput } from './errors';
import { send } from '../common/http';
import { MONEYKIT_JSON, type Context, type JsonObject, type Reply } from './http';
import { createLinkSession, deleteLink, exchangeToken, getAccounts, getLink, refreshProducts } from './linkEndpoints';
import type { LinkStore } from './linkStore';
import { transactionsSync } from './syncEndpoint';
import { API_VERSION } from './wire';

interface Route {
  method: string;
  pattern: RegExp;
  /** Everything but /auth/token needs a Bearer token. */
  authenticated: boolean;
  run(ctx: Context): Reply | Promise<Reply>;
}

const LINK = '(?<linkId>[A-Za-z0-9_-]{1,64})';
const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/auth\/token$/, authenticated: false, run: createToken },
  { method: 'POST', pattern: /^\/link-session$/, authenticated: true, run: createLinkSession },
  { method: 'POST', pattern: /^\/link-session\/exchange-token$/, authenticated: true, run: exchangeToken },
  { method: 'GET', pattern: new RegExp(`^/links/${LINK}$`), authenticated: true, run: getLink },
  { method: 'DELETE', pattern: new RegExp(`^/links/${LINK}$`), authenticated: true, run: deleteLink },
  { method: 'GET', pattern: new RegExp(`^/links/${LINK}/accounts$`), authenticated: true, run: getAccounts },
  { method: 'POST', pattern: new RegExp(`^/links/${LINK}/products$`), authenticated: true, run: refreshProducts },
  { method: 'GET', pattern: new RegExp(`^/links/${LINK}/transactions/sync$`), authenticated: true, run: transactionsSync },
];

function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

/** The HTTP handler for every MoneyKit path. `log` gets one line per request: never a token or a query. */
export function createMoneykitHandler(store: LinkStore, log: (line: string) => void): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = performance.now();
    const requestId = newRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let reply: Reply;
    try {
      const version = req.headers['moneykit-version'];
      if (version !== undefined && version !== API_VERSION) throw invalidInput(['header', 'moneykit-version'], `unsupported version; use ${API_VERSION}`);
      let matched: { route: Route; params: Record<string, string> } | null = null;
      for (const route of ROUTES) {
        const m = route.pattern.exec(path);
        if (m !== null && route.method === req.method) {
          matched = { route, params: { ...m.groups } };
          break;
        }
      }
      if (matched === null) throw new MoneykitApiError('api_error.not_found');
      const ctx: Context = { store, req, query: url.searchParams, params: matched.params };
      if (matched.route.authenticated) requireBearer(ctx);
      reply = await matched.route.run(ctx);
    } catch (error) {
      const apiError = error instanceof MoneykitApiError ? error : new MoneykitApiError('api_error.internal_server_error');
      // Our own errors never carry request values, so their message is safe to log.
      if (!(error instanceof MoneykitApiError)) log(`moneykit ${path}: unexpected ${error instanceof Error ? error.message : String(error)}`);
      reply = { status: apiError.status, body: apiError.toWire(), ...(apiError.retryAfter === undefined ? {} : { headers: { 'retry-after': apiError.retryAfter } }) };
    }
    const code = 'body' in reply && typeof (reply.body as JsonObject | null)?.error_code === 'string' ? ` ${String((reply.body as JsonObject).error_code)}` : '';
    log(`moneykit ${req.method ?? '?'} ${path} ${reply.status}${code} ${Math.round(performance.now() - started)}ms`);
    const headers = { 'x-request-id': requestId, ...('headers' in reply ? reply.headers : {}) };
    if ('raw' in reply) send(res, reply.status, reply.raw, headers, MONEYKIT_JSON);
    else if ('body' in reply) send(res, reply.status, JSON.stringify(reply.body), headers, MONEYKIT_JSON);
    else send(res, reply.status, null, headers);
  };
}
