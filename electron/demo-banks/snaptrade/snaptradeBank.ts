/**
 * The demo SnapTrade service: a wire-compatible SnapTrade API on 127.0.0.1 over seeded brokerage
 * simulations — the app's demo brokerage, the double behind every SnapTrade test, and
 * fault-injectable. The official SDK, pointed at `url`, signs requests that verify here exactly as
 * they would at api.snaptrade.com.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { closeServer, listenOnLoopback } from '../common/loopbackServer';
import type { BrokerageProfile, ReprocessReport } from './brokerageSim';
import { faultPlanSchema, type SnaptradeFaultPlan } from './faults';
import { isLoopbackHost, readBodyText, send } from './httpIo';
import { createSnaptradeApi } from './snaptradeApi';
import { SnaptradeStore, UnknownAuthorizationError, type SnaptradeTruth } from './snaptradeStore';

export type { SnaptradeFaultPlan, SnaptradeTruth, ReprocessReport };
export type { AccountWire, ActivityWire, AuthorizationWire, BalanceWire } from './wire';

export interface SnaptradeBankOptions {
  /** Everything the brokerage invents derives from it. */
  seed: number;
  /** The only API credentials the service accepts (requests must be signed with the consumer key). */
  clientId: string;
  consumerKey: string;
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  now?: () => Date;
  /** Persist users (secret hashes only), connections and their event logs here, and reload them on start. */
  stateFile?: string;
  /** One line per event; never receives a secret or a query string. */
  logger?: (line: string) => void;
  /** Serve the `/__admin/*` test endpoints over HTTP (default true); the app's embedded bank drives it in-process. */
  adminHttp?: boolean;
  /** The first request on a new day runs the brokerage's daily sync (default true). Tests that step explicitly turn it off. */
  dailySync?: boolean;
  profile?: Partial<BrokerageProfile>;
  /** Requests a minute per clientId before 429 (default 250, SnapTrade's); null never throttles. */
  rateLimitPerMinute?: number | null;
  /** Allowed distance of a request's `timestamp` from the wall clock (default 300 s; null: any). */
  timestampToleranceSec?: number | null;
}

export interface SnaptradeBank {
  /** http://127.0.0.1:<port>, the SDK's basePath. */
  url: string;
  close(): Promise<void>;
  /** Runs the connection's daily sync `steps` times now (new activity, sometimes reprocessing). */
  advance(authorizationId: string, steps?: number): void;
  /** SnapTrade reprocessing on demand: re-issue recent activities under new ids, silently drop others. */
  reprocess(authorizationId: string, counts: { reissue: number; drop: number }): ReprocessReport;
  /** A BTC withdrawal of `sats` satoshis in the first account, dated the last synced day; its activity id. */
  cryptoWithdrawal(authorizationId: string, sats: number): string | null;
  /** Replaces the connection's counted faults; `disabled`, when given, sets the sticky disabled state. */
  setFaults(authorizationId: string, faults: SnaptradeFaultPlan): void;
  /** The connection's accounts, balances and live activities per account, in wire form. */
  truth(authorizationId: string): SnaptradeTruth;
  authorizations(): { id: string; user_id: string; created_date: string; disabled: boolean; synced_through: string }[];
  /** Every user secret, portal token and the consumer key issued or accepted by this process, for secret-leak tests. */
  issuedSecrets(): string[];
}

// ─── Admin endpoints ────────────────────────────────────────────────────────────────────────────

const authorizationIdSchema = z.object({ authorization_id: z.string() });
const advanceSchema = authorizationIdSchema.extend({ steps: z.number().int().min(1).max(1000).default(1) });
const reprocessSchema = authorizationIdSchema.extend({ reissue: z.number().int().min(0).max(100).default(1), drop: z.number().int().min(0).max(100).default(0) });
const cryptoSchema = authorizationIdSchema.extend({ sats: z.number().int().min(1).max(2_100_000_000_000_000) });
const faultsSchema = authorizationIdSchema.extend({ faults: faultPlanSchema });

async function handleAdmin(store: SnaptradeStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const reply = (status: number, body: unknown): void => send(res, status, JSON.stringify(body), {});
  if (!isLoopbackHost(req.headers.host)) return reply(403, { error: 'admin endpoints answer only to 127.0.0.1 or localhost' });
  // A JSON content type makes a cross-site form or fetch a preflighted request, which we never allow.
  if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return reply(415, { error: 'admin endpoints take application/json' });
  }
  try {
    const route = `${req.method ?? ''} ${path}`;
    if (route === 'GET /__admin/authorizations') return reply(200, { authorizations: store.listAuthorizations() });
    if (route === 'GET /__admin/secrets') return reply(200, { secrets: store.issuedSecrets() });
    let body: unknown = {};
    if (req.method === 'POST') {
      const text = await readBodyText(req);
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return reply(400, { error: 'body is not JSON' });
      }
    }
    if (route === 'POST /__admin/advance') {
      const { authorization_id, steps } = advanceSchema.parse(body);
      store.advance(authorization_id, steps);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/reprocess') {
      const { authorization_id, reissue, drop } = reprocessSchema.parse(body);
      return reply(200, store.reprocess(authorization_id, { reissue, drop }));
    }
    if (route === 'POST /__admin/crypto') {
      const { authorization_id, sats } = cryptoSchema.parse(body);
      return reply(200, { id: store.cryptoWithdrawal(authorization_id, sats)?.id ?? null });
    }
    if (route === 'POST /__admin/faults') {
      const { authorization_id, faults } = faultsSchema.parse(body);
      store.setFaults(authorization_id, faults);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/truth') return reply(200, store.truth(authorizationIdSchema.parse(body).authorization_id));
    return reply(404, { error: `no admin route ${route}` });
  } catch (error) {
    if (error instanceof UnknownAuthorizationError) return reply(404, { error: error.message });
    if (error instanceof z.ZodError) return reply(400, { error: error.message });
    throw error;
  }
}

// ─── Startup ────────────────────────────────────────────────────────────────────────────────────

export async function startSnaptradeBank(options: SnaptradeBankOptions): Promise<SnaptradeBank> {
  const log = options.logger ?? ((): void => undefined);
  const store = new SnaptradeStore({
    seed: options.seed,
    clientId: options.clientId,
    consumerKey: options.consumerKey,
    now: options.now ?? (() => new Date()),
    log,
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.dailySync === undefined ? {} : { dailySync: options.dailySync }),
  });
  let url = '';
  const api = createSnaptradeApi({
    store,
    log,
    baseUrl: () => url,
    rateLimitPerMinute: options.rateLimitPerMinute === undefined ? 250 : options.rateLimitPerMinute,
    timestampToleranceSec: options.timestampToleranceSec === undefined ? 300 : options.timestampToleranceSec,
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const admin = path.startsWith('/__admin/') && options.adminHttp !== false;
    const handled = admin ? handleAdmin(store, req, res, path) : api(req, res);
    handled.catch((error: unknown) => {
      log(`snaptrade bank: ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ detail: 'Encountered an unexpected exception.', status_code: 500, code: '1000' }), {});
    });
  });
  url = await listenOnLoopback(server, options.port ?? 0);
  log(`demo SnapTrade listening on ${url}`);

  return {
    url,
    close: () => closeServer(server),
    advance: (id, steps = 1) => store.advance(id, steps),
    reprocess: (id, counts) => store.reprocess(id, counts),
    cryptoWithdrawal: (id, sats) => store.cryptoWithdrawal(id, sats)?.id ?? null,
    setFaults: (id, faults) => store.setFaults(id, faults),
    truth: (id) => store.truth(id),
    authorizations: () => store.listAuthorizations(),
    issuedSecrets: () => store.issuedSecrets(),
  };
}
