/**
 * Fault plans per connection (authorization): what the demo SnapTrade server does wrong next, so
 * clients' error handling is tested rather than assumed. Counted faults fire on the next N requests
 * that concern the connection (its own paths, its accounts' paths, and the user-level lists that
 * include it) and then stop; they count down with common/faults.ts.
 */
import { z } from 'zod';

export interface SnaptradeFaultPlan {
  /** Sticky: true disables the connection (as when the brokerage login expires), false re-enables it; absent leaves it. */
  disabled?: boolean;
  /** Next N requests fail signature verification (401 code 1076), as if signed with the wrong key. */
  badSignature?: number;
  /** Next N requests → 429 code "0000" ("Request was throttled"). */
  rateLimit?: number;
  /** Next N requests → 500 code 1000. */
  serverError?: number;
  /** Next N balance and sync-trigger requests → 503 code 3002 (the brokerage is not answering SnapTrade). */
  brokerageDown?: number;
  /** Next N activity pages: 200, valid JSON, schema-invalid. */
  malformed?: number;
  /** Next N activity pages: 200 with the JSON cut off mid-body. */
  truncatedJson?: number;
  /** Delay the next `count` requests by `ms`. */
  slowMs?: { ms: number; count: number };
  /** Next N activity pages that are not the last: after serving one, the daily sync runs (data changes mid-drain). */
  stepDuringPagination?: number;
  /**
   * Next N activity pages that are not the last: after serving one, SnapTrade reprocesses so that
   * the total stays the same but every later offset shifts (a served row dropped, an older one
   * back-filled). A client trusting offsets and totals alone would skip a live row.
   */
  shiftDuringPagination?: number;
}

const count = z.number().int().nonnegative().optional();

export const faultPlanSchema = z.strictObject({
  disabled: z.boolean().optional(),
  badSignature: count,
  rateLimit: count,
  serverError: count,
  brokerageDown: count,
  malformed: count,
  truncatedJson: count,
  slowMs: z.strictObject({ ms: z.number().int().nonnegative(), count: z.number().int().nonnegative() }).optional(),
  stepDuringPagination: count,
  shiftDuringPagination: count,
});

export type CountedFault =
  | 'badSignature' | 'rateLimit' | 'serverError' | 'brokerageDown' | 'malformed' | 'truncatedJson' | 'stepDuringPagination' | 'shiftDuringPagination';
