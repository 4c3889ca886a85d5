/**
 * The demo banks' opaque sync cursors: a window [start, end) of one ledger's event log and how far
 * into it a drain has read, as base64url JSON. Plaid's cursors name their item (`item`), MoneyKit's
 * their link (`link`); the codec is otherwise the same.
 */
export type LogCursor<K extends string> = { [key in K]: string } & { start: number; end: number; offset: number };

export function logCursorCodec<K extends string>(ownerKey: K) {
  return {
    encode: (cursor: LogCursor<K>): string => Buffer.from(JSON.stringify(cursor)).toString('base64url'),
    /** The cursor, or null for anything that is not one of ours (forged, truncated, from another bank). */
    decode(text: string): LogCursor<K> | null {
      try {
        const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
        if (typeof value !== 'object' || value === null) return null;
        const fields = value as Record<string, unknown>;
        const { start, end, offset } = fields;
        const owner = fields[ownerKey];
        const position = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
        if (typeof owner !== 'string' || !position(start) || !position(end) || !position(offset) || start > end) return null;
        return { [ownerKey]: owner, start, end, offset } as LogCursor<K>;
      } catch {
        return null;
      }
    },
  };
}
