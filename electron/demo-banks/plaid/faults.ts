/**
 * Fault plans per item: what the Plaid demo bank does wrong, on purpose, so the client's handling of
 * each failure can be seen (demo "try a situation" controls) and tested. The counted faults count
 * down with common/faults.ts.
 */
import { z } from 'zod';
import type { SyncPageWire } from './wire';

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

/** The page with its first added row broken the way real proxies and bugs break them. */
export function malform(page: SyncPageWire): unknown {
  const victim: Record<string, unknown> = page.added[0]
    ? { ...page.added[0], amount: page.added[0].amount.toFixed(2) }
    : { account_id: page.accounts[0]?.account_id ?? '', amount: '0.00', pending: false };
  delete victim.transaction_id;
  return { ...page, added: [victim, ...page.added.slice(1)] };
}

const count = z.number().int().nonnegative();

/** A fault plan as the admin API and `setFaults` accept it (strict: an unknown fault is refused). */
export const faultPlanSchema = z.strictObject({
  mutationDuringPagination: count.optional(),
  rateLimit: count.optional(),
  serverError: count.optional(),
  institutionDown: count.optional(),
  slowMs: z.object({ ms: count, count }).optional(),
  truncatedJson: count.optional(),
  malformed: count.optional(),
  loginRequired: z.boolean().optional(),
  notReady: count.optional(),
});
