/**
 * What Ledgerline requires of a Plaid `/transactions/sync` page. Only the fields we use are
 * checked, but those strictly: a page that fails is rejected whole, naming the field.
 */
import { z } from 'zod';

const PlaidDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const PlaidTransactionSchema = z.object({
  transaction_id: z.string().min(1),
  account_id: z.string().min(1),
  amount: z.number().finite(),
  iso_currency_code: z.string().nullable(),
  unofficial_currency_code: z.string().nullable().optional(),
  date: PlaidDate,
  authorized_date: PlaidDate.nullable().optional(),
  name: z.string().nullable().optional(),
  merchant_name: z.string().nullable().optional(),
  pending: z.boolean(),
  pending_transaction_id: z.string().nullable().optional(),
  category: z.array(z.string()).nullable().optional(),
  personal_finance_category: z
    .object({ primary: z.string(), detailed: z.string() })
    .nullable()
    .optional(),
});
export type PlaidTransaction = z.infer<typeof PlaidTransactionSchema>;

const Amount = z.number().finite().nullable();

export const PlaidAccountSchema = z.object({
  account_id: z.string().min(1),
  name: z.string(),
  official_name: z.string().nullable().optional(),
  mask: z.string().nullable().optional(),
  type: z.string(),
  subtype: z.string().nullable().optional(),
  balances: z.object({
    available: Amount.optional(),
    current: Amount.optional(),
    limit: Amount.optional(),
    iso_currency_code: z.string().nullable().optional(),
    unofficial_currency_code: z.string().nullable().optional(),
  }),
});
export type PlaidAccount = z.infer<typeof PlaidAccountSchema>;

export const PlaidSyncPageSchema = z.object({
  added: z.array(PlaidTransactionSchema),
  modified: z.array(PlaidTransactionSchema),
  removed: z.array(z.object({ transaction_id: z.string().min(1), account_id: z.string().nullable().optional() })),
  accounts: z.array(PlaidAccountSchema),
  next_cursor: z.string(),
  has_more: z.boolean(),
  transactions_update_status: z.string().optional(),
  request_id: z.string().optional(),
});
export type PlaidSyncPage = z.infer<typeof PlaidSyncPageSchema>;

export const PlaidErrorSchema = z.object({
  error_type: z.string(),
  error_code: z.string(),
  error_message: z.string().optional(),
  display_message: z.string().nullable().optional(),
  request_id: z.string().optional(),
});
export type PlaidErrorBody = z.infer<typeof PlaidErrorSchema>;

/** `/accounts/get` (AccountsGetResponse): every account of the item, with balances as of its last update. */
export const PlaidAccountsGetSchema = z.object({ accounts: z.array(PlaidAccountSchema) });
