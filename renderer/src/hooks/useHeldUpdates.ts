import { useLiveQuery } from 'dexie-react-hooks';
import type { HeldUpdateRow } from '../db/schema';
import { useLedgerline } from './useLedgerline';

/**
 * The syncs held for the user's review (at most one per connection), oldest first; undefined while
 * loading. The Changes view shows each with Apply and Discard (ui/changes/HeldCard.tsx); a review
 * inbox can count and list them from here.
 */
export function useHeldUpdates(): readonly HeldUpdateRow[] | undefined {
  const { db } = useLedgerline();
  return useLiveQuery(async () => (await db.heldUpdates.toArray()).sort((a, b) => a.heldAt.localeCompare(b.heldAt)), [db]);
}
