/**
 * The demo bank's Plaid face: wire shapes, Plaid's error bodies, cursor sync over an item's event
 * log, fault injection, and the HTTP handler for the endpoints Ledgerline calls. It knows nothing
 * about how items are stored: that is the `PlaidStore` it is given.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerSim, SimAccount, SimTransaction } from '../ledger/ledgerSim';
import { logCursorCodec, type LogCursor } from '../ledger/logCursor';

export const INSTITUTION = { id: 'ins_109508', name: 'First Platypus Bank' } as const;

// ─── Wire shapes ────────────────────────────────────────────────────────────────────────────────

export interface PlaidAccountWire {
  account_id: string;
  balances: {
    available: number | null;
    current: number | null;
    limit: number | null;
    iso_currency_code: string | null;
    unofficial_currency_code: string | null;
  };
  mask: string | null;
  name: string;
  official_name: string | null;
  type: 'depository' | 'credit';
  subtype: string | null;
}

type AllNull<K extends string> = Record<K, null>;

export interface PlaidTransactionWire {
  account_id: string;
  amount: number;
  iso_currency_code: string | null;
  unofficial_currency_code: string | null;
  category: string[] | null;
  category_id: string | null;
  check_number: string | null;
  date: string;
  datetime: string | null;
  authorized_date: string | null;
  authorized_datetime: string | null;
  location: AllNull<'address' | 'city' | 'region' | 'postal_code' | 'country' | 'lat' | 'lon' | 'store_number'>;
  name: string;
  merchant_name: string | null;
  merchant_entity_id: string | null;
  logo_url: string | null;
  website: string | null;
  payment_meta: AllNull<'reference_number' | 'ppd_id' | 'payee' | 'by_order_of' | 'payer' | 'payment_method' | 'payment_processor' | 'reason'>;
  payment_channel: 'online' | 'in store' | 'other';
  pending: boolean;
  pending_transaction_id: string | null;
  account_owner: string | null;
  transaction_id: string;
  transaction_code: string | null;
  transaction_type: 'digital' | 'place' | 'special' | 'unresolved';
  personal_finance_category: { primary: string; detailed: string; confidence_level: string | null };
  counterparties: {
    name: string;
    type: 'merchant';
    website: string | null;
    logo_url: string | null;
    entity_id: string | null;
    confidence_level: string | null;
  }[];
}

export interface PlaidRemovedWire {
  transaction_id: string;
  account_id: string;
}

export type TransactionsUpdateStatus = 'NOT_READY' | 'HISTORICAL_UPDATE_COMPLETE';

export interface SyncPageWire {
  accounts: PlaidAccountWire[];
  added: PlaidTransactionWire[];
  modified: PlaidTransactionWire[];
  removed: PlaidRemovedWire[];
  next_cursor: string;
  has_more: boolean;
  transactions_update_status: TransactionsUpdateStatus;
}

const cents = (value: number): number => value / 100; // k/100 always prints with at most 2 decimals

export function toAccountWire(ledger: LedgerSim, account: SimAccount): PlaidAccountWire {
  const balance = ledger.balance(account);
  return {
    account_id: account.id,
    balances: {
      available: cents(balance.availableCents),
      current: cents(balance.currentCents),
      limit: balance.limitCents === null ? null : cents(balance.limitCents),
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    },
    mask: account.mask,
    name: account.name,
    official_name: account.officialName,
    type: account.type,
    subtype: account.subtype,
  };
}

const TRANSACTION_TYPE = { online: 'digital', 'in store': 'place', other: 'special' } as const;

export function toTransactionWire(txn: SimTransaction): PlaidTransactionWire {
  const { payee } = txn;
  // Enrichment follows merchant_name: a row still showing its raw descriptor is not yet matched.
  const enriched = txn.merchantName !== null;
  return {
    account_id: txn.accountId,
    amount: cents(txn.amountCents),
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    category: [...payee.category.legacy],
    category_id: payee.category.legacyId,
    check_number: null,
    date: txn.date,
    datetime: null,
    authorized_date: txn.authorizedDate,
    authorized_datetime: null,
    location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
    name: txn.name,
    merchant_name: txn.merchantName,
    merchant_entity_id: enriched ? payee.entityId : null,
    logo_url: null,
    website: enriched ? payee.website : null,
    payment_meta: {
      reference_number: null, ppd_id: null, payee: null, by_order_of: null,
      payer: null, payment_method: null, payment_processor: null, reason: null,
    },
    payment_channel: payee.channel,
    pending: txn.pending,
    pending_transaction_id: txn.pendingTransactionId,
    account_owner: null,
    transaction_id: txn.id,
    transaction_code: null,
    transaction_type: TRANSACTION_TYPE[payee.channel],
    personal_finance_category: { primary: payee.category.primary, detailed: payee.category.detailed, confidence_level: 'VERY_HIGH' },
    counterparties:
      enriched && payee.merchant
        ? [{ name: payee.name, type: 'merchant', website: payee.website, logo_url: null, entity_id: payee.entityId, confidence_level: 'VERY_HIGH' }]
        : [],
  };
}

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────────

const ERRORS = {
  INVALID_API_KEYS: ['INVALID_INPUT', 400, 'invalid client_id or secret provided'],
  INVALID_ACCESS_TOKEN: ['INVALID_INPUT', 400, 'could not find matching access token'],
  INVALID_PUBLIC_TOKEN: ['INVALID_INPUT', 400, 'could not find matching public token'],
  INVALID_INSTITUTION: ['INVALID_INPUT', 400, 'invalid institution_id provided'],
  INVALID_ACCOUNT_ID: ['INVALID_INPUT', 400, 'failed to find requested account ID for requested item'],
  ITEM_NOT_FOUND: ['ITEM_ERROR', 400, 'The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.'],
  ITEM_LOGIN_REQUIRED: ['ITEM_ERROR', 400, "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state"],
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: ['TRANSACTIONS_ERROR', 400, 'Underlying transaction data changed since last page was fetched. Please restart pagination from last update.'],
  TRANSACTIONS_SYNC_LIMIT: ['RATE_LIMIT_EXCEEDED', 429, 'rate limit exceeded for attempts to access this item. please try again later'],
  INSTITUTION_DOWN: ['INSTITUTION_ERROR', 400, 'this institution is not currently responding to this request. please try again soon'],
  INTERNAL_SERVER_ERROR: ['API_ERROR', 500, 'an unexpected error occurred'],
  NOT_FOUND: ['INVALID_REQUEST', 404, 'not found'],
  MISSING_FIELDS: ['INVALID_REQUEST', 400, 'the following required fields are missing'],
  INVALID_FIELD: ['INVALID_REQUEST', 400, 'a field has an invalid value'],
  INVALID_BODY: ['INVALID_REQUEST', 400, 'body could not be parsed as JSON'],
  INVALID_LINK_TOKEN: ['INVALID_INPUT', 400, 'provided link token is invalid or expired'],
} as const satisfies Record<string, readonly [string, number, string]>;

export type PlaidErrorCode = keyof typeof ERRORS;

export interface PlaidErrorWire {
  error_type: string;
  error_code: PlaidErrorCode;
  error_code_reason: null;
  error_message: string;
  display_message: null;
  request_id: string;
  causes: [];
  documentation_url: string;
  suggested_action: null;
}

/** Thrown by handlers; the dispatcher turns it into Plaid's error body and status. */
export class PlaidError extends Error {
  readonly status: number;
  constructor(
    readonly code: PlaidErrorCode,
    message?: string,
  ) {
    const [, status, defaultMessage] = ERRORS[code];
    super(message ?? defaultMessage);
    this.status = status;
  }

  toWire(requestId: string): PlaidErrorWire {
    const [type] = ERRORS[this.code];
    // Plaid's docs live at /docs/errors/<type without _ERROR, kebab-case>/#<code lower-case>.
    const page = type.replace(/_ERROR$/, '').toLowerCase().replaceAll('_', '-');
    return {
      error_type: type,
      error_code: this.code,
      error_code_reason: null,
      error_message: this.message,
      display_message: null,
      request_id: requestId,
      causes: [],
      documentation_url: `https://plaid.com/docs/errors/${page}/#${this.code.toLowerCase()}`,
      suggested_action: null,
    };
  }
}

// ─── Faults ─────────────────────────────────────────────────────────────────────────────────────

export interface FaultPlan {
  /** The next N paginated syncs: after serving a page with has_more, advance the ledger one step. */
  mutationDuringPagination?: number;
  /** Next N syncs → 429 RATE_LIMIT_EXCEEDED / TRANSACTIONS_SYNC_LIMIT. */
  rateLimit?: number;
  /** Next N syncs → 500 API_ERROR / INTERNAL_SERVER_ERROR. */
  serverError?: number;
  /** Next N syncs → 400 INSTITUTION_ERROR / INSTITUTION_DOWN. */
  institutionDown?: number;
  /** Delay the next `count` sync responses by `ms`. */
  slowMs?: { ms: number; count: number };
  /** Next N sync responses: 200 with the JSON cut off mid-body. */
  truncatedJson?: number;
  /** Next N sync responses: 200, valid JSON, schema-invalid. */
  malformed?: number;
  /** Sticky: every item-scoped call → 400 ITEM_LOGIN_REQUIRED (and /item/get shows item.error). */
  loginRequired?: boolean;
  /** Next N syncs: 200, empty arrays, next_cursor "" and NOT_READY. */
  notReady?: number;
}

type CountedFault = 'mutationDuringPagination' | 'rateLimit' | 'serverError' | 'institutionDown' | 'truncatedJson' | 'malformed' | 'notReady';

/** Consumes one use of a counted fault; true if it fires for this call. */
function takeFault(plan: FaultPlan, fault: CountedFault): boolean {
  const left = plan[fault] ?? 0;
  if (left <= 0) return false;
  plan[fault] = left - 1;
  return true;
}

function takeDelay(plan: FaultPlan): number {
  const slow = plan.slowMs;
  if (slow === undefined || slow.count <= 0) return 0;
  plan.slowMs = { ms: slow.ms, count: slow.count - 1 };
  return slow.ms;
}

/** The page with its first added row broken the way real proxies and bugs break them. */
function malform(page: SyncPageWire): unknown {
  const victim: Record<string, unknown> = page.added[0]
    ? { ...page.added[0], amount: page.added[0].amount.toFixed(2) }
    : { account_id: page.accounts[0]?.account_id ?? '', amount: '0.00', pending: false };
  delete victim.transaction_id;
  return { ...page, added: [victim, ...page.added.slice(1)] };
}

// ─── Cursor sync ────────────────────────────────────────────────────────────────────────────────

/** Decoded form of the opaque cursor: the diff window [start, end) of the item's log, and how far into it. */
export type SyncCursor = LogCursor<'item'>;

const cursorCodec = logCursorCodec('item');
export const encodeCursor = cursorCodec.encode;
export const decodeCursor = cursorCodec.decode;

/**
 * One page of /transactions/sync (everything but request_id). A cursor at offset 0 starts a new
 * window ending at the current log length; a later page keeps its window, and fails with
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION once the log has grown past it, because the pages
 * already served would no longer add up to the net change.
 */
export function buildSyncPage(itemId: string, ledger: LedgerSim, cursorText: string | undefined, count: number): SyncPageWire {
  const length = ledger.logLength;
  const window = resolveWindow(itemId, length, cursorText);
  const changes = ledger.changesBetween(window.start, window.end);
  if (window.offset > changes.length) throw new PlaidError('INVALID_FIELD', 'cursor is not valid');
  const hasMore = window.offset + count < changes.length;
  const page: SyncPageWire = {
    // Filled below: as Plaid documents, only the accounts that have transactions in this response.
    accounts: [],
    added: [],
    modified: [],
    removed: [],
    next_cursor: encodeCursor(
      hasMore ? { ...window, offset: window.offset + count } : { item: itemId, start: window.end, end: window.end, offset: 0 },
    ),
    has_more: hasMore,
    transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
  };
  const touched = new Set<string>();
  for (const change of changes.slice(window.offset, window.offset + count)) {
    touched.add(change.txn.accountId);
    if (change.kind === 'removed') page.removed.push({ transaction_id: change.txn.id, account_id: change.txn.accountId });
    else page[change.kind].push(toTransactionWire(change.txn));
  }
  page.accounts = ledger.accounts.filter((a) => touched.has(a.id)).map((account) => toAccountWire(ledger, account));
  return page;
}

function resolveWindow(itemId: string, length: number, cursorText: string | undefined): SyncCursor {
  if (cursorText === undefined || cursorText === '') return { item: itemId, start: 0, end: length, offset: 0 };
  // "now" is Plaid's migration cursor: no history, just a position to sync forward from.
  if (cursorText === 'now') return { item: itemId, start: length, end: length, offset: 0 };
  const cursor = decodeCursor(cursorText);
  if (cursor === null || cursor.end > length) throw new PlaidError('INVALID_FIELD', 'cursor is not valid');
  if (cursor.item !== itemId) throw new PlaidError('INVALID_FIELD', 'cursor does not belong to this item');
  if (cursor.offset === 0) return { ...cursor, end: length };
  if (length > cursor.end) throw new PlaidError('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
  return cursor;
}

// ─── The store the handler serves from ──────────────────────────────────────────────────────────

export interface PlaidItem {
  readonly itemId: string;
  readonly institutionId: string;
  readonly createdAt: Date;
  readonly ledger: LedgerSim;
  /** Live fault counters; the handler consumes them. */
  readonly faults: FaultPlan;
  lastFailedUpdate: Date | null;
}

export interface PlaidStore {
  now(): Date;
  credentialsMatch(clientId: string, secret: string): boolean;
  /** Creates a new item and returns it with a fresh public token for it. */
  createItem(institutionId: string): { publicToken: string; item: PlaidItem };
  /** A live (not removed) item, or null. */
  itemById(itemId: string): PlaidItem | null;
  /** Records a token issued outside the store (a link token), for secret-leak tests. */
  noteIssued(token: string): void;
  exchangePublicToken(publicToken: string): { accessToken: string; itemId: string } | 'unknown' | 'expired';
  /** Resolves an access token, first catching the item's ledger up with elapsed time. */
  itemForAccessToken(accessToken: string): PlaidItem | 'unknown' | 'removed';
  removeItem(itemId: string): void;
  advance(itemId: string, steps: number): void;
  /** What `/transactions/refresh` makes happen at the bank: one step, or a burst queued for it. */
  refresh(itemId: string): void;
}

// ─── Request handling ───────────────────────────────────────────────────────────────────────────

type JsonObject = Record<string, unknown>;

type Reply = { status: number; body: JsonObject } | { status: number; raw: string };

interface Context {
  readonly store: PlaidStore;
  readonly links: LinkTokens;
  readonly requestId: string;
  readonly body: JsonObject;
  /** The bank's own base URL, for the hosted_link_url it hands out. */
  publicUrl(): string;
}

const MAX_BODY_BYTES = 1 << 20;

/** Reads a JSON object body; anything else is Plaid's INVALID_BODY. An empty body is `{}`. */
export async function readJsonObject(req: IncomingMessage): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PlaidError('INVALID_BODY', 'request body is too large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlaidError('INVALID_BODY');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlaidError('INVALID_BODY', 'body must be a JSON object');
  return value as JsonObject;
}

function requiredString(body: JsonObject, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw new PlaidError('MISSING_FIELDS', `the following required fields are missing: ${field}`);
  if (typeof value !== 'string' || value === '') throw new PlaidError('INVALID_FIELD', `${field} must be a non-empty string`);
  return value;
}

function optionalObject(body: JsonObject, field: string): JsonObject | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlaidError('INVALID_FIELD', `${field} must be an object`);
  return value as JsonObject;
}

function syncCount(body: JsonObject): number {
  const count = body.count ?? 100;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 500) {
    throw new PlaidError('INVALID_FIELD', 'count must be an integer between 1 and 500');
  }
  return count as number;
}

function optionalCursor(body: JsonObject): string | undefined {
  const cursor = body.cursor;
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string') throw new PlaidError('INVALID_FIELD', 'cursor must be a string');
  if (cursor.length > 256) throw new PlaidError('INVALID_FIELD', 'cursor must be at most 256 characters');
  return cursor;
}

function resolveItem(ctx: Context, options: { allowLoginRequired: boolean }): PlaidItem {
  const found = ctx.store.itemForAccessToken(requiredString(ctx.body, 'access_token'));
  if (found === 'unknown') throw new PlaidError('INVALID_ACCESS_TOKEN');
  if (found === 'removed') throw new PlaidError('ITEM_NOT_FOUND');
  if (found.faults.loginRequired === true && !options.allowLoginRequired) {
    found.lastFailedUpdate = ctx.store.now();
    throw new PlaidError('ITEM_LOGIN_REQUIRED');
  }
  return found;
}

function itemWire(item: PlaidItem, requestId: string): JsonObject {
  return {
    item_id: item.itemId,
    institution_id: item.institutionId,
    institution_name: INSTITUTION.name,
    webhook: null,
    error: item.faults.loginRequired === true ? new PlaidError('ITEM_LOGIN_REQUIRED').toWire(requestId) : null,
    available_products: ['balance'],
    billed_products: ['transactions'],
    products: ['transactions'],
    consented_products: ['transactions'],
    consent_expiration_time: null,
    update_type: 'background',
    auth_method: null,
    created_at: item.createdAt.toISOString(),
  };
}

const ok = (body: JsonObject): Reply => ({ status: 200, body });
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function transactionsSync(ctx: Context): Promise<Reply> {
  const count = syncCount(ctx.body);
  const cursor = optionalCursor(ctx.body);
  if (optionalObject(ctx.body, 'options')?.account_id !== undefined) {
    throw new PlaidError('INVALID_FIELD', 'options.account_id is not supported by the demo bank');
  }
  const item = resolveItem(ctx, { allowLoginRequired: false });
  const { faults } = item;
  const wait = takeDelay(faults);
  if (wait > 0) await delay(wait);
  if (takeFault(faults, 'rateLimit')) throw new PlaidError('TRANSACTIONS_SYNC_LIMIT');
  if (takeFault(faults, 'serverError')) throw new PlaidError('INTERNAL_SERVER_ERROR');
  if (takeFault(faults, 'institutionDown')) {
    item.lastFailedUpdate = ctx.store.now();
    throw new PlaidError('INSTITUTION_DOWN');
  }
  if (takeFault(faults, 'notReady')) {
    return ok({ accounts: [], added: [], modified: [], removed: [], next_cursor: '', has_more: false, transactions_update_status: 'NOT_READY', request_id: ctx.requestId });
  }

  const page = buildSyncPage(item.itemId, item.ledger, cursor, count);
  if (page.has_more && takeFault(faults, 'mutationDuringPagination')) ctx.store.advance(item.itemId, 1);
  const body = { ...page, request_id: ctx.requestId };
  if (takeFault(faults, 'truncatedJson')) {
    const text = JSON.stringify(body);
    return { status: 200, raw: text.slice(0, Math.floor(text.length / 2)) };
  }
  if (takeFault(faults, 'malformed')) return ok(malform(body) as JsonObject);
  return ok(body);
}

function transactionsRefresh(ctx: Context): Reply {
  const item = resolveItem(ctx, { allowLoginRequired: false });
  ctx.store.refresh(item.itemId);
  return ok({ request_id: ctx.requestId });
}

function accountsGet(ctx: Context): Reply {
  const item = resolveItem(ctx, { allowLoginRequired: false });
  const wanted = optionalObject(ctx.body, 'options')?.account_ids;
  let accounts = item.ledger.accounts;
  if (wanted !== undefined) {
    if (!Array.isArray(wanted) || !wanted.every((id) => typeof id === 'string')) {
      throw new PlaidError('INVALID_FIELD', 'options.account_ids must be an array of strings');
    }
    if (!wanted.every((id) => accounts.some((a) => a.id === id))) throw new PlaidError('INVALID_ACCOUNT_ID');
    accounts = accounts.filter((a) => wanted.includes(a.id));
  }
  return ok({
    accounts: accounts.map((account) => toAccountWire(item.ledger, account)),
    item: itemWire(item, ctx.requestId),
    request_id: ctx.requestId,
  });
}

function itemGet(ctx: Context): Reply {
  // Login-required items still answer /item/get: it is how clients learn about the error.
  const item = resolveItem(ctx, { allowLoginRequired: true });
  const lastStep = item.ledger.stepTimes.at(-1);
  return ok({
    item: itemWire(item, ctx.requestId),
    status: {
      transactions: {
        last_successful_update: lastStep ?? item.createdAt.toISOString(),
        last_failed_update: item.lastFailedUpdate?.toISOString() ?? null,
      },
      last_webhook: null,
    },
    request_id: ctx.requestId,
  });
}

function itemRemove(ctx: Context): Reply {
  // Removing must work even when the login is broken: it is how users disconnect a dead item.
  const item = resolveItem(ctx, { allowLoginRequired: true });
  ctx.store.removeItem(item.itemId);
  return ok({ request_id: ctx.requestId });
}

// ─── Link tokens and Hosted Link ────────────────────────────────────────────────────────────────

const NEW_LINK_TTL_MS = 4 * 3600 * 1000;
const UPDATE_LINK_TTL_MS = 30 * 60 * 1000;
/** Plaid keeps a session's data for 6 h after it ends; tokens are forgotten that long after expiry. */
const LINK_RETENTION_MS = 6 * 3600 * 1000;

interface HostedLinkAccount { id: string; name: string; mask: string | null; type: string; subtype: string | null }

interface LinkSessionState {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  itemAdd: { public_token: string; accounts: HostedLinkAccount[]; institution: { name: string; institution_id: string } } | null;
  exit: { error: PlaidErrorWire | null; metadata: JsonObject } | null;
}

interface LinkTokenState {
  linkToken: string;
  createdAt: Date;
  expiresAt: Date;
  clientName: string;
  language: string;
  countryCodes: string[];
  products: string[];
  hosted: boolean;
  completionRedirectUri: string | null;
  /** Update mode: the item whose login this token repairs. */
  updateItemId: string | null;
  session: LinkSessionState | null;
}

/** Link tokens live in memory only: a restarted bank forgets unfinished sign-ins, as a closed browser would. */
export class LinkTokens {
  private readonly tokens = new Map<string, LinkTokenState>();

  add(state: LinkTokenState, now: Date): void {
    for (const [token, old] of this.tokens) {
      if (now.getTime() - old.expiresAt.getTime() > LINK_RETENTION_MS) this.tokens.delete(token);
    }
    this.tokens.set(state.linkToken, state);
  }

  get(linkToken: string): LinkTokenState | undefined {
    return this.tokens.get(linkToken);
  }
}

const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new PlaidError('INVALID_FIELD', `${field} must be a non-empty string`);
  return value;
}

/** An absolute http(s) URL, or INVALID_FIELD naming the field. */
function httpUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PlaidError('INVALID_FIELD', `${field} must be an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PlaidError('INVALID_FIELD', `${field} must be an http or https URL`);
  return url;
}

/**
 * /link/token/create: validates the fields Plaid requires and issues a link token. With
 * `hosted_link` it also returns `hosted_link_url`, the demo bank's consent page; with `access_token`
 * the token is for update mode (repairing that item's login) and `products` must be omitted.
 */
function linkTokenCreate(ctx: Context): Reply {
  const clientName = requiredString(ctx.body, 'client_name');
  if (clientName.length > 30) throw new PlaidError('INVALID_FIELD', 'client_name must be at most 30 characters');
  const language = requiredString(ctx.body, 'language');
  const countries = ctx.body.country_codes;
  if (countries === undefined || countries === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: country_codes');
  if (!Array.isArray(countries) || countries.length === 0 || !countries.every((c) => typeof c === 'string')) {
    throw new PlaidError('INVALID_FIELD', 'country_codes must be a non-empty array of strings');
  }
  const user = optionalObject(ctx.body, 'user');
  if (user === undefined) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: user');
  requiredString(user, 'client_user_id');
  const accessToken = optionalString(ctx.body, 'access_token');
  const products = ctx.body.products;
  if (accessToken !== undefined) {
    if (products !== undefined && products !== null) throw new PlaidError('INVALID_FIELD', 'products must be omitted in update mode (with access_token)');
  } else {
    if (products === undefined || products === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: products');
    if (!Array.isArray(products) || products.length === 0 || !products.every((p) => p === 'transactions')) {
      throw new PlaidError('INVALID_FIELD', 'products: the demo bank offers only "transactions"');
    }
  }
  const days = optionalObject(ctx.body, 'transactions')?.days_requested;
  if (days !== undefined && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 730)) {
    throw new PlaidError('INVALID_FIELD', 'transactions.days_requested must be an integer between 1 and 730');
  }
  const hostedLink = optionalObject(ctx.body, 'hosted_link');
  const redirect = hostedLink === undefined ? undefined : optionalString(hostedLink, 'completion_redirect_uri');
  if (redirect !== undefined) httpUrl(redirect, 'hosted_link.completion_redirect_uri');

  let updateItemId: string | null = null;
  if (accessToken !== undefined) {
    // Update mode exists for items whose login broke, so a login-required item is accepted.
    updateItemId = resolveItem(ctx, { allowLoginRequired: true }).itemId;
  }
  const now = ctx.store.now();
  const expiresAt = new Date(now.getTime() + (updateItemId === null ? NEW_LINK_TTL_MS : UPDATE_LINK_TTL_MS));
  const linkToken = `link-sandbox-${randomUUID()}`;
  ctx.store.noteIssued(linkToken);
  ctx.links.add(
    {
      linkToken, createdAt: now, expiresAt, clientName, language, countryCodes: countries as string[],
      products: updateItemId === null ? (products as string[]) : [], hosted: hostedLink !== undefined,
      completionRedirectUri: redirect ?? null, updateItemId, session: null,
    },
    now,
  );
  return ok({
    link_token: linkToken,
    expiration: isoSeconds(expiresAt),
    ...(hostedLink !== undefined && { hosted_link_url: `${ctx.publicUrl()}/hosted-link/${linkToken}` }),
    request_id: ctx.requestId,
  });
}

function sessionWire(session: LinkSessionState): JsonObject {
  const succeeded = session.finishedAt !== null && session.exit === null;
  return {
    link_session_id: session.id,
    started_at: isoSeconds(session.startedAt),
    finished_at: session.finishedAt === null ? null : isoSeconds(session.finishedAt),
    results: succeeded ? { item_add_results: session.itemAdd === null ? [] : [session.itemAdd], cra_item_add_results: [] } : null,
    exit: session.exit,
    events: [],
  };
}

/** /link/token/get: the token's sessions, which is how an app without webhooks learns the outcome. */
function linkTokenGet(ctx: Context): Reply {
  const state = ctx.links.get(requiredString(ctx.body, 'link_token'));
  if (state === undefined) throw new PlaidError('INVALID_LINK_TOKEN');
  return ok({
    link_token: state.linkToken,
    created_at: isoSeconds(state.createdAt),
    expiration: isoSeconds(state.expiresAt),
    link_sessions: state.session === null ? [] : [sessionWire(state.session)],
    metadata: {
      initial_products: state.products,
      webhook: null,
      country_codes: state.countryCodes,
      language: state.language,
      institution_data: null,
      account_filters: null,
      redirect_uri: null,
      client_name: state.clientName,
    },
    request_id: ctx.requestId,
  });
}

const PAGE_CSS = 'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2330}h1{font-size:1.3rem}p.who{color:#5a6275}form{display:flex;gap:.75rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #8a93a6;background:#fff;cursor:pointer}button.go{background:#1f5fd6;border-color:#1f5fd6;color:#fff}';
const PAGE_CSS_HASH = createHash('sha256').update(PAGE_CSS).digest('base64');

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head><body>${body}</body></html>`;
}

function consentPage(state: LinkTokenState): string {
  const client = escapeHtml(state.clientName);
  const bank = escapeHtml(INSTITUTION.name);
  const intro = state.updateItemId === null
    ? `<p>${client} is asking to connect to your accounts at ${bank}.</p>`
    : `<p>${bank} needs you to sign in again so that ${client} can keep reading your accounts.</p>`;
  return page(
    `${INSTITUTION.name} — sign in`,
    `<h1>${bank} — Allow ${client} to read your accounts and transactions</h1>${intro}` +
      `<p class="who">${client} will see account names, the last four digits of account numbers, balances and transactions. It cannot move money.</p>` +
      `<form method="post"><button class="go" type="submit" name="decision" value="continue">Continue</button>` +
      `<button type="submit" name="decision" value="cancel">Cancel</button></form>`,
  );
}

const noticePage = (title: string, text: string): string => page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);

/** Reads a small application/x-www-form-urlencoded body. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 4096) return null;
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function exitWire(error: PlaidError | null, session: LinkSessionState, requestId: string): LinkSessionState['exit'] {
  return {
    error: error?.toWire(requestId) ?? null,
    metadata: { institution: { name: INSTITUTION.name, institution_id: INSTITUTION.id }, status: null, link_session_id: session.id, request_id: requestId },
  };
}

/** Finishes the session the user answered: a new item, a repaired one, or an exit. */
function finishSession(store: PlaidStore, state: LinkTokenState, session: LinkSessionState, decision: 'continue' | 'cancel', requestId: string): void {
  const now = store.now();
  session.finishedAt = now;
  if (decision === 'cancel') {
    session.exit = exitWire(null, session, requestId);
    return;
  }
  if (state.updateItemId !== null) {
    const item = store.itemById(state.updateItemId);
    if (item === null) {
      session.exit = exitWire(new PlaidError('ITEM_NOT_FOUND'), session, requestId);
      return;
    }
    // Signing in again is what repairs a login-required item.
    delete item.faults.loginRequired;
    return;
  }
  const { publicToken, item } = store.createItem(INSTITUTION.id);
  session.itemAdd = {
    public_token: publicToken,
    accounts: item.ledger.accounts.map((a) => ({ id: a.id, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype })),
    institution: { name: INSTITUTION.name, institution_id: item.institutionId },
  };
}

/**
 * The Hosted Link page, `/hosted-link/<link_token>`: GET shows the consent page, POST (the page's
 * form) finishes the session and redirects (303) to `completion_redirect_uri`, if the token has one.
 * The page loads nothing external and allows only its own inline style and form.
 */
async function hostedLinkPage(store: PlaidStore, links: LinkTokens, req: IncomingMessage, res: ServerResponse, linkToken: string, requestId: string): Promise<number> {
  const state = links.get(linkToken);
  const redirectOrigin = state?.completionRedirectUri ? ` ${new URL(state.completionRedirectUri).origin}` : '';
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    // form-action also governs the redirect after the POST, so the completion URI's origin is allowed.
    'content-security-policy': `default-src 'none'; style-src 'sha256-${PAGE_CSS_HASH}'; form-action 'self'${redirectOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // The link token is in the URL: never send it on as a Referer, never cache the page.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  const send = (status: number, html: string): number => {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(html) });
    res.end(html);
    return status;
  };
  if (req.method !== 'GET' && req.method !== 'POST') return send(405, noticePage('Not allowed', 'This page only answers GET and POST.'));
  if (state === undefined || !state.hosted) return send(404, noticePage('Unknown sign-in link', 'This sign-in link is not valid. Return to the app and start again.'));
  const now = store.now();
  state.session ??= { id: randomUUID(), startedAt: now, finishedAt: null, itemAdd: null, exit: null };
  const session = state.session;
  if (session.finishedAt !== null) return send(409, noticePage('Already finished', 'This sign-in is already finished. You can close this tab.'));
  if (now.getTime() > state.expiresAt.getTime()) {
    session.finishedAt = now;
    session.exit = exitWire(new PlaidError('INVALID_LINK_TOKEN', 'the link token has expired'), session, requestId);
    return send(410, noticePage('Sign-in link expired', 'This sign-in link has expired. Return to the app and start again.'));
  }
  if (req.method === 'GET') return send(200, consentPage(state));
  const decision = (await readForm(req))?.get('decision');
  if (decision !== 'continue' && decision !== 'cancel') return send(400, noticePage('Unexpected answer', 'Use the Continue or Cancel button.'));
  finishSession(store, state, session, decision, requestId);
  if (state.completionRedirectUri !== null) {
    res.writeHead(303, { ...headers, location: state.completionRedirectUri, 'content-length': 0 });
    res.end();
    return 303;
  }
  return send(200, noticePage(decision === 'cancel' ? 'Cancelled' : 'All done', 'You can close this tab.'));
}

function sandboxPublicTokenCreate(ctx: Context): Reply {
  const institutionId = requiredString(ctx.body, 'institution_id');
  const products = ctx.body.initial_products;
  if (products === undefined || products === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: initial_products');
  if (!Array.isArray(products) || !products.includes('transactions')) {
    throw new PlaidError('INVALID_FIELD', 'initial_products must be an array that includes "transactions"');
  }
  if (institutionId !== INSTITUTION.id) throw new PlaidError('INVALID_INSTITUTION');
  return ok({ public_token: ctx.store.createItem(institutionId).publicToken, request_id: ctx.requestId });
}

function publicTokenExchange(ctx: Context): Reply {
  const result = ctx.store.exchangePublicToken(requiredString(ctx.body, 'public_token'));
  if (result === 'unknown') throw new PlaidError('INVALID_PUBLIC_TOKEN');
  if (result === 'expired') {
    throw new PlaidError('INVALID_PUBLIC_TOKEN', 'provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged');
  }
  return ok({ access_token: result.accessToken, item_id: result.itemId, request_id: ctx.requestId });
}

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

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
/** Constant-time string comparison (hashing first makes the lengths equal). */
export const safeEqual = (a: string, b: string): boolean => timingSafeEqual(sha256(a), sha256(b));

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

export function sendJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
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
    const path = (req.url ?? '/').split('?')[0] ?? '/';
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
    sendJson(res, reply.status, 'raw' in reply ? reply.raw : JSON.stringify(reply.body));
  };
}
