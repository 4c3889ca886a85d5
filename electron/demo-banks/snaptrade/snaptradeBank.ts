/**
 * The demo SnapTrade service: a wire-compatible SnapTrade API on 127.0.0.1 over seeded brokerage
 * simulations — the app's demo brokerage, the double behind every SnapTrade test, and
 * fault-injectable. The official SDK, pointed at `url`, signs requests that verify here exactly as
 * they would at api.snaptrade.com.
 */
import { z } from 'zod';
import { serveAdmin, type AdminRoutes } from '../common/admin';
import { startBankServer } from '../common/loopbackServer';
import { apiErrors } from './apiError';
import type { BrokerageProfile, ReprocessReport } from './brokerageSim';
import { faultPlanSchema, type SnaptradeFaultPlan } from './faults';
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

/** The test controls (`/__admin/*`), served by common/admin.ts. */
function adminRoutes(store: SnaptradeStore): AdminRoutes {
  return {
    'GET /__admin/authorizations': () => ({ authorizations: store.listAuthorizations() }),
    'GET /__admin/secrets': () => ({ secrets: store.issuedSecrets() }),
    'POST /__admin/advance': (body) => {
      const { authorization_id, steps } = advanceSchema.parse(body);
      store.advance(authorization_id, steps);
      return { ok: true };
    },
    'POST /__admin/reprocess': (body) => {
      const { authorization_id, reissue, drop } = reprocessSchema.parse(body);
      return store.reprocess(authorization_id, { reissue, drop });
    },
    'POST /__admin/crypto': (body) => {
      const { authorization_id, sats } = cryptoSchema.parse(body);
      return { id: store.cryptoWithdrawal(authorization_id, sats)?.id ?? null };
    },
    'POST /__admin/faults': (body) => {
      const { authorization_id, faults } = faultsSchema.parse(body);
      store.setFaults(authorization_id, faults);
      return { ok: true };
    },
    'POST /__admin/truth': (body) => store.truth(authorizationIdSchema.parse(body).authorization_id),
  };
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
  const routes = adminRoutes(store);
  const server = await startBankServer({
    port: options.port,
    adminHttp: options.adminHttp,
    admin: (req, res, path) => serveAdmin(req, res, path, routes, { notFound: (error): error is Error => error instanceof UnknownAuthorizationError }),
    api: (req, res) => api(req, res),
    name: 'snaptrade bank',
    log,
    failureBody: apiErrors.internal().toWire(),
  });
  url = server.url;
  log(`demo SnapTrade listening on ${url}`);

  return {
    url,
    close: server.close,
    advance: (id, steps = 1) => store.advance(id, steps),
    reprocess: (id, counts) => store.reprocess(id, counts),
    cryptoWithdrawal: (id, sats) => store.cryptoWithdrawal(id, sats)?.id ?? null,
    setFaults: (id, faults) => store.setFaults(id, faults),
    truth: (id) => store.truth(id),
    authorizations: () => store.listAuthorizations(),
    issuedSecrets: () => store.issuedSecrets(),
  };
}
