/**
 * The MoneyKit face's state file: what replaying the links needs (ordinal, creation time, step
 * times, deletion and refresh times) and nothing else — no token of any kind. Read and written
 * (atomically) through common/stateFile.ts.
 */
import { z } from 'zod';

export const linkStateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  profile: z.object({ accounts: z.number(), historyDays: z.number(), txPerDay: z.number() }),
  /** The household scenario the ledgers were generated under (absent: none). */
  household: z.enum(['payer', 'card']).optional(),
  next_ordinal: z.number().int().nonnegative(),
  links: z.array(
    z.object({
      link_id: z.string(),
      ordinal: z.number().int().nonnegative(),
      created_at: z.iso.datetime(),
      customer_user_id: z.string(),
      step_times: z.array(z.iso.datetime()),
      deleted_at: z.iso.datetime().nullable(),
      last_refresh_at: z.iso.datetime().nullable(),
      refreshed_at: z.iso.datetime(),
      last_tick_at: z.iso.datetime(),
    }),
  ),
});
export type PersistedLinkState = z.infer<typeof linkStateSchema>;
