/**
 * Fault plans per link: what the demo bank's MoneyKit face does wrong, on purpose, so the client's
 * handling of each failure can be seen (demo "try a situation" controls) and tested. The counted
 * faults count down with common/faults.ts.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const MoneykitFaultPlanSchema = z.strictObject({
  /** Next N syncs → 429 api_error.rate_limit_exceeded with Retry-After. */
  rateLimit: count.optional(),
  /** Retry-After on those 429s, in seconds (default 30). */
  retryAfterSeconds: count.optional(),
  /** Send Retry-After as an HTTP-date instead of seconds. */
  retryAfterHttpDate: z.boolean().optional(),
  /** Next N syncs → 500. */
  serverError: count.optional(),
  /** Delay the next `count` sync responses by `ms`. */
  slowMs: z.object({ ms: count, count }).optional(),
  /** Next N sync responses: 200 with the JSON cut off mid-body. */
  truncatedJson: count.optional(),
  /** Next N sync responses: 200, valid JSON, schema-invalid. */
  malformed: count.optional(),
  /** Next N syncs that serve a page with has_more: the ledger steps right after that page. */
  growDuringPagination: count.optional(),
  /** Sticky: link-scoped calls → 422 link_error.bad_state / auth_expired; GET /links/{id} shows state "error". */
  authExpired: z.boolean().optional(),
  /** Sticky: link-scoped calls → 410 link_error.deleted. */
  deleted: z.boolean().optional(),
});
export type MoneykitFaultPlan = z.infer<typeof MoneykitFaultPlanSchema>;

/**
 * The page broken the way real proxies and bugs break them: the first created row loses its id and
 * gets a negative amount; with no created row, `has_more` becomes a string.
 */
export function malform(page: { transactions: { created: object[] } }): unknown {
  const [first, ...rest] = page.transactions.created;
  if (first === undefined) return { ...page, has_more: 'false' };
  const victim: Record<string, unknown> = { ...first, amount: '-12.00' };
  delete victim.transaction_id;
  return { ...page, transactions: { ...page.transactions, created: [victim, ...rest] } };
}
