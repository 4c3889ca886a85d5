/**
 * The demo bank's MoneyKit links: each one a seeded ledger simulation plus its fault plan, refresh
 * limiter and link-session tokens. Only what a replay needs is persisted (ordinal, creation time,
 * step times, deletion, refresh times): ledgers rebuild identically, so every cursor a client holds
 * stays valid across a restart. No token is ever written (access tokens are self-validating and
 * link-session tokens are short-lived and die with the process).
 *
 * Over 300 lines because links, link sessions and consented exchangeable tokens are one state
 * machine (a session becomes a link or repairs one, exactly once, by either of two exchanges) and
 * each transition saves the state file; the wire, persistence schema and endpoints are elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { stepsOwed } from '../common/catchUp';
import { IssuedSecrets, credentialsMatch, sha256Hex } from '../common/secrets';
import { StateFile } from '../common/stateFile';
import type { HouseholdRole } from '../ledger/household';
import { DEFAULT_PROFILE, LedgerSim, type LedgerProfile } from '../ledger/ledgerSim';
import { createRng } from '../ledger/rng';
import { AccessTokens } from './accessTokens';
import { MoneykitFaultPlanSchema, type MoneykitFaultPlan } from './faults';
import { linkStateSchema, type PersistedLinkState } from './linkStatePersistence';
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
  /** The household scenario (LedgerParams.household): demo mode's MoneyKit card receives the Plaid checking's payments. */
  household?: HouseholdRole;
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

interface LinkSession {
  expiresAt: number;
  customerUserId: string;
  existingLinkId: string | null;
  /** Where the consent page sends the browser back to; null for sessions made without one. */
  redirectUri: string | null;
}

/** What the consent page shows for a link session, and where it returns to. */
export interface ConsentView {
  relink: boolean;
  redirectUri: string;
}

/** How a consent decision ends: the URL (redirect_uri plus its result) the browser goes back to. */
export type ConsentOutcome = { redirect: string } | 'invalid';

export interface LinkSummary {
  link_id: string;
  institution_id: string;
  created_at: string;
  state: 'connected' | 'deleted' | 'error';
}

const SESSION_TTL_MS = 30 * 60 * 1000;
const tokenKey = sha256Hex;

/** A redirect_uri the consent page can send a browser back to: an absolute http(s) URL. */
function returnable(uri: string | null): uri is string {
  if (uri === null || !URL.canParse(uri)) return false;
  const { protocol } = new URL(uri);
  return protocol === 'http:' || protocol === 'https:';
}

export class UnknownLinkError extends Error {
  constructor(linkId: string) {
    super(`unknown link ${linkId}`);
    this.name = 'UnknownLinkError';
  }
}

export class LinkStore {
  readonly tokens: AccessTokens;
  private readonly links = new Map<string, LinkRecord>();
  private readonly sessions = new Map<string, LinkSession>();
  /** Exchangeable tokens the consent page handed out, by hash: the link each one names. Single use. */
  private readonly exchangeables = new Map<string, { expiresAt: number; linkId: string }>();
  private readonly seen = new IssuedSecrets();
  private readonly stateFile: StateFile<PersistedLinkState>;
  /** Distinct from the Plaid face's seed, so the two institutions never share a ledger. */
  private readonly ledgerSeed: number;
  private nextOrdinal = 0;

  constructor(private readonly options: LinkStoreOptions) {
    this.tokens = new AccessTokens(options.clientSecret, options.tokenTtlMs, options.now);
    this.ledgerSeed = createRng('moneykit', options.seed).int(0, 0x7fff_ffff);
    this.seen.note(options.clientSecret);
    // A ledger only replays identically under the seed and profile that generated it.
    this.stateFile = new StateFile(options.stateFile, linkStateSchema, { seed: options.seed, profile: options.profile, household: options.household }, (line) => this.log(line));
    this.load();
  }

  now(): Date {
    return this.options.now();
  }

  credentialsMatch(clientId: string, clientSecret: string): boolean {
    return credentialsMatch({ id: this.options.clientId, secret: this.options.clientSecret }, clientId, clientSecret);
  }

  /** Remembers a token the bank handed out, for secret-leak tests. */
  noteIssued(token: string): void {
    this.seen.note(token);
  }

  createSession(customerUserId: string, existingLinkId: string | null, redirectUri: string | null = null): string {
    const token = `mkls_${randomUUID()}`;
    this.seen.note(token);
    this.sessions.set(tokenKey(token), { expiresAt: this.now().getTime() + SESSION_TTL_MS, customerUserId, existingLinkId, redirectUri });
    return token;
  }

  /**
   * Completes a link session by exchanging a token. Two kinds are accepted, each single use:
   *
   * - the exchangeable token the consent page (`/connect/<token>`, connectPage.ts) put on the
   *   redirect after the user allowed access — the production path, as MoneyKit Connect does;
   * - the link-session token itself: the demo setup (moneykitDemo.ts) has no browser, so there the
   *   user's consent completes by itself and the link-session token doubles as the exchangeable
   *   token Connect would have handed the app. A session completed through the consent page can no
   *   longer be exchanged this way, and vice versa.
   *
   * Re-linking an existing link (existing_link_id) repairs its login.
   */
  exchange(exchangeableToken: string): LinkRecord | 'invalid' {
    const key = tokenKey(exchangeableToken);
    const consented = this.exchangeables.get(key);
    if (consented !== undefined) {
      this.exchangeables.delete(key);
      if (this.now().getTime() > consented.expiresAt) return 'invalid';
      const link = this.links.get(consented.linkId);
      return link === undefined || link.deletedAt !== null ? 'invalid' : link;
    }
    const session = this.takeSession(exchangeableToken);
    if (session === null) return 'invalid';
    if (session.existingLinkId !== null) return this.relink(session.existingLinkId) ?? 'invalid';
    return this.createLink(session.customerUserId);
  }

  /** The consent page's view of a live link session (not consumed), or null for an unknown, used or expired one. */
  consentView(linkSessionToken: string): ConsentView | null {
    const session = this.sessions.get(tokenKey(linkSessionToken));
    if (session === undefined || !returnable(session.redirectUri) || this.now().getTime() > session.expiresAt) return null;
    return { relink: session.existingLinkId !== null, redirectUri: session.redirectUri };
  }

  /**
   * The user's answer on the consent page; consumes the session. Allowing a new link creates it and
   * an exchangeable token for the app (`?exchangeable_token=`); allowing a relink repairs the
   * existing link's login (`?link_id=&relinked=true`); cancelling answers `?error=user_cancelled`.
   */
  consent(linkSessionToken: string, allow: boolean): ConsentOutcome {
    const session = this.sessions.get(tokenKey(linkSessionToken));
    if (session === undefined || !returnable(session.redirectUri)) return 'invalid';
    if (this.takeSession(linkSessionToken) === null) return 'invalid';
    const back = (params: Record<string, string>): { redirect: string } => {
      const url = new URL(session.redirectUri ?? '');
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      return { redirect: url.toString() };
    };
    if (!allow) return back({ error: 'user_cancelled' });
    if (session.existingLinkId !== null) {
      const link = this.relink(session.existingLinkId);
      if (link === null) return back({ error: 'link_not_found' });
      this.log(`relinked ${link.linkId} through the consent page`);
      return back({ link_id: link.linkId, relinked: 'true' });
    }
    const link = this.createLink(session.customerUserId);
    const token = `mkex_${randomUUID()}`;
    this.seen.note(token);
    this.exchangeables.set(tokenKey(token), { expiresAt: this.now().getTime() + SESSION_TTL_MS, linkId: link.linkId });
    return back({ exchangeable_token: token });
  }

  /** Removes and returns a live session; null when unknown or expired. */
  private takeSession(linkSessionToken: string): LinkSession | null {
    const key = tokenKey(linkSessionToken);
    const session = this.sessions.get(key);
    if (session === undefined) return null;
    this.sessions.delete(key);
    return this.now().getTime() > session.expiresAt ? null : session;
  }

  /** The user signed in again: the link's login works again (its authExpired fault, its error state, is cleared). */
  private relink(linkId: string): LinkRecord | null {
    const existing = this.links.get(linkId);
    if (existing === undefined || existing.deletedAt !== null) return null;
    existing.faults = { ...existing.faults, authExpired: false };
    return existing;
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
    return this.seen.list();
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
    const ledger = LedgerSim.replay({ seed: this.ledgerSeed, ordinal, createdAt, profile: this.options.profile, ...(this.options.household ? { household: this.options.household } : {}) }, stepTimes);
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
   * Applies the steps elapsed time owes the link, dated when each interval ended (after a long
   * absence only the last few; see common/catchUp.ts).
   */
  private catchUp(link: LinkRecord): void {
    const owed = stepsOwed(link.lastTickAt, this.now().getTime(), this.options.tickIntervalMs);
    if (owed === null) return;
    for (const at of owed.times) link.ledger.step(at);
    link.lastTickAt = owed.lastTickAt;
    this.save();
  }

  private log(line: string): void {
    this.options.log(line);
  }

  private load(): void {
    const state = this.stateFile.load();
    if (state === null) return;
    this.nextOrdinal = state.next_ordinal;
    for (const saved of state.links) {
      const link = this.newRecord(saved.ordinal, new Date(saved.created_at), saved.customer_user_id, saved.step_times);
      if (link.linkId !== saved.link_id) {
        this.log(`state file ${this.stateFile.file ?? ''}: link ${saved.link_id} does not replay; skipped`);
        continue;
      }
      link.deletedAt = saved.deleted_at === null ? null : new Date(saved.deleted_at);
      link.lastRefreshAt = saved.last_refresh_at === null ? null : Date.parse(saved.last_refresh_at);
      link.refreshedAt = new Date(saved.refreshed_at);
      link.lastTickAt = Date.parse(saved.last_tick_at);
      this.links.set(link.linkId, link);
    }
    this.log(`reloaded ${this.links.size} links from ${this.stateFile.file ?? ''}`);
  }

  private save(): void {
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    this.stateFile.save(() => ({
      version: 1,
      seed: this.options.seed,
      profile: this.options.profile,
      ...(this.options.household ? { household: this.options.household } : {}),
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
    }));
  }
}

export const defaultProfile = (profile: Partial<LedgerProfile> | undefined): LedgerProfile => ({ ...DEFAULT_PROFILE, ...profile });
