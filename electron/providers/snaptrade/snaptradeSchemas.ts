/**
 * What Ledgerline requires of SnapTrade's replies. Only the fields we use are checked, but those
 * strictly: a reply that fails is rejected whole, naming the field, and nothing is applied.
 * (The spec marks nearly every field optional; these are the ones a usable reply must carry.)
 */
import { z } from 'zod';

/** `2024-03-22`, `2024-03-22 16:27:55+00:00` (production's Python style) or ISO `2024-03-22T16:27:55Z`. */
const DateOrDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:[ T].*)?$/, 'expected a date or date-time');
const Amount = z.number().finite();

export const AuthorizationSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  /** The only signal that SnapTrade lost access to the brokerage: data endpoints keep answering from cache. */
  disabled: z.boolean().optional(),
  brokerage: z
    .object({ id: z.string().optional(), slug: z.string().optional(), name: z.string().optional(), display_name: z.string().optional() })
    .nullable()
    .optional(),
});
export type SnaptradeAuthorization = z.infer<typeof AuthorizationSchema>;
export const AuthorizationListSchema = z.array(AuthorizationSchema);

export const AccountSchema = z.object({
  id: z.string().min(1),
  brokerage_authorization: z.string().min(1),
  name: z.string().nullable(),
  number: z.string(),
  institution_name: z.string(),
  sync_status: z.object({
    transactions: z
      .object({
        initial_sync_completed: z.boolean().optional(),
        /** "All transactions up to this date have been successfully synced": the window's anchor. */
        last_successful_sync: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected YYYY-MM-DD').nullable().optional(),
      })
      .optional(),
  }),
  balance: z.object({ total: z.object({ amount: Amount, currency: z.string() }).nullable().optional() }),
  raw_type: z.string().nullable().optional(),
});
export type SnaptradeAccount = z.infer<typeof AccountSchema>;
export const AccountListSchema = z.array(AccountSchema);

export const BalanceSchema = z.object({
  currency: z.object({ code: z.string() }),
  cash: Amount.nullable().optional(),
});
export type SnaptradeBalance = z.infer<typeof BalanceSchema>;
export const BalanceListSchema = z.array(BalanceSchema);

export const ActivitySchema = z.object({
  id: z.string().min(1),
  symbol: z.object({ symbol: z.string().min(1) }).nullable().optional(),
  option_symbol: z.object({ ticker: z.string().min(1) }).nullable().optional(),
  currency_universal_symbol: z.object({ symbol: z.string().min(1), raw_symbol: z.string().nullable().optional() }).nullable().optional(),
  price: Amount.nullable().optional(),
  units: Amount.nullable().optional(),
  /** Positive = cash into the account (sell, deposit, dividend); negative = out (buy, withdrawal, fee). */
  amount: Amount.nullable().optional(),
  currency: z.object({ code: z.string() }).nullable().optional(),
  type: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  trade_date: DateOrDateTime.nullable().optional(),
  settlement_date: DateOrDateTime.nullable().optional(),
  fee: Amount.nullable().optional(),
});
export type SnaptradeActivity = z.infer<typeof ActivitySchema>;

export const ActivityPageSchema = z.object({
  data: z.array(ActivitySchema),
  pagination: z.object({ offset: z.number().int().nonnegative(), limit: z.number().int().positive(), total: z.number().int().nonnegative() }),
});
export type SnaptradeActivityPage = z.infer<typeof ActivityPageSchema>;

export const UserSchema = z.object({ userId: z.string().min(1), userSecret: z.string().min(1) });
export const LoginSchema = z.object({ redirectURI: z.string().min(1) });

/** The wire shape is `{detail, status_code, code}`; the spec's examples use Django's default_detail/default_code. */
export const ErrorBodySchema = z.object({
  detail: z.string().optional(),
  default_detail: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
  default_code: z.union([z.string(), z.number()]).optional(),
});

/** Units, prices and cost basis: decimal strings in the unified positions endpoint (a number is read exactly too). */
const DecimalText = z.union([z.string().regex(/^-?\d+(?:\.\d+)?$/, 'expected a decimal string'), z.number().finite()]);

/** `AccountPosition` of GET /accounts/{id}/positions/all: the instrument (by `kind`) and the figures. */
export const PositionSchema = z.object({
  instrument: z.object({
    kind: z.string().min(1).max(32),
    symbol: z.string().min(1).max(64),
    description: z.string().max(500).nullable().optional(),
    currency: z.string().nullable().optional(),
    /** Options (shares per contract) and futures. */
    multiplier: DecimalText.nullable().optional(),
  }),
  units: DecimalText.nullable().optional(),
  price: DecimalText.nullable().optional(),
  cost_basis: DecimalText.nullable().optional(),
  currency: z.string().nullable().optional(),
});
export type SnaptradePosition = z.infer<typeof PositionSchema>;

export const PositionsResponseSchema = z.object({
  results: z.array(PositionSchema),
  data_freshness: z.object({ as_of: z.string() }).nullable().optional(),
});
