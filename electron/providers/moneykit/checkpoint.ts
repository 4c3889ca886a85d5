/**
 * The cursor Ledgerline stores for a MoneyKit connection: MoneyKit's own cursor plus the id of the
 * pull that produced it, so that no two updates ever lead to the same stored cursor, and — since
 * issue 14 — the link's `products.transactions.refreshed_at` that pull saw.
 *
 * Why the pull id: an update may restate the whole pending set, and MoneyKit's cursor need not move
 * when only pendings changed. Two windows could then pull from the same stored cursor C, get
 * updates C → C with different pending sets, and apply both — the older last, dropping newer
 * pendings as tombstones (which are never revived). With a per-pull checkpoint the first apply
 * moves the stored cursor to C′ ≠ C, so the other update no longer starts at the stored cursor and
 * is refused as stale (its window re-pulls from C′). A Plaid-style "same cursor, nothing changed"
 * update therefore does not exist for MoneyKit: every applied pull writes a new checkpoint.
 *
 * Why `refreshed_at`: it is the evidence that the institution was read again since the last pull,
 * which is when MoneyKit replaces its pending set (see foldDrain.ts). Stored as epoch milliseconds
 * so the checkpoint keeps one `:`-free field per part: `mk2:<pull id>:<ms or ->:<MoneyKit cursor>`.
 * `mk1:<pull id>:<cursor>` (before issue 14) is still read; it knows no refresh time.
 */
const V1 = 'mk1:';
const V2 = 'mk2:';
const PULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFRESHED = /^(?:\d{1,15}|-)$/;

export interface DecodedCheckpoint {
  serverCursor: string | null;
  /** `refreshed_at` (epoch ms) the pull that wrote this saw, or null when unknown. */
  refreshedAtMs: number | null;
}

export function encodeCheckpoint(pullId: string, serverCursor: string, refreshedAtMs?: number | null): string {
  if (!PULL_ID.test(pullId)) throw new RangeError('a checkpoint needs the pull id (a UUID)');
  if (refreshedAtMs === undefined) return `${V1}${pullId}:${serverCursor}`;
  const refreshed = refreshedAtMs === null || !Number.isSafeInteger(refreshedAtMs) || refreshedAtMs < 0 ? '-' : String(refreshedAtMs);
  return `${V2}${pullId}:${refreshed}:${serverCursor}`;
}

/** A stored cursor's parts; a bare cursor (not made here) is taken as MoneyKit's own. */
export function decodeCheckpoint(stored: string | null): DecodedCheckpoint {
  if (stored === null) return { serverCursor: null, refreshedAtMs: null };
  const prefix = stored.slice(0, V1.length);
  const idEnd = V1.length + 36;
  if ((prefix === V1 || prefix === V2) && stored.charAt(idEnd) === ':' && PULL_ID.test(stored.slice(V1.length, idEnd))) {
    const rest = stored.slice(idEnd + 1);
    if (prefix === V1) return { serverCursor: rest || null, refreshedAtMs: null };
    const sep = rest.indexOf(':');
    const refreshed = sep < 0 ? '' : rest.slice(0, sep);
    if (REFRESHED.test(refreshed)) {
      return { serverCursor: rest.slice(sep + 1) || null, refreshedAtMs: refreshed === '-' ? null : Number(refreshed) };
    }
  }
  return { serverCursor: stored, refreshedAtMs: null };
}

/** MoneyKit's cursor inside a stored checkpoint; a bare cursor (not made here) is taken as MoneyKit's. */
export function serverCursorOf(stored: string | null): string | null {
  return decodeCheckpoint(stored).serverCursor;
}
