/**
 * What Ledgerline requires of MoneyKit's responses (API version 2023-02-18; field names as the
 * MoneyKit SDKs define them). Only the fields we use are checked, but those strictly: a response
 * that fails is rejected whole, naming the field. Where MoneyKit's own docs show two forms of a
 * field (amount as a decimal string or a number; a date with or without T00:00:00), both pass.
 */
import { z } from 'zod';

/** YYYY-MM-DD, optionally followed by a time (docs examples show `2023-02-16T00:00:00`). */
const MoneykitDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS')
  .refine((s) => !Number.isNaN(Date.parse(`${s.slice(0, 10)}T00:00:00Z`)), 'not a calendar date');

/** Always non-negative: the direction is `type`. A signed amount would be ambiguous, so it is refused. */
const MoneykitAmount = z.union(
  [
    z.string().regex(/^\d+(?:\.\d+)?$/, 'expected a non-negative decimal'),
    z.number().nonnegative('expected a non-negative decimal'),
  ],
  { error: 'expected a non-negative decimal string or number' },
);

const Balance = z.number().finite().nullable().optional();

export const MoneykitTransactionSchema = z.object({
  transaction_id: z.string().min(1),
  account_id: z.string().min(1),
  amount: MoneykitAmount,
  type: z.enum(['credit', 'debit']),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code'),
  date: MoneykitDate,
  datetime: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  raw_description: z.string().nullable().optional(),
  pending: z.boolean(),
  category: z.string().nullable().optional(),
  enrichment: z
    .object({
      category: z.object({ value: z.string() }).nullable().optional(),
      merchant: z.object({ name: z.string().nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type MoneykitTransaction = z.infer<typeof MoneykitTransactionSchema>;

export const MoneykitAccountSchema = z.object({
  account_id: z.string().min(1),
  account_type: z.string().min(1),
  name: z.string(),
  nickname: z.string().nullable().optional(),
  account_mask: z.string().nullable().optional(),
  balances: z.object({
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code').nullable().optional(),
    available: Balance,
    current: Balance,
    limit: Balance,
  }),
  closed: z.boolean().nullable().optional(),
});
export type MoneykitAccount = z.infer<typeof MoneykitAccountSchema>;

export const LinkCommonSchema = z.object({
  link_id: z.string().min(1),
  institution_id: z.string(),
  institution_name: z.string(),
  state: z.string(),
  error_code: z.string().nullable().optional(),
  products: z
    .object({ transactions: z.object({ refreshed_at: z.string().nullable().optional() }).nullable().optional() })
    .partial()
    .optional(),
});
export type LinkCommon = z.infer<typeof LinkCommonSchema>;

export const TransactionSyncSchema = z.object({
  transactions: z.object({
    created: z.array(MoneykitTransactionSchema),
    updated: z.array(MoneykitTransactionSchema),
    removed: z.array(z.string().min(1)),
  }),
  // In the 2025 SDK; absent from older response types, so a missing list is an empty one.
  accounts: z.array(MoneykitAccountSchema).optional().default([]),
  cursor: z.object({ next: z.string().nullable().optional() }),
  has_more: z.boolean(),
  link: LinkCommonSchema,
});
export type MoneykitSyncPage = z.infer<typeof TransactionSyncSchema>;

export const AccessTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'expected a bearer token'),
  expires_in: z.number().int().positive(),
});

export const LinkSessionSchema = z.object({ link_session_token: z.string().min(1) });
export const ExchangeTokenSchema = z.object({ link: LinkCommonSchema });

export const MoneykitErrorSchema = z.object({
  error_code: z.string(),
  error_message: z.string().nullable().optional(),
  link_error_code: z.string().nullable().optional(),
  validation_errors: z
    .array(z.object({ location: z.array(z.union([z.string(), z.number()])), message: z.string() }))
    .nullable()
    .optional(),
});
export type MoneykitErrorBody = z.infer<typeof MoneykitErrorSchema>;
