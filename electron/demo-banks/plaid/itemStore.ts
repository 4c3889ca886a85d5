/**
 * The Plaid demo bank's items, tokens and steps. Only what a replay needs is persisted (creation
 * time, ordinal, step times) plus sha256 hashes of tokens, so a restart keeps every token and cursor
 * valid without ever writing a token to disk (itemStatePersistence.ts).
 */
import { randomUUID } from 'node:crypto';
import { stepsOwed } from '../common/catchUp';
import { IssuedSecrets, credentialsMatch, sha256Hex } from '../common/secrets';
import { StateFile } from '../common/stateFile';
import type { HouseholdRole } from '../ledger/household';
import { DEFAULT_PROFILE, LedgerSim, type BurstSpec, type LedgerProfile, type ScriptedEvent } from '../ledger/ledgerSim';
import { PlaidError } from './errors';
import { faultPlanSchema, type FaultPlan } from './faults';
import { itemStateSchema, type PersistedItemState } from './itemStatePersistence';
import type { PlaidItem, PlaidStore } from './items';
import { toAccountWire, toTransactionWire, type PlaidAccountWire, type PlaidTransactionWire } from './wire';

export interface ItemStoreOptions {
  /** Everything the bank invents derives from it. */
  seed: number;
  /** The only credentials the bank accepts. */
  clientId: string;
  secret: string;
  /** Persist items and steps here (JSON, token hashes only) and reload them on start. */
  stateFile?: string;
  /** Elapsed time advances each ledger one step per interval (default 4 h; null disables). */
  tickIntervalMs?: number | null;
  profile?: Partial<LedgerProfile>;
  /** Share of postings reported without `pending_transaction_id` (LedgerParams.unlinkedPostings). */
  unlinkedPostings?: number;
  /** The balance-check scenario: a stale pending the bank settles unreported (LedgerParams.unreportedSettle). */
  unreportedSettle?: boolean;
  /** The household scenario (LedgerParams.household): demo mode's Plaid item pays the bills and the MoneyKit card. */
  household?: HouseholdRole;
  /** One line per event; never receives a token or secret. */
  logger?: (line: string) => void;
}

const DEFAULT_TICK_MS = 4 * 60 * 60 * 1000;
const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;

interface ItemRecord extends PlaidItem {
  readonly ordinal: number;
  faults: FaultPlan;
  accessTokenHash: string | null;
  lastTickAt: number;
}

export class ItemStore implements PlaidStore {
  private readonly items = new Map<string, ItemRecord>();
  private readonly itemsByAccessHash = new Map<string, ItemRecord>();
  private readonly publicTokens = new Map<string, { itemId: string; expiresAt: number }>();
  private readonly removedAccessHashes = new Set<string>();
  private readonly seen = new IssuedSecrets();
  private readonly stateFile: StateFile<PersistedItemState>;
  private readonly profile: LedgerProfile;
  private readonly tickMs: number | null;
  private nextOrdinal = 0;

  /** What the item's next `/transactions/refresh` does instead of a seeded step (a burst or a script). */
  private readonly queuedOnRefresh = new Map<string, (ledger: LedgerSim, at: Date) => void>();

  constructor(private readonly options: ItemStoreOptions, readonly now: () => Date) {
    this.profile = { ...DEFAULT_PROFILE, ...options.profile };
    this.tickMs = options.tickIntervalMs === undefined ? DEFAULT_TICK_MS : options.tickIntervalMs;
    this.seen.note(options.secret);
    // A ledger only replays identically under the seed and profile that generated it.
    this.stateFile = new StateFile(options.stateFile, itemStateSchema, { seed: options.seed, profile: this.profile, household: options.household }, (line) => this.log(line));
    this.load();
  }

  credentialsMatch(clientId: string, secret: string): boolean {
    return credentialsMatch({ id: this.options.clientId, secret: this.options.secret }, clientId, secret);
  }

  createItem(institutionId: string): { publicToken: string; item: PlaidItem } {
    const createdAt = this.now();
    const ordinal = this.nextOrdinal++;
    const ledger = new LedgerSim({ seed: this.options.seed, ordinal, createdAt, profile: this.profile, unlinkedPostings: this.options.unlinkedPostings, unreportedSettle: this.options.unreportedSettle, household: this.options.household });
    const record: ItemRecord = {
      itemId: ledger.itemId,
      institutionId,
      createdAt,
      ledger,
      ordinal,
      faults: {},
      accessTokenHash: null,
      lastTickAt: createdAt.getTime(),
      lastFailedUpdate: null,
    };
    this.items.set(record.itemId, record);
    const publicToken = `public-sandbox-${randomUUID()}`;
    this.seen.note(publicToken);
    this.publicTokens.set(sha256Hex(publicToken), { itemId: record.itemId, expiresAt: createdAt.getTime() + PUBLIC_TOKEN_TTL_MS });
    this.log(`created item ${record.itemId} (ordinal ${ordinal}, ${ledger.logLength} events)`);
    this.save();
    return { publicToken, item: record };
  }

  itemById(itemId: string): PlaidItem | null {
    const item = this.items.get(itemId);
    if (item === undefined) return null;
    this.catchUp(item);
    return item;
  }

  noteIssued(token: string): void {
    this.seen.note(token);
  }

  exchangePublicToken(publicToken: string): { accessToken: string; itemId: string } | 'unknown' | 'expired' {
    const hash = sha256Hex(publicToken);
    const entry = this.publicTokens.get(hash);
    const item = entry && this.items.get(entry.itemId);
    if (entry === undefined || item === undefined) return 'unknown';
    this.publicTokens.delete(hash); // single use, even when expired
    if (this.now().getTime() > entry.expiresAt) {
      this.save();
      return 'expired';
    }
    this.seen.note(publicToken);
    const accessToken = `access-sandbox-${randomUUID()}`;
    this.seen.note(accessToken);
    item.accessTokenHash = sha256Hex(accessToken);
    this.itemsByAccessHash.set(item.accessTokenHash, item);
    this.save();
    return { accessToken, itemId: item.itemId };
  }

  itemForAccessToken(accessToken: string): PlaidItem | 'unknown' | 'removed' {
    const hash = sha256Hex(accessToken);
    const item = this.itemsByAccessHash.get(hash);
    if (item === undefined) return this.removedAccessHashes.has(hash) ? 'removed' : 'unknown';
    this.seen.note(accessToken);
    this.catchUp(item);
    return item;
  }

  removeItem(itemId: string): void {
    const item = this.liveItem(itemId);
    this.items.delete(itemId);
    if (item.accessTokenHash !== null) {
      this.itemsByAccessHash.delete(item.accessTokenHash);
      this.removedAccessHashes.add(item.accessTokenHash);
    }
    for (const [hash, token] of this.publicTokens) if (token.itemId === itemId) this.publicTokens.delete(hash);
    this.log(`removed item ${itemId}`);
    this.save();
  }

  advance(itemId: string, steps: number): void {
    const item = this.liveItem(itemId);
    this.catchUp(item);
    const at = this.now();
    for (let i = 0; i < steps; i++) item.ledger.step(at);
    this.save();
  }

  /**
   * A burst of exact sizes (the benchmark's incremental sync), now or — `onRefresh` — in place of
   * the step the item's next `/transactions/refresh` would make, so a measured Refresh now carries
   * exactly it. Refused where the bank keeps a state file (a burst is not replayable).
   */
  burst(itemId: string, spec: BurstSpec, onRefresh = false): void {
    if (this.options.stateFile) throw new PlaidError('INVALID_FIELD', 'burst is not replayable, so a bank with a state file refuses it');
    const item = this.liveItem(itemId);
    this.catchUp(item);
    if (onRefresh) this.queuedOnRefresh.set(itemId, (ledger, at) => ledger.burst(at, spec));
    else item.ledger.burst(this.now(), spec);
  }

  scriptNextRefresh(itemId: string, events: readonly ScriptedEvent[]): Promise<Map<string, string>> {
    if (this.options.stateFile) throw new PlaidError('INVALID_FIELD', 'a scripted step is not replayable, so a bank with a state file refuses it');
    this.liveItem(itemId);
    return new Promise((resolve, reject) => {
      this.queuedOnRefresh.set(itemId, (ledger, at) => {
        try {
          resolve(ledger.script(at, events));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  refresh(itemId: string): void {
    const queued = this.queuedOnRefresh.get(itemId);
    if (!queued) return this.advance(itemId, 1);
    this.queuedOnRefresh.delete(itemId);
    const item = this.liveItem(itemId);
    this.catchUp(item);
    queued(item.ledger, this.now());
  }

  setFaults(itemId: string, faults: FaultPlan): void {
    // parse() returns a deep copy, so counting down never mutates the caller's object.
    this.liveItem(itemId).faults = faultPlanSchema.parse(faults);
  }

  truth(itemId: string): { accounts: PlaidAccountWire[]; transactions: PlaidTransactionWire[] } {
    const item = this.liveItem(itemId);
    this.catchUp(item);
    const { ledger } = item;
    return {
      accounts: ledger.accounts.map((account) => toAccountWire(ledger, account)),
      transactions: ledger.liveTransactions().map(toTransactionWire),
    };
  }

  listItems(): { item_id: string; institution_id: string; created_at: string }[] {
    return [...this.items.values()].map((item) => ({ item_id: item.itemId, institution_id: item.institutionId, created_at: item.createdAt.toISOString() }));
  }

  issuedSecrets(): string[] {
    return this.seen.list();
  }

  private liveItem(itemId: string): ItemRecord {
    const item = this.items.get(itemId);
    if (item === undefined) throw new UnknownItemError(itemId);
    return item;
  }

  /**
   * Applies the steps elapsed real time owes the item, dated when each interval ended (after a
   * long absence only the last few; see common/catchUp.ts).
   */
  private catchUp(item: ItemRecord): void {
    const owed = stepsOwed(item.lastTickAt, this.now().getTime(), this.tickMs);
    if (owed === null) return;
    for (const at of owed.times) item.ledger.step(at);
    item.lastTickAt = owed.lastTickAt;
    this.save();
  }

  private log(line: string): void {
    this.options.logger?.(line);
  }

  private load(): void {
    const state = this.stateFile.load();
    if (state === null) return;
    this.nextOrdinal = state.next_ordinal;
    for (const saved of state.items) {
      const createdAt = new Date(saved.created_at);
      const record: ItemRecord = {
        itemId: saved.item_id,
        institutionId: saved.institution_id,
        createdAt,
        ledger: LedgerSim.replay({ seed: state.seed, ordinal: saved.ordinal, createdAt, profile: this.profile, unlinkedPostings: this.options.unlinkedPostings, unreportedSettle: this.options.unreportedSettle, household: this.options.household }, saved.step_times),
        ordinal: saved.ordinal,
        faults: {},
        accessTokenHash: saved.access_token_sha256,
        lastTickAt: Date.parse(saved.last_tick_at),
        lastFailedUpdate: null,
      };
      this.items.set(record.itemId, record);
      if (record.accessTokenHash !== null) this.itemsByAccessHash.set(record.accessTokenHash, record);
    }
    for (const token of state.public_tokens) {
      this.publicTokens.set(token.sha256, { itemId: token.item_id, expiresAt: Date.parse(token.expires_at) });
    }
    for (const hash of state.removed_access_token_sha256) this.removedAccessHashes.add(hash);
    this.log(`reloaded ${this.items.size} items from ${this.stateFile.file ?? ''}`);
  }

  private save(): void {
    this.stateFile.save((): PersistedItemState => {
      const now = this.now().getTime();
      return {
        version: 1,
        seed: this.options.seed,
        profile: this.profile,
        ...(this.options.household ? { household: this.options.household } : {}),
        next_ordinal: this.nextOrdinal,
        items: [...this.items.values()].map((item) => ({
          item_id: item.itemId,
          ordinal: item.ordinal,
          institution_id: item.institutionId,
          created_at: item.createdAt.toISOString(),
          access_token_sha256: item.accessTokenHash,
          step_times: [...item.ledger.stepTimes],
          last_tick_at: new Date(item.lastTickAt).toISOString(),
        })),
        public_tokens: [...this.publicTokens]
          .filter(([, token]) => token.expiresAt >= now)
          .map(([sha256, token]) => ({ sha256, item_id: token.itemId, expires_at: new Date(token.expiresAt).toISOString() })),
        removed_access_token_sha256: [...this.removedAccessHashes],
      };
    });
  }
}

export class UnknownItemError extends Error {
  constructor(itemId: string) {
    super(`unknown or removed item ${itemId}`);
    this.name = 'UnknownItemError';
  }
}
