/**
 * The demo bank's MoneyKit face: a wire-compatible MoneyKit API (version 2023-02-18) on 127.0.0.1
 * over the same seeded ledger simulation as the Plaid face, for a different institution (Acorn
 * Credit Union). It is the app's MoneyKit demo connection, the double behind the MoneyKit tests,
 * and fault-injectable. `/connect/<link_session_token>` is its stand-in for MoneyKit Connect, the
 * consent page a real sign-in opens in the browser (connectPage.ts). Composed into the demo bank by
 * its owner; it can also run on its own port.
 */
import { startBankServer } from '../common/loopbackServer';
import type { LedgerProfile } from '../ledger/ledgerSim';
import type { HouseholdRole } from '../ledger/household';
import { createMoneykitAdmin } from './admin';
import { handleConnect, isConnectPath } from './connectPage';
import { createMoneykitHandler } from './handler';
import { LinkStore, defaultProfile, type LinkSummary } from './linkStore';
import type { MoneykitFaultPlan } from './faults';
import { INSTITUTION, type MoneykitAccountWire, type MoneykitTransactionWire } from './wire';

export type { MoneykitFaultPlan } from './faults';
export type { LinkSummary } from './linkStore';
export type { LinkCommonWire, MoneykitAccountWire, MoneykitTransactionWire, TransactionSyncWire } from './wire';
export { INSTITUTION as MONEYKIT_INSTITUTION } from './wire';

export interface MoneykitBankOptions {
  /** Everything the bank invents derives from it (a different ledger than the Plaid face's for the same seed). */
  seed: number;
  /** The only client credentials POST /auth/token accepts. */
  clientId: string;
  clientSecret: string;
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  now?: () => Date;
  /** Persist links and steps here (JSON, no tokens) and reload them on start. */
  stateFile?: string;
  /** One line per event; never receives a token or secret. */
  logger?: (line: string) => void;
  profile?: Partial<LedgerProfile>;
  /** The household scenario (LedgerParams.household); demo mode's link is the card side ('card'). */
  household?: HouseholdRole;
  /** Serve the `/__admin/*` test endpoints (default true); the app's embedded bank turns them off. */
  adminHttp?: boolean;
  /** Access-token lifetime (default 3600 s, MoneyKit's). */
  tokenTtlMs?: number;
  /** A second POST /links/{id}/products within this window gets 429 + Retry-After (default 60 s; MoneyKit's is an hour). */
  refreshWindowMs?: number;
  /** Elapsed time advances each ledger one step per interval (default null: only refreshes and `advance` do). */
  tickIntervalMs?: number | null;
}

export interface MoneykitBank {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
  advance(linkId: string, steps?: number): void;
  /** Replaces the link's fault plan. */
  setFaults(linkId: string, plan: MoneykitFaultPlan): void;
  /** The link's current live set, pendings included, in the exact wire form sync returns. */
  truth(linkId: string): { accounts: MoneykitAccountWire[]; transactions: MoneykitTransactionWire[] };
  links(): LinkSummary[];
  /** The client secret and every token this process issued, for secret-leak tests. */
  issuedSecrets(): string[];
}

export const DEFAULT_TOKEN_TTL_MS = 3600 * 1000;
export const DEFAULT_REFRESH_WINDOW_MS = 60 * 1000;

export async function startMoneykitBank(opts: MoneykitBankOptions): Promise<MoneykitBank> {
  const log = opts.logger ?? ((): void => undefined);
  const store = new LinkStore({
    seed: opts.seed,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    now: opts.now ?? (() => new Date()),
    tokenTtlMs: opts.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS,
    refreshWindowMs: opts.refreshWindowMs ?? DEFAULT_REFRESH_WINDOW_MS,
    tickIntervalMs: opts.tickIntervalMs ?? null,
    profile: defaultProfile(opts.profile),
    ...(opts.household ? { household: opts.household } : {}),
    stateFile: opts.stateFile,
    log,
  });
  const moneykit = createMoneykitHandler(store, log);
  const { url, close } = await startBankServer({
    port: opts.port,
    adminHttp: opts.adminHttp,
    admin: createMoneykitAdmin(store),
    api: (req, res, path) => (isConnectPath(path) ? handleConnect(store, req, res, path, log) : moneykit(req, res)),
    name: 'moneykit bank',
    log,
    failureBody: { error: 'internal error' },
    // The consent page's path carries the link-session token.
    loggedPath: (path) => (isConnectPath(path) ? '/connect/…' : path),
  });
  log(`moneykit bank (${INSTITUTION.name}) listening on ${url}`);

  return {
    url,
    close,
    advance: (linkId, steps = 1) => store.advance(linkId, steps),
    setFaults: (linkId, plan) => store.setFaults(linkId, plan),
    truth: (linkId) => store.truth(linkId),
    links: () => store.listLinks(),
    issuedSecrets: () => store.issuedSecrets(),
  };
}
