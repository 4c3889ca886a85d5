import { describe, expect, it } from 'vitest';
import { addTags, cleanTags, MAX_TAG_LENGTH, MAX_TAGS, normalizeTag, parseTagInput, removeTag } from '../../../../shared/userFields/tags';

describe('normalizeTag', () => {
  it('lower-cases, drops the leading #, joins inner spaces with -, keeps letters and digits of any script', () => {
    expect(normalizeTag('#Trip')).toBe('trip');
    expect(normalizeTag('  ## Summer Trip ')).toBe('summer-trip');
    expect(normalizeTag('Café_2026!')).toBe('café_2026');
    expect(normalizeTag('東京')).toBe('東京');
    expect(normalizeTag('#')).toBeNull();
    expect(normalizeTag('  ')).toBeNull();
    expect(normalizeTag('x'.repeat(100))).toHaveLength(MAX_TAG_LENGTH);
  });
});

describe('tag lists', () => {
  it('parses several typed at once, each once', () => {
    expect(parseTagInput('#trip, #food trip  #Food')).toEqual(['trip', 'food']);
    expect(parseTagInput(' , # ')).toEqual([]);
  });

  it('adds each tag once, in order, up to the cap; removing the last leaves none (null)', () => {
    expect(addTags(null, ['trip'])).toEqual(['trip']);
    expect(addTags(['trip'], ['#TRIP', 'tax'])).toEqual(['trip', 'tax']);
    expect(addTags([], [])).toBeNull();
    const many = Array.from({ length: MAX_TAGS + 5 }, (_, i) => `t${i}`);
    expect(addTags([], many)).toHaveLength(MAX_TAGS);
    expect(removeTag(['trip', 'tax'], 'trip')).toEqual(['tax']);
    expect(removeTag(['trip'], 'trip')).toBeNull();
    expect(cleanTags(['#A', 'a', ' b '])).toEqual(['a', 'b']);
  });
});
