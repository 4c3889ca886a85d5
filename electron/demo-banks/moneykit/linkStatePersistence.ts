/**
 * The MoneyKit face's state file: what replaying the links needs (ordinal, creation time, step
 * times, deletion and refresh times) and nothing else — no token of any kind. Written atomically.
 */
import { z } from 'zod';
import type { LedgerProfile } from '../ledger/ledgerSim';
import { readStateFile, writeStateFile } from '../common/stateFile';

const stateSchema = z.object({
  version: z.literal(1),
  seed: z.number(),
  profile: z.object({ accounts: z.number(), historyDays: z.number(), txPerDay: z.number() }),
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
export type PersistedState = z.infer<typeof stateSchema>;

/** The saved state, or null (logged) when there is none, it is unreadable, or it was written under another seed or profile. */
export function readLinkState(file: string, expected: { seed: number; profile: LedgerProfile }, log: (line: string) => void): PersistedState | null {
  // A ledger only replays identically under the seed and profile that generated it.
  return readStateFile(file, stateSchema, expected, log);
}

export function writeLinkState(file: string, state: PersistedState): void {
  writeStateFile(file, state);
}
