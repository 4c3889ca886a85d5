/**
 * The demo SnapTrade service's state: registered users, their connections (each a brokerage
 * simulation), connection-portal sessions, fault plans — and its persistence.
 *
 * Only what a replay needs is written (each connection's ordinal, creation time and event log,
 * whether it is disabled) plus sha256 hashes of user secrets, so a restart keeps every user,
 * connection and activity id without a secret ever touching the disk.
 *
 * Over 300 lines because users, connections, account ownership and portal sessions are one
 * state that every transition (register, connect, reconnect, disable, remove, reprocess) changes
 * and saves together; the simulation itself is brokerageSim.ts, the wire wire.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { IssuedSecrets, safeEqual, sha256Hex } from '../common/secrets';
import { StateFile } from '../common/stateFile';
import { DEFAULT_BROKERAGE_PROFILE, BrokerageSim, type BrokerageProfile, type ReprocessReport, type SimAccount, type SimActivity, type SimEvent } from './brokerageSim';
import { INSTITUTION_NAME } from './catalog';
import { faultPlanSchema, type SnaptradeFaultPlan } from './faults';
import { toAccountWire, toActivityWire, toBalancesWire, type AccountWire, type ActivityWire, type BalanceWire } from './wire';

export interface SnaptradeStoreOptions {
  seed: number;
  clientId: string;
  consumerKey: string;
  now: () => Date;
  stateFile?: string;
  profile?: Partial<BrokerageProfile>;
  /** The first request on a new day runs the brokerage's daily sync (default true). */
  dailySync?: boolean;
  log: (line: string) => void;
}

export interface UserRecord {
  readonly userId: string;
  readonly secretHash: string;
  readonly createdAt: Date;
}

export interface AuthorizationRecord {
  readonly id: string;
  readonly userId: string;
  readonly ordinal: number;
  readonly name: string;
  readonly sim: BrokerageSim;
  /** The brokerage login it was made with (see BrokerageParams.login); null for old state files. */
  readonly login: string | null;
  disabled: boolean;
  disabledAt: Date | null;
  /** Live fault counters; the request handler consumes them. */
  faults: SnaptradeFaultPlan;
}

interface PortalSession {
  readonly userId: string;
  /** Reconnecting an existing (disabled) connection rather than making a new one. */
  readonly reconnect: string | null;
  readonly customRedirect: string | null;
  readonly expiresAt: number;
}

export type RedeemResult =
  | { kind: 'connected'; authorizationId: string; customRedirect: string | null }
  | { kind: 'expired'; customRedirect: string | null }
  | { kind: 'unknown' };

/** A portal session looked at without using it (the consent page). */
export type PortalPeek =
  | { kind: 'pending'; customRedirect: string | null; reconnect: string | null }
  | { kind: 'expired'; customRedirect: string | null }
  | { kind: 'unknown' };

export interface SnaptradeTruth {
  accounts: AccountWire[];
  balances: Record<string, BalanceWire[]>;
  /** Per account id: its live activities, newest first, exactly as the activities endpoint serves them. */
  activities: Record<string, ActivityWire[]>;
}

/** The connection-portal URL is valid for five minutes. */
const PORTAL_TTL_MS = 5 * 60 * 1000;

const stateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  profile: z.object({ historyDays: z.number() }),
  next_ordinal: z.number().int().nonnegative(),
  users: z.array(z.object({ user_id: z.string(), secret_sha256: z.string(), created_at: z.iso.datetime() })),
  authorizations: z.array(
    z.object({
      id: z.string(),
      user_id: z.string(),
      ordinal: z.number().int().nonnegative(),
      created_at: z.iso.datetime(),
      events: z.array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('step'), at: z.iso.datetime() }),
          z.object({ kind: z.literal('reprocess'), at: z.iso.datetime(), reissue: z.number().int().nonnegative(), drop: z.number().int().nonnegative() }),
          z.object({ kind: z.literal('shift'), at: z.iso.datetime(), drop: z.string(), accountId: z.string(), date: z.string() }),
          z.object({ kind: z.literal('crypto'), at: z.iso.datetime(), accountId: z.string(), sats: z.number().int().positive() }),
        ]),
      ),
      disabled: z.boolean(),
      disabled_at: z.iso.datetime().nullable(),
      /** The brokerage login (the user id); absent in files written before logins kept account numbers. */
      login: z.string().optional(),
    }),
  ),
});
type PersistedState = z.infer<typeof stateSchema>;

export class UnknownAuthorizationError extends Error {
  constructor(id: string) {
    super(`unknown or removed authorization ${id}`);
    this.name = 'UnknownAuthorizationError';
  }
}

export class SnaptradeStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly authorizations = new Map<string, AuthorizationRecord>();
  private readonly accountOwners = new Map<string, string>();
  private readonly sessions = new Map<string, PortalSession>();
  private readonly seen = new IssuedSecrets();
  private readonly stateFile: StateFile<PersistedState>;
  private readonly profile: BrokerageProfile;
  private nextOrdinal = 0;

  constructor(private readonly options: SnaptradeStoreOptions) {
    this.profile = { ...DEFAULT_BROKERAGE_PROFILE, ...options.profile };
    this.seen.note(options.consumerKey);
    // A brokerage only replays identically under the seed and profile that generated it.
    this.stateFile = new StateFile(options.stateFile, stateSchema, { seed: options.seed, profile: this.profile }, (line) => this.log(line));
    this.load();
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get consumerKey(): string {
    return this.options.consumerKey;
  }

  now(): Date {
    return this.options.now();
  }

  // ─── Users ────────────────────────────────────────────────────────────────────────────────────

  registerUser(userId: string): { userId: string; userSecret: string } | 'exists' {
    if (this.users.has(userId)) return 'exists';
    const userSecret = randomUUID();
    this.seen.note(userSecret);
    this.users.set(userId, { userId, secretHash: sha256Hex(userSecret), createdAt: this.now() });
    this.log(`registered user ${userId}`);
    this.save();
    return { userId, userSecret };
  }

  /** Every registered user id, oldest first (GET /snapTrade/listUsers). */
  userIds(): string[] {
    return [...this.users.keys()];
  }

  /** The user, if the id and secret match (the secret is compared in constant time, unknown users included). */
  authenticate(userId: string, userSecret: string): UserRecord | null {
    const user = this.users.get(userId);
    const matches = safeEqual(sha256Hex(userSecret), user?.secretHash ?? sha256Hex(`\u0000no user ${userId}`));
    if (!user || !matches) return null;
    this.seen.note(userSecret);
    return user;
  }

  // ─── Connections ──────────────────────────────────────────────────────────────────────────────

  /** A live connection, caught up with elapsed time first. */
  authorization(id: string): AuthorizationRecord | undefined {
    const record = this.authorizations.get(id);
    if (record) this.catchUp(record);
    return record;
  }

  authorizationsOf(userId: string): AuthorizationRecord[] {
    const mine = [...this.authorizations.values()].filter((a) => a.userId === userId);
    for (const record of mine) this.catchUp(record);
    return mine;
  }

  /** The connection an account belongs to, and the account. */
  account(accountId: string): { authorization: AuthorizationRecord; account: SimAccount } | undefined {
    const owner = this.accountOwners.get(accountId);
    const authorization = owner === undefined ? undefined : this.authorization(owner);
    const account = authorization?.sim.accounts.find((a) => a.id === accountId);
    return authorization && account ? { authorization, account } : undefined;
  }

  removeAuthorization(id: string): void {
    const record = this.liveAuthorization(id);
    this.authorizations.delete(id);
    for (const account of record.sim.accounts) this.accountOwners.delete(account.id);
    this.log(`removed connection ${id}`);
    this.save();
  }

  setDisabled(id: string, disabled: boolean): void {
    const record = this.liveAuthorization(id);
    if (record.disabled === disabled) return;
    record.disabled = disabled;
    record.disabledAt = disabled ? this.now() : null;
    this.log(`connection ${id} ${disabled ? 'disabled' : 're-enabled'}`);
    this.save();
  }

  /** Runs the daily sync now if a day is owed (what the transactions/sync trigger asks for). */
  syncIfDue(id: string): void {
    const record = this.liveAuthorization(id);
    if (!record.sim.owesDailySync(this.now())) return;
    record.sim.step(this.now());
    this.save();
  }

  // ─── Connection portal ────────────────────────────────────────────────────────────────────────

  createPortalSession(userId: string, reconnect: string | null, customRedirect: string | null): { token: string; sessionId: string } {
    const token = randomBytes(24).toString('base64url');
    this.seen.note(token);
    this.sessions.set(sha256Hex(token), { userId, reconnect, customRedirect, expiresAt: this.now().getTime() + PORTAL_TTL_MS });
    return { token, sessionId: randomUUID() };
  }

  /** The session behind a portal token, without using it up; an expired one is forgotten. */
  peekPortalSession(token: string): PortalPeek {
    const hash = sha256Hex(token);
    const session = this.sessions.get(hash);
    if (session === undefined) return { kind: 'unknown' };
    if (this.now().getTime() > session.expiresAt) {
      this.sessions.delete(hash);
      return { kind: 'expired', customRedirect: session.customRedirect };
    }
    return { kind: 'pending', customRedirect: session.customRedirect, reconnect: session.reconnect };
  }

  /** The user left the portal without connecting: the token is used up. */
  abandonPortalSession(token: string): PortalPeek {
    const peek = this.peekPortalSession(token);
    this.sessions.delete(sha256Hex(token));
    return peek;
  }

  /**
   * The user finished the portal: the demo brokerage consents at once. A reconnect re-enables the
   * existing connection (same ids); otherwise a new connection with new accounts is made.
   */
  redeemPortalSession(token: string): RedeemResult {
    const hash = sha256Hex(token);
    const session = this.sessions.get(hash);
    if (session === undefined) return { kind: 'unknown' };
    this.sessions.delete(hash); // single use, even when expired
    if (this.now().getTime() > session.expiresAt) return { kind: 'expired', customRedirect: session.customRedirect };
    if (session.reconnect !== null && this.authorizations.has(session.reconnect)) {
      this.setDisabled(session.reconnect, false);
      return { kind: 'connected', authorizationId: session.reconnect, customRedirect: session.customRedirect };
    }
    const record = this.createAuthorization(session.userId);
    return { kind: 'connected', authorizationId: record.id, customRedirect: session.customRedirect };
  }

  private createAuthorization(userId: string): AuthorizationRecord {
    const ordinal = this.nextOrdinal++;
    // One demo brokerage login per SnapTrade user: connecting it again shows the same account numbers.
    const sim = new BrokerageSim({ seed: this.options.seed, ordinal, createdAt: this.now(), profile: this.profile, login: userId });
    const record = this.register(userId, ordinal, sim, false, null, userId);
    this.log(`created connection ${record.id} for ${userId} (ordinal ${ordinal})`);
    this.save();
    return record;
  }

  private register(userId: string, ordinal: number, sim: BrokerageSim, disabled: boolean, disabledAt: Date | null, login: string | null): AuthorizationRecord {
    const record: AuthorizationRecord = {
      id: sim.authorizationId, userId, ordinal, name: `${INSTITUTION_NAME}-${ordinal + 1}`, sim, login, disabled, disabledAt, faults: {},
    };
    this.authorizations.set(record.id, record);
    for (const account of sim.accounts) this.accountOwners.set(account.id, record.id);
    return record;
  }

  // ─── Test and demo controls ───────────────────────────────────────────────────────────────────

  advance(id: string, steps: number): void {
    const record = this.liveAuthorization(id);
    this.catchUp(record);
    for (let i = 0; i < steps; i++) record.sim.step(this.now());
    this.save();
  }

  reprocess(id: string, counts: { reissue: number; drop: number }): ReprocessReport {
    const record = this.liveAuthorization(id);
    this.catchUp(record);
    const report = record.sim.reprocess(this.now(), counts);
    this.save();
    return report;
  }

  /** See BrokerageSim.cryptoWithdrawal: an activity SnapTrade counts in BTC (`currency` null). */
  cryptoWithdrawal(id: string, sats: number): SimActivity | null {
    const record = this.liveAuthorization(id);
    this.catchUp(record);
    const activity = record.sim.cryptoWithdrawal(this.now(), sats);
    this.save();
    return activity;
  }

  /** See BrokerageSim.shiftPages: reprocessing between two pages of an account that keeps the total. */
  shiftPages(id: string, accountId: string, visible: readonly SimActivity[], boundary: number, earliest: string | null): void {
    const record = this.liveAuthorization(id);
    if (record.sim.shiftPages(this.now(), accountId, visible, boundary, earliest)) this.save();
  }

  /** Replaces the connection's counted faults; `disabled`, when present, sets the sticky state. */
  setFaults(id: string, plan: SnaptradeFaultPlan): void {
    const record = this.liveAuthorization(id);
    // parse() returns a deep copy, so counting down never mutates the caller's object.
    const { disabled, ...counted } = faultPlanSchema.parse(plan);
    record.faults = counted;
    if (disabled !== undefined) this.setDisabled(id, disabled);
  }

  truth(id: string): SnaptradeTruth {
    const record = this.liveAuthorization(id);
    this.catchUp(record);
    const { sim } = record;
    return {
      accounts: sim.accounts.map((a) => toAccountWire(sim, a)),
      balances: Object.fromEntries(sim.accounts.map((a) => [a.id, toBalancesWire(sim, a)])),
      activities: Object.fromEntries(sim.accounts.map((a) => [a.id, sim.activities(a.id).map(toActivityWire)])),
    };
  }

  listAuthorizations(): { id: string; user_id: string; created_date: string; disabled: boolean; synced_through: string }[] {
    return [...this.authorizations.values()].map((a) => ({
      id: a.id, user_id: a.userId, created_date: a.sim.createdAt.toISOString(), disabled: a.disabled, synced_through: a.sim.syncedThrough,
    }));
  }

  /** Every user secret, portal token and the consumer key seen by this process, for secret-leak tests. */
  issuedSecrets(): string[] {
    return this.seen.list();
  }

  private liveAuthorization(id: string): AuthorizationRecord {
    const record = this.authorizations.get(id);
    if (record === undefined) throw new UnknownAuthorizationError(id);
    return record;
  }

  /** Elapsed time runs the daily sync: the first look on a new day makes yesterday available. */
  private catchUp(record: AuthorizationRecord): void {
    if (this.options.dailySync === false || !record.sim.owesDailySync(this.now())) return;
    record.sim.step(this.now());
    this.save();
  }

  private log(line: string): void {
    this.options.log(line);
  }

  // ─── Persistence ──────────────────────────────────────────────────────────────────────────────

  private load(): void {
    const state = this.stateFile.load();
    if (state === null) return;
    this.nextOrdinal = state.next_ordinal;
    for (const u of state.users) this.users.set(u.user_id, { userId: u.user_id, secretHash: u.secret_sha256, createdAt: new Date(u.created_at) });
    for (const a of state.authorizations) {
      const params = { seed: state.seed, ordinal: a.ordinal, createdAt: new Date(a.created_at), profile: this.profile, ...(a.login === undefined ? {} : { login: a.login }) };
      const sim = BrokerageSim.replay(params, a.events as SimEvent[]);
      if (sim.authorizationId !== a.id) {
        this.log(`state file ${this.stateFile.file ?? ''}: connection ${a.id} does not replay; dropped`);
        continue;
      }
      this.register(a.user_id, a.ordinal, sim, a.disabled, a.disabled_at === null ? null : new Date(a.disabled_at), a.login ?? null);
    }
    this.log(`reloaded ${this.users.size} users and ${this.authorizations.size} connections from ${this.stateFile.file ?? ''}`);
  }

  private save(): void {
    this.stateFile.save((): PersistedState => ({
      version: 1,
      seed: this.options.seed,
      profile: this.profile,
      next_ordinal: this.nextOrdinal,
      users: [...this.users.values()].map((u) => ({ user_id: u.userId, secret_sha256: u.secretHash, created_at: u.createdAt.toISOString() })),
      authorizations: [...this.authorizations.values()].map((a) => ({
        id: a.id,
        user_id: a.userId,
        ordinal: a.ordinal,
        created_at: a.sim.createdAt.toISOString(),
        events: [...a.sim.events],
        disabled: a.disabled,
        disabled_at: a.disabledAt?.toISOString() ?? null,
        ...(a.login === null ? {} : { login: a.login }),
      })),
    }));
  }
}
