/**
 * The Plaid demo bank's state file: what replaying the items needs (ordinal, creation time, step
 * times) plus sha256 hashes of tokens — never a token itself — so a restart keeps every token and
 * cursor valid. Read and written through common/stateFile.ts.
 */
import { z } from 'zod';

export const itemStateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  profile: z.object({ accounts: z.number(), historyDays: z.number(), txPerDay: z.number() }),
  /** The household scenario the ledgers were generated under (absent: none). */
  household: z.enum(['payer', 'card']).optional(),
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
export type PersistedItemState = z.infer<typeof itemStateSchema>;
