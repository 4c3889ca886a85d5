/**
 * The demo bank: a Plaid-compatible server on 127.0.0.1 over seeded ledger simulations. It is the
 * app's built-in demo connection, the double behind every integration test, and fault-injectable.
 *
 * Items, tokens and steps live here. Only what a replay needs is persisted (creation time, ordinal,
 * step times) plus sha256 hashes of tokens, so a restart keeps every token and cursor valid without
 * ever writing a token to disk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { DEFAULT_PROFILE, LedgerSim, type BurstSpec, type LedgerProfile, type ScriptedEvent } from '../ledger/ledgerSim';
import { closeServer, listenOnLoopback } from '../common/loopbackServer';
import { readStateFile, writeStateFile } from '../common/stateFile';
import {
  INSTITUTION,
  PlaidError,
  createPlaidHandler,
  readJsonObject,
  safeEqual,
  sendJson,
  toAccountWire,
  toTransactionWire,
  type FaultPlan,
  type PlaidAccountWire,
  type PlaidItem,
  type PlaidStore,
  type PlaidTransactionWire,
} from './plaidServer';

export type { FaultPlan, PlaidAccountWire, PlaidTransactionWire, ScriptedEvent };

/** The credentials the embedded demo bank is started with unless told otherwise. */
export const DEMO_CREDENTIALS = { clientId: 'ledgerline-demo', secret: 'ledgerline-demo-secret' } as const;

export interface PlaidBankOptions {
  /** Everything the bank invents derives from it. */
  seed: number;
  /** The only credentials the bank accepts. */
  clientId: string;
  secret: string;
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  /** Persist items and steps here (JSON, token hashes only) and reload them on start. */
  stateFile?: string;
  now?: () => Date;
  /** Elapsed time advances each ledger one step per interval (default 4 h; null disables). */
  tickIntervalMs?: number | null;
  profile?: Partial<LedgerProfile>;
  /** Share of postings reported without `pending_transaction_id` (LedgerParams.unlinkedPostings). */
  unlinkedPostings?: number;
  /** One line per event; never receives a token or secret. */
  logger?: (line: string) => void;
  /**
   * Serve the `/__admin/*` test endpoints over HTTP (default true). The app's embedded bank turns
   * them off: it drives the bank in-process, and no other local program needs its tokens.
   */
  adminHttp?: boolean;
}

export interface PlaidBank {
  /** http://127.0.0.1:<port> */
  plaidUrl: string;
  close(): Promise<void>;
  advance(itemId: string, steps?: number): void;
  /**
   * Tests: the item's next `/transactions/refresh` makes exactly these events instead of a seeded
   * step (so a test builds the scenario it asserts). Resolves, once that refresh ran, to the ids
   * the events created by key. Refused where the bank keeps a state file (not replayable).
   */
  scriptNextRefresh(itemId: string, events: readonly ScriptedEvent[]): Promise<Map<string, string>>;
  /** Replaces the item's fault plan. */
  setFaults(itemId: string, faults: FaultPlan): void;
  /** The item's current live set, in the exact wire form /transactions/sync returns. */
  truth(itemId: string): { accounts: PlaidAccountWire[]; transactions: PlaidTransactionWire[] };
  items(): { item_id: string; institution_id: string; created_at: string }[];
  /** Every token and the client secret issued or accepted by this process, for secret-leak tests. */
  issuedSecrets(): string[];
}

const DEFAULT_TICK_MS = 4 * 60 * 60 * 1000;
const MAX_CATCH_UP_STEPS = 30;
const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

// ─── Persistence ────────────────────────────────────────────────────────────────────────────────

const stateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  profile: z.object({ accounts: z.number(), historyDays: z.number(), txPerDay: z.number() }),
  next_ordinal: z.number().int().nonnegative(),
  items: z.array(
    z.object({
      item_id: z.string(),
      ordinal: z.number().int().nonnegative(),
      institution_id: z.string(),
      created_at: z.iso.datetime(),
      access_token_sha256: z.string().nullable(),
      step_times: z.array(z.iso.datetime()),
      last_tick_at: z.iso.datetime(),
    }),
  ),
  public_tokens: z.array(z.object({ sha256: z.string(), item_id: z.string(), expires_at: z.iso.datetime() })),
  /** Access tokens of removed items, so they keep answering ITEM_NOT_FOUND rather than INVALID_ACCESS_TOKEN. */
  removed_access_token_sha256: z.array(z.string()),
});
type PersistedState = z.infer<typeof stateSchema>;

interface ItemRecord extends PlaidItem {
  readonly ordinal: number;
  faults: FaultPlan;
  accessTokenHash: string | null;
  lastTickAt: number;
}

const faultPlanSchema = z.strictObject({
  mutationDuringPagination: z.number().int().nonnegative().optional(),
  rateLimit: z.number().int().nonnegative().optional(),
  serverError: z.number().int().nonnegative().optional(),
  institutionDown: z.number().int().nonnegative().optional(),
  slowMs: z.object({ ms: z.number().int().nonnegative(), count: z.number().int().nonnegative() }).optional(),
  truncatedJson: z.number().int().nonnegative().optional(),
  malformed: z.number().int().nonnegative().optional(),
  loginRequired: z.boolean().optional(),
  notReady: z.number().int().nonnegative().optional(),
});

// ─── The store ──────────────────────────────────────────────────────────────────────────────────

class BankStore implements PlaidStore {
  private readonly items = new Map<string, ItemRecord>();
  private readonly itemsByAccessHash = new Map<string, ItemRecord>();
  private readonly publicTokens = new Map<string, { itemId: string; expiresAt: number }>();
  private readonly removedAccessHashes = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly profile: LedgerProfile;
  private readonly tickMs: number | null;
  private nextOrdinal = 0;

  /** What the item's next `/transactions/refresh` does instead of a seeded step (a burst or a script). */
  private readonly queuedOnRefresh = new Map<string, (ledger: LedgerSim, at: Date) => void>();

  constructor(private readonly options: PlaidBankOptions, readonly now: () => Date) {
    this.profile = { ...DEFAULT_PROFILE, ...options.profile };
    this.tickMs = options.tickIntervalMs === undefined ? DEFAULT_TICK_MS : options.tickIntervalMs;
    this.seen.add(options.secret);
    this.load();
  }

  credentialsMatch(clientId: string, secret: string): boolean {
    // Evaluate both so a wrong client id is not distinguishable by timing from a wrong secret.
    const idOk = safeEqual(clientId, this.options.clientId);
    const secretOk = safeEqual(secret, this.options.secret);
    return idOk && secretOk;
  }

  createItem(institutionId: string): { publicToken: string; item: PlaidItem } {
    const createdAt = this.now();
    const ordinal = this.nextOrdinal++;
    const ledger = new LedgerSim({ seed: this.options.seed, ordinal, createdAt, profile: this.profile, unlinkedPostings: this.options.unlinkedPostings });
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
    this.seen.add(publicToken);
    this.publicTokens.set(hashToken(publicToken), { itemId: record.itemId, expiresAt: createdAt.getTime() + PUBLIC_TOKEN_TTL_MS });
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
    this.seen.add(token);
  }

  exchangePublicToken(publicToken: string): { accessToken: string; itemId: string } | 'unknown' | 'expired' {
    const hash = hashToken(publicToken);
    const entry = this.publicTokens.get(hash);
    const item = entry && this.items.get(entry.itemId);
    if (entry === undefined || item === undefined) return 'unknown';
    this.publicTokens.delete(hash); // single use, even when expired
    if (this.now().getTime() > entry.expiresAt) {
      this.save();
      return 'expired';
    }
    this.seen.add(publicToken);
    const accessToken = `access-sandbox-${randomUUID()}`;
    this.seen.add(accessToken);
    item.accessTokenHash = hashToken(accessToken);
    this.itemsByAccessHash.set(item.accessTokenHash, item);
    this.save();
    return { accessToken, itemId: item.itemId };
  }

  itemForAccessToken(accessToken: string): PlaidItem | 'unknown' | 'removed' {
    const hash = hashToken(accessToken);
    const item = this.itemsByAccessHash.get(hash);
    if (item === undefined) return this.removedAccessHashes.has(hash) ? 'removed' : 'unknown';
    this.seen.add(accessToken);
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
    return [...this.seen];
  }

  private liveItem(itemId: string): ItemRecord {
    const item = this.items.get(itemId);
    if (item === undefined) throw new UnknownItemError(itemId);
    return item;
  }

  /**
   * Applies the steps elapsed real time owes the item, dated when each interval ended. After a
   * long absence only the last MAX_CATCH_UP_STEPS intervals are simulated.
   */
  private catchUp(item: ItemRecord): void {
    if (this.tickMs === null || this.tickMs <= 0) return;
    const due = Math.floor((this.now().getTime() - item.lastTickAt) / this.tickMs);
    if (due <= 0) return;
    for (let k = due - Math.min(due, MAX_CATCH_UP_STEPS) + 1; k <= due; k++) {
      item.ledger.step(new Date(item.lastTickAt + k * this.tickMs));
    }
    item.lastTickAt += due * this.tickMs;
    this.save();
  }

  private log(line: string): void {
    this.options.logger?.(line);
  }

  private load(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    // A ledger only replays identically under the seed and profile that generated it.
    const state = readStateFile(file, stateSchema, { seed: this.options.seed, profile: this.profile }, (line) => this.log(line));
    if (state === null) return;
    this.nextOrdinal = state.next_ordinal;
    for (const saved of state.items) {
      const createdAt = new Date(saved.created_at);
      const record: ItemRecord = {
        itemId: saved.item_id,
        institutionId: saved.institution_id,
        createdAt,
        ledger: LedgerSim.replay({ seed: state.seed, ordinal: saved.ordinal, createdAt, profile: this.profile, unlinkedPostings: this.options.unlinkedPostings }, saved.step_times),
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
    this.log(`reloaded ${this.items.size} items from ${file}`);
  }

  private save(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    const now = this.now().getTime();
    const state: PersistedState = {
      version: 1,
      seed: this.options.seed,
      profile: this.profile,
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
    writeStateFile(file, state);
  }
}

class UnknownItemError extends Error {
  constructor(itemId: string) {
    super(`unknown or removed item ${itemId}`);
    this.name = 'UnknownItemError';
  }
}

// ─── Admin endpoints ────────────────────────────────────────────────────────────────────────────

/** Only loopback host names: a page on another origin rebinding its DNS to 127.0.0.1 is refused. */
function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost';
}

const itemIdSchema = z.object({ item_id: z.string() });
const advanceSchema = itemIdSchema.extend({ steps: z.number().int().min(1).max(1000).default(1) });
const faultsSchema = itemIdSchema.extend({ faults: faultPlanSchema });
const count = z.number().int().min(0).max(100_000);
const burstSchema = itemIdSchema.extend({ authorize: count, post: count, add: count, modify: count, remove: count, backfill: count.default(0), on_refresh: z.boolean().default(false) });

async function handleAdmin(store: BankStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const reply = (status: number, body: unknown): void => sendJson(res, status, JSON.stringify(body));
  if (!isLoopbackHost(req.headers.host)) return reply(403, { error: 'admin endpoints answer only to 127.0.0.1 or localhost' });
  // A JSON content type makes a cross-site form or fetch a preflighted request, which we never allow.
  if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return reply(415, { error: 'admin endpoints take application/json' });
  }
  try {
    const route = `${req.method ?? ''} ${path}`;
    if (route === 'GET /__admin/items') return reply(200, { items: store.listItems() });
    if (route === 'GET /__admin/secrets') return reply(200, { secrets: store.issuedSecrets() });
    const body = req.method === 'POST' ? await readJsonObject(req) : {};
    if (route === 'POST /__admin/advance') {
      const { item_id, steps } = advanceSchema.parse(body);
      store.advance(item_id, steps);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/burst') {
      const { item_id, on_refresh, ...spec } = burstSchema.parse(body);
      store.burst(item_id, spec, on_refresh);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/faults') {
      const { item_id, faults } = faultsSchema.parse(body);
      store.setFaults(item_id, faults);
      return reply(200, { ok: true });
    }
    if (route === 'POST /__admin/truth') return reply(200, store.truth(itemIdSchema.parse(body).item_id));
    return reply(404, { error: `no admin route ${route}` });
  } catch (error) {
    if (error instanceof UnknownItemError) return reply(404, { error: error.message });
    if (error instanceof z.ZodError || error instanceof PlaidError) return reply(400, { error: error.message });
    throw error;
  }
}

// ─── Startup ────────────────────────────────────────────────────────────────────────────────────

export async function startPlaidBank(options: PlaidBankOptions): Promise<PlaidBank> {
  const store = new BankStore(options, options.now ?? (() => new Date()));
  const log = options.logger ?? ((): void => undefined);
  let plaidUrl = '';
  const plaid = createPlaidHandler(store, log, () => plaidUrl);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const admin = path.startsWith('/__admin/') && options.adminHttp !== false;
    const handled = admin ? handleAdmin(store, req, res, path) : plaid(req, res);
    handled.catch((error: unknown) => {
      log(`demo bank: ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: 'internal error' }));
    });
  });
  plaidUrl = await listenOnLoopback(server, options.port ?? 0);
  log(`demo bank (${INSTITUTION.name}) listening on ${plaidUrl}`);

  return {
    plaidUrl,
    close: () => closeServer(server),
    advance: (itemId, steps = 1) => store.advance(itemId, steps),
    scriptNextRefresh: (itemId, events) => store.scriptNextRefresh(itemId, events),
    setFaults: (itemId, faults) => store.setFaults(itemId, faults),
    truth: (itemId) => store.truth(itemId),
    items: () => store.listItems(),
    issuedSecrets: () => store.issuedSecrets(),
  };
}
