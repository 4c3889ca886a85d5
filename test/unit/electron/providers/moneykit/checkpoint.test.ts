import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, serverCursorOf } from '../../../../../electron/providers/moneykit/checkpoint';

const PULL = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('MoneyKit checkpoints', () => {
  it('wrap MoneyKit\'s cursor with the pull id, and give it back unchanged', () => {
    for (const cursor of ['abc', 'eyJsaW5rIjoibWtfMSJ9', 'with:colons:inside', 'mk1:looks-like-ours']) {
      const stored = encodeCheckpoint(PULL, cursor);
      expect(stored.startsWith(`mk1:${PULL}:`)).toBe(true);
      expect(serverCursorOf(stored)).toBe(cursor);
    }
  });

  it('take a bare cursor (one not made here) as MoneyKit\'s own, and null as a first sync', () => {
    expect(serverCursorOf('plain-cursor')).toBe('plain-cursor');
    expect(serverCursorOf('mk1:not-a-uuid:x')).toBe('mk1:not-a-uuid:x');
    expect(serverCursorOf(null)).toBeNull();
    expect(() => encodeCheckpoint('not-a-uuid', 'x')).toThrow(RangeError);
  });

  it('differ for two pulls that ended at the same MoneyKit cursor', () => {
    expect(encodeCheckpoint(PULL, 'C')).not.toBe(encodeCheckpoint(crypto.randomUUID(), 'C'));
  });

  it('keeps the refreshed_at a pull saw (mk2), and still reads mk1 checkpoints without one', () => {
    const stored = encodeCheckpoint(PULL, 'a:b:c', 1_772_445_600_000);
    expect(decodeCheckpoint(stored)).toEqual({ serverCursor: 'a:b:c', refreshedAtMs: 1_772_445_600_000 });
    expect(decodeCheckpoint(encodeCheckpoint(PULL, 'C', null))).toEqual({ serverCursor: 'C', refreshedAtMs: null });
    expect(decodeCheckpoint(encodeCheckpoint(PULL, 'C'))).toEqual({ serverCursor: 'C', refreshedAtMs: null });
    expect(decodeCheckpoint(`mk2:${PULL}:nope:C`)).toEqual({ serverCursor: `mk2:${PULL}:nope:C`, refreshedAtMs: null });
  });
});
