/**
 * The cursor Ledgerline stores for a MoneyKit connection: MoneyKit's own cursor plus the id of the
 * pull that produced it, so that no two updates ever lead to the same stored cursor.
 *
 * Why: an update restates the whole pending set, and MoneyKit's cursor need not move when only
 * pendings changed. Two windows could then pull from the same stored cursor C, get updates C → C
 * with different pending sets, and apply both — the older last, dropping newer pendings as
 * tombstones (which are never revived). With a per-pull checkpoint the first apply moves the
 * stored cursor to C′ ≠ C, so the other update no longer starts at the stored cursor and is
 * refused as stale (its window re-pulls from C′). A Plaid-style "same cursor, nothing changed"
 * update therefore does not exist for MoneyKit: every applied pull writes a new checkpoint.
 */
const PREFIX = 'mk1:';
const PULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCheckpoint(pullId: string, serverCursor: string): string {
  if (!PULL_ID.test(pullId)) throw new RangeError('a checkpoint needs the pull id (a UUID)');
  return `${PREFIX}${pullId}:${serverCursor}`;
}

/** MoneyKit's cursor inside a stored checkpoint; a bare cursor (not made here) is taken as MoneyKit's. */
export function serverCursorOf(stored: string | null): string | null {
  if (stored === null) return null;
  const idEnd = PREFIX.length + 36;
  if (stored.startsWith(PREFIX) && stored.charAt(idEnd) === ':' && PULL_ID.test(stored.slice(PREFIX.length, idEnd))) {
    return stored.slice(idEnd + 1) || null;
  }
  return stored;
}
