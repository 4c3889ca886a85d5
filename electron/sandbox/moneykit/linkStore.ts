/**
 * The demo bank's MoneyKit links: each one a seeded ledger simulation plus its fault plan, refresh
 * limiter and link-session tokens. Only what a replay needs is persisted (ordinal, creation time,
 * step times, deletion, refresh times): ledgers rebuild identically, so every cursor a client holds
 * stays valid across a restart. No token is ever written (access tokens are self-validating and
 * link-session tokens are short-lived and die with the process).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { DEFAULT_PROFILE, LedgerSim, type LedgerProfile } from '../ledger/ledgerSim';
import { createRng } from '../ledger/rng';
import { AccessTokens } from './accessTokens';
import { MoneykitFaultPlanSchema, type MoneykitFaultPlan } from './faults';
import { readLinkState, writeLinkState } from './linkStatePersistence';
import { SyncFeed } from './syncFeed';
import { INSTITUTION, toAccountWire, toTransactionWire, type MoneykitAccountWire, type MoneykitTransactionWire } from './wire';

export interface LinkStoreOptions {
  seed: number;
  clientId: string;
  clientSecret: string;
  now: () => Date;
  tokenTtlMs: number;
  refreshWindowMs: number;
  /** Elapsed time advances each ledger one step per interval; null: only refreshes and `advance` do. */
  tickIntervalMs: number | null;
  profile: LedgerProfile;
  stateFile: string | undefined;
  log: (line: string) => void;
}

export interface LinkRecord {
  readonly linkId: string;
  readonly ordinal: number;
  readonly createdAt: Date;
  readonly customerUserId: string;
  readonly ledger: LedgerSim;
  readonly feed: SyncFeed;
  faults: MoneykitFaultPlan;
  deletedAt: Date | null;
  /** When the last accepted POST /links/{id}/products happened (ms), for the refresh limit. */
  lastRefreshAt: number | null;
  /** products.transactions.refreshed_at: creation (prefetch) or the last accepted refresh. */
  refreshedAt: Date;
  lastTickAt: number;
}

export interface LinkSummary {
  link_id: string;
  institution_id: string;
  created_at: string;
  state: 'connected' | 'deleted' | 'error';
}

const SESSION_TTL_MS = 30 * 60 * 1000;
const MAX_CATCH_UP_STEPS = 30;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
/** Constant-time string comparison (hashing first makes the lengths equal). */
export const safeEqual = (a: string, b: string): boolean => timingSafeEqual(sha256(a), sha256(b));
const tokenKey = (token: string): string => sha256(token).toString('hex');



export class UnknownLinkError extends Error {
  constructor(linkId: string) {
    super(`unknown link ${linkId}`);
    this.name = 'UnknownLinkError';
  }
}

export class LinkStore {
  readonly tokens: AccessTokens;
  private readonly links = new Map<string, LinkRecord>();
  private readonly sessions = new Map<string, { expiresAt: number; customerUserId: string; existingLinkId: string | null }>();
  private readonly seen = new Set<string>();
  /** Distinct from the Plaid face's seed, so the two institutions never share a ledger. */
  private readonly ledgerSeed: number;
  private nextOrdinal = 0;

  constructor(private readonly options: LinkStoreOptions) {
    this.tokens = new AccessTokens(options.clientSecret, options.tokenTtlMs, options.now);
    this.ledgerSeed = createRng('moneykit', options.seed).int(0, 0x7fff_ffff);
    this.seen.add(options.clientSecret);
    this.load();
  }

  now(): Date {
    return this.options.now();
  }

  credentialsMatch(clientId: string, clientSecret: string): boolean {
    // Evaluate both so a wrong client id is not distinguishable by timing from a wrong secret.
    const idOk = safeEqual(clientId, this.options.clientId);
    const secretOk = safeEqual(clientSecret, this.options.clientSecret);
    return idOk && secretOk;
  }

  /** Remembers a token the bank handed out, for secret-leak tests. */
  noteIssued(token: string): void {
    this.seen.add(token);
  }

  createSession(customerUserId: string, existingLinkId: string | null): string {
    const token = `mkls_${randomUUID()}`;
    this.seen.add(token);
    this.sessions.set(tokenKey(token), { expiresAt: this.now().getTime() + SESSION_TTL_MS, customerUserId, existingLinkId });
    return token;
  }

  /**
   * Completes a link session. In the demo bank the user's consent in Connect completes by itself,
   * so the link-session token is also the exchangeable token Connect would have handed the app.
   * Single use. Re-linking an existing link (existing_link_id) repairs its login.
   */
  exchange(exchangeableToken: string): LinkRecord | 'invalid' {
    const key = tokenKey(exchangeableToken);
    const session = this.sessions.get(key);
    if (session === undefined) return 'invalid';
    this.sessions.delete(key);
    if (this.now().getTime() > session.expiresAt) return 'invalid';
    if (session.existingLinkId !== null) {
      const existing = this.links.get(session.existingLinkId);
      if (existing === undefined || existing.deletedAt !== null) return 'invalid';
      existing.faults = { ...existing.faults, authExpired: false };
      return existing;
    }
    return this.createLink(session.customerUserId);
  }

  /** A link by id, deleted ones included, caught up with elapsed time. */
  link(linkId: string): LinkRecord | undefined {
    const link = this.links.get(linkId);
    if (link !== undefined && link.deletedAt === null) this.catchUp(link);
    return link;
  }

  deleteLink(linkId: string): void {
    const link = this.liveLink(linkId);
    link.deletedAt = this.now();
    this.log(`deleted link ${linkId}`);
    this.save();
  }

  /** Accepts a refresh (one ledger step) or says in how many seconds the next one is allowed. */
  requestRefresh(linkId: string): { accepted: true } | { accepted: false; retryAfterMs: number } {
    const link = this.liveLink(linkId);
    const now = this.now().getTime();
    if (link.lastRefreshAt !== null && now - link.lastRefreshAt < this.options.refreshWindowMs) {
      return { accepted: false, retryAfterMs: link.lastRefreshAt + this.options.refreshWindowMs - now };
    }
    link.lastRefreshAt = now;
    link.refreshedAt = new Date(now);
    link.ledger.step(new Date(now));
    this.save();
    return { accepted: true };
  }

  advance(linkId: string, steps: number): void {
    const link = this.liveLink(linkId);
    this.catchUp(link);
    const at = this.now();
    for (let i = 0; i < steps; i++) link.ledger.step(at);
    this.save();
  }

  setFaults(linkId: string, plan: MoneykitFaultPlan): void {
    // parse() returns a deep copy, so counting down never mutates the caller's object.
    this.liveLink(linkId).faults = MoneykitFaultPlanSchema.parse(plan);
  }

  truth(linkId: string): { accounts: MoneykitAccountWire[]; transactions: MoneykitTransactionWire[] } {
    const link = this.liveLink(linkId);
    this.catchUp(link);
    const { ledger } = link;
    const now = this.now();
    return {
      accounts: ledger.accounts.map((account) => toAccountWire(ledger, account, now)),
      transactions: ledger.liveTransactions().map(toTransactionWire),
    };
  }

  listLinks(): LinkSummary[] {
    return [...this.links.values()].map((link) => ({
      link_id: link.linkId,
      institution_id: INSTITUTION.id,
      created_at: link.createdAt.toISOString(),
      state: link.deletedAt !== null ? 'deleted' : link.faults.authExpired === true ? 'error' : 'connected',
    }));
  }

  issuedSecrets(): string[] {
    return [...this.seen];
  }

  private createLink(customerUserId: string): LinkRecord {
    const createdAt = this.now();
    const ordinal = this.nextOrdinal++;
    const link = this.newRecord(ordinal, createdAt, customerUserId, []);
    this.links.set(link.linkId, link);
    this.log(`created link ${link.linkId} (ordinal ${ordinal}, ${link.ledger.logLength} events)`);
    this.save();
    return link;
  }

  private newRecord(ordinal: number, createdAt: Date, customerUserId: string, stepTimes: readonly string[]): LinkRecord {
    const ledger = LedgerSim.replay({ seed: this.ledgerSeed, ordinal, createdAt, profile: this.options.profile }, stepTimes);
    // MoneyKit link ids look like `mk_eqkWN34UEoa2NxyALG8pcV`; the ledger's id is as stable.
    const linkId = `mk_${ledger.itemId.slice(0, 22)}`;
    return {
      linkId,
      ordinal,
      createdAt,
      customerUserId,
      ledger,
      feed: new SyncFeed(linkId, ledger),
      faults: {},
      deletedAt: null,
      lastRefreshAt: null,
      refreshedAt: createdAt,
      lastTickAt: createdAt.getTime(),
    };
  }

  private liveLink(linkId: string): LinkRecord {
    const link = this.links.get(linkId);
    if (link === undefined || link.deletedAt !== null) throw new UnknownLinkError(linkId);
    return link;
  }

  /**
   * Applies the steps elapsed time owes the link, dated when each interval ended. After a long
   * absence only the last MAX_CATCH_UP_STEPS intervals are simulated.
   */
  private catchUp(link: LinkRecord): void {
    const tick = this.options.tickIntervalMs;
    if (tick === null || tick <= 0) return;
    const due = Math.floor((this.now().getTime() - link.lastTickAt) / tick);
    if (due <= 0) return;
    for (let k = due - Math.min(due, MAX_CATCH_UP_STEPS) + 1; k <= due; k++) link.ledger.step(new Date(link.lastTickAt + k * tick));
    link.lastTickAt += due * tick;
    this.save();
  }

  private log(line: string): void {
    this.options.log(line);
  }

  private load(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    const state = readLinkState(file, { seed: this.options.seed, profile: this.options.profile }, (line) => this.log(line));
    if (state === null) return;
    this.nextOrdinal = state.next_ordinal;
    for (const saved of state.links) {
      const link = this.newRecord(saved.ordinal, new Date(saved.created_at), saved.customer_user_id, saved.step_times);
      if (link.linkId !== saved.link_id) {
        this.log(`state file ${file}: link ${saved.link_id} does not replay; skipped`);
        continue;
      }
      link.deletedAt = saved.deleted_at === null ? null : new Date(saved.deleted_at);
      link.lastRefreshAt = saved.last_refresh_at === null ? null : Date.parse(saved.last_refresh_at);
      link.refreshedAt = new Date(saved.refreshed_at);
      link.lastTickAt = Date.parse(saved.last_tick_at);
      this.links.set(link.linkId, link);
    }
    this.log(`reloaded ${this.links.size} links from ${file}`);
  }

  private save(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    writeLinkState(file, {
      version: 1,
      seed: this.options.seed,
      profile: this.options.profile,
      next_ordinal: this.nextOrdinal,
      links: [...this.links.values()].map((link) => ({
        link_id: link.linkId,
        ordinal: link.ordinal,
        created_at: link.createdAt.toISOString(),
        customer_user_id: link.customerUserId,
        step_times: [...link.ledger.stepTimes],
        deleted_at: link.deletedAt?.toISOString() ?? null,
        last_refresh_at: iso(link.lastRefreshAt),
        refreshed_at: link.refreshedAt.toISOString(),
        last_tick_at: new Date(link.lastTickAt).toISOString(),
      })),
    });
  }
}

export const defaultProfile = (profile: Partial<LedgerProfile> | undefined): LedgerProfile => ({ ...DEFAULT_PROFILE, ...profile });
