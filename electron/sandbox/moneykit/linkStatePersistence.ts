/**
 * The MoneyKit face's state file: what replaying the links needs (ordinal, creation time, step
 * times, deletion and refresh times) and nothing else — no token of any kind. Written atomically.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { LedgerProfile } from '../ledger/ledgerSim';

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
  if (!existsSync(file)) return null;
  const parsed = stateSchema.safeParse(parseJson(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    log(`state file ${file} is not valid; starting empty`);
    return null;
  }
  // A ledger only replays identically under the seed and profile that generated it.
  if (parsed.data.seed !== expected.seed || JSON.stringify(parsed.data.profile) !== JSON.stringify(expected.profile)) {
    log(`state file ${file} was written for another seed or profile; starting empty`);
    return null;
  }
  return parsed.data;
}

export function writeLinkState(file: string, state: PersistedState): void {
  // Write-then-rename: a crash mid-write leaves the previous state, never half a file.
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, file);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
