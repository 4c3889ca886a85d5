/**
 * Free tags on a transaction (`#trip`, `#tax-2026`): the user's words, searchable with `#word`.
 *
 * A tag is stored normalized — lower-case, without the leading `#`, inner spaces as `-`, only
 * letters, digits, `-` and `_` (any script) — so `#Trip`, `trip` and `# trip` are one tag and a
 * search can compare exactly. A row holds each tag once, in the order added.
 * Pure. Hand-written: a normalizer of a few lines, no library needed.
 */

export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 20;

/** The stored form of what the user typed, or null when nothing usable is left. */
export function normalizeTag(text: string): string | null {
  const t = text
    .trim()
    .replace(/^#+/u, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/gu, '-')
    .replace(/[^\p{L}\p{N}_-]/gu, '')
    .slice(0, MAX_TAG_LENGTH);
  return t === '' ? null : t;
}

/** Several tags typed at once, separated by spaces or commas (`#trip, #food`). */
export function parseTagInput(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/[\s,]+/u)) {
    const tag = normalizeTag(piece);
    if (tag !== null && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** `tags` with `added` appended (each once, at most MAX_TAGS); null when empty. */
export function addTags(tags: readonly string[] | null | undefined, added: readonly string[]): string[] | null {
  const out = [...(tags ?? [])];
  for (const t of added) {
    const tag = normalizeTag(t);
    if (tag !== null && !out.includes(tag) && out.length < MAX_TAGS) out.push(tag);
  }
  return out.length === 0 ? null : out;
}

/** `tags` without `removed`; null when none is left. */
export function removeTag(tags: readonly string[] | null | undefined, removed: string): string[] | null {
  const out = (tags ?? []).filter((t) => t !== removed);
  return out.length === 0 ? null : out;
}

/** A stored tag list cleaned (normalized, each once, capped); null when empty. */
export const cleanTags = (tags: readonly string[] | null | undefined): string[] | null => addTags([], tags ?? []);
