/**
 * The normalized domain: what every provider adapter produces and what the renderer stores.
 * Schemas are the source of truth (they also validate IPC); types are inferred from them.
 */
import { z } from 'zod';
import { CURRENCY_CODE } from './money';
import { PROVIDERS, type Provider } from './providers';

/** The provider ids come from the one provider table (providers.ts). */
export { PROVIDERS, type Provider };
export const ProviderSchema = z.enum(PROVIDERS);

/** Connection ids are minted by main: short, URL-safe, never derived from a token. */
export const ConnectionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a connection id');
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const IsoDateTimeSchema = z.string().datetime({ offset: true });
/** ISO 4217, a provider's non-ISO code (BTC, USDT, GBX), or `?` when the provider named none (money.ts). */
export const CurrencySchema = z.string().regex(CURRENCY_CODE, 'expected a currency code');
const MinorSchema = z.number().int().refine(Number.isSafeInteger, 'amount out of range');

export const AccountKindSchema = z.enum(['depository', 'credit', 'loan', 'investment', 'other']);

export const AccountSchema = z.object({
  /** Provider-scoped: `plaid:<account_id>`. */
  id: z.string().min(1),
  connectionId: ConnectionIdSchema,
  name: z.string(),
  officialName: z.string().nullable(),
  mask: z.string().nullable(),
  kind: AccountKindSchema,
  subtype: z.string().nullable(),
  currency: CurrencySchema,
  /** Net-worth sign: an amount owed on a card or loan is negative. */
  currentMinor: MinorSchema.nullable(),
  availableMinor: MinorSchema.nullable(),
  limitMinor: MinorSchema.nullable(),
  /** Brokerage accounts: cash per currency when they hold more than one (SnapTrade). */
  cashBalances: z.array(z.object({ currency: CurrencySchema, amountMinor: MinorSchema })).optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export const TransactionSchema = z.object({
  /** Provider-scoped: `plaid:<transaction_id>`, so providers never collide. */
  id: z.string().min(1),
  connectionId: ConnectionIdSchema,
  accountId: z.string().min(1),
  /** Positive = money into the account. */
  amountMinor: MinorSchema,
  currency: CurrencySchema,
  /** Posted date for posted rows; the day it happened for pending ones. */
  date: IsoDateSchema,
  authorizedDate: IsoDateSchema.nullable(),
  description: z.string(),
  merchant: z.string().nullable(),
  /** The provider's category, as given (normalized to Ledgerline's set later). */
  category: z.string().nullable(),
  pending: z.boolean(),
  /** For a posted row, the scoped id of the pending row it replaced, when the provider says so. */
  pendingId: z.string().nullable(),
  // Investment activity (SnapTrade); absent or null on bank transactions. `date` is the trade date.
  /** BUY, SELL, DIVIDEND, … — an unknown type is kept raw. */
  activityType: z.string().nullable().optional(),
  symbol: z.string().nullable().optional(),
  /** Decimal strings: fractional shares and sub-cent prices are exact. */
  units: z.string().nullable().optional(),
  price: z.string().nullable().optional(),
  feeMinor: MinorSchema.nullable().optional(),
  settlementDate: IsoDateSchema.nullable().optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

/** The provider fields a sync may change; the diff view compares exactly these. */
export const TRACKED_FIELDS = [
  'amountMinor', 'currency', 'date', 'authorizedDate', 'description', 'merchant', 'category',
  'pending', 'accountId', 'activityType', 'symbol', 'units', 'price', 'feeMinor', 'settlementDate',
] as const satisfies readonly (keyof Transaction)[];
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export const SyncTriggerSchema = z.enum(['launch', 'manual', 'timer', 'resume', 'retry']);
export type SyncTrigger = z.infer<typeof SyncTriggerSchema>;

/**
 * A part of the stored data that an update restates in full: any live row inside it that the
 * update does not upsert is gone. This is how providers without removal events are applied —
 * MoneyKit's pending set (replaced wholesale every sync) and SnapTrade's re-fetched date window.
 */
export const ReplaceScopeSchema = z.object({
  accountIds: z.array(z.string().min(1)).min(1),
  /** Inclusive date window; null = unbounded on that side. */
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  /** Only pending rows are restated. */
  pendingOnly: z.boolean(),
});
export type ReplaceScope = z.infer<typeof ReplaceScopeSchema>;

/**
 * One pull's worth of changes, normalized. Applied atomically with `nextCursor`, and only if the
 * stored cursor still equals `fromCursor`.
 */
export const SyncUpdateSchema = z.object({
  /** Minted by main for each pull; an update is applied at most once, even one that changes nothing. */
  pullId: z.string().uuid(),
  connectionId: ConnectionIdSchema,
  fromCursor: z.string().nullable(),
  nextCursor: z.string().min(1),
  accounts: z.array(AccountSchema),
  upserts: z.array(TransactionSchema),
  /** Scoped ids of transactions the provider removed. */
  removals: z.array(z.string().min(1)),
  /** Scopes this update restates in full (empty for cursor providers such as Plaid). */
  replace: z.array(ReplaceScopeSchema),
  pulledAt: IsoDateTimeSchema,
  /** How many provider pages the pull drained, and how often it restarted (mutation during pagination). */
  pages: z.number().int().nonnegative(),
  restarts: z.number().int().nonnegative(),
});
export type SyncUpdate = z.infer<typeof SyncUpdateSchema>;

/** Why a pull did not produce an update: each maps to one state the user sees. */
export const SyncErrorCodeSchema = z.enum([
  'needs_reauth', // the user must log in to the bank again
  'action_at_bank', // the user must first fix something at the bank itself (locked account, new terms), then sign in again
  'institution_unavailable', // the bank is down or not responding to the provider: wait for it
  'disconnected', // the provider no longer knows this connection
  'rate_limited', // retrying later is all it takes
  'provider_unavailable', // 5xx, institution down, timeouts, network
  'bad_response', // the provider sent something we could not trust; nothing applied
  'credentials', // our API keys were refused
  'internal',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCodeSchema>;

export const SyncErrorSchema = z.object({
  code: SyncErrorCodeSchema,
  /** One line, for the user; never contains a token or secret. */
  message: z.string(),
  retryAt: IsoDateTimeSchema.nullable(),
  /** The provider's request id, for support. */
  requestId: z.string().nullable(),
});
export type SyncError = z.infer<typeof SyncErrorSchema>;

export const PullResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('update'), update: SyncUpdateSchema }),
  /** The provider has no data yet (Plaid NOT_READY): nothing to store, try again later. */
  z.object({ kind: z.literal('waiting'), message: z.string(), retryAt: IsoDateTimeSchema }),
  z.object({ kind: z.literal('error'), error: SyncErrorSchema }),
]);
export type PullResult = z.infer<typeof PullResultSchema>;

export const ConnectionStateSchema = z.enum([
  'ok', 'syncing', 'waiting', 'rate_limited', 'needs_reauth', 'action_at_bank', 'disconnected', 'error', 'never_synced',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const ConnectionStatusSchema = z.object({
  state: ConnectionStateSchema,
  lastAttemptAt: IsoDateTimeSchema.nullable(),
  lastSuccessAt: IsoDateTimeSchema.nullable(),
  message: z.string().nullable(),
  retryAt: IsoDateTimeSchema.nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** What the renderer may know about a connection. Never a token. */
export const ConnectionInfoSchema = z.object({
  id: ConnectionIdSchema,
  provider: ProviderSchema,
  institutionName: z.string(),
  institutionId: z.string().nullable(),
  demo: z.boolean(),
  createdAt: IsoDateTimeSchema,
  status: ConnectionStatusSchema,
});
export type ConnectionInfo = z.infer<typeof ConnectionInfoSchema>;
