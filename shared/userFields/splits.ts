/**
 * Splits: one transaction divided into parts, each with its own amount, category and note.
 *
 * - A part's amount is integer minor units of the parent's currency (a part has no currency of its
 *   own, so a split can never mix currencies), signed like the parent (positive = money in).
 * - The parts sum to the parent's amount EXACTLY. Nothing is ever rounded or spread: the editor
 *   keeps a "remaining" figure and refuses to save while it is not zero (`checkSplit`).
 * - Whether a stored split still holds is decided from the row as it is now (`splitState`), never
 *   from a flag kept beside it: when a provider modification changes the amount (a tip, a
 *   corrected charge, a pending row posting at another amount), the stored parts no longer sum and
 *   the split is `stale` — it "needs attention": shown with a badge, and budgets and Insights
 *   count the row whole, in its own category, until the user fixes or removes the split. The
 *   parts are kept (never silently rescaled), so the user sees what they had.
 * Pure: no DOM, no Dexie. Hand-written: a sum and a few checks, no library fits better.
 */
import { categoryLabel, resolveUserCategory } from '../categories/categories';

export interface SplitPart {
  /** Minor units of the parent's currency, signed like the parent; never 0. */
  amountMinor: number;
  /** A category id (the set's, or the user's own), as a per-row `userCategory` is stored. */
  category: string;
  note: string | null;
}

/** At least two parts (one part is no split), at most this many. */
export const MIN_PARTS = 2;
export const MAX_PARTS = 20;
export const MAX_PART_NOTE_LENGTH = 500;

export type SplitProblem =
  | { kind: 'tooFewParts' }
  | { kind: 'tooManyParts' }
  | { kind: 'notInteger'; index: number }
  | { kind: 'zeroPart'; index: number }
  | { kind: 'wrongSign'; index: number }
  | { kind: 'noCategory'; index: number }
  | { kind: 'remaining'; remainingMinor: number };

/** The parts' sum (exact while every part is a safe integer). */
export function partsTotal(parts: readonly Pick<SplitPart, 'amountMinor'>[]): number {
  let total = 0;
  for (const p of parts) total += p.amountMinor;
  return total;
}

/** What is left to assign: parent − Σ parts (0 when the split is whole). */
export const remainingMinor = (parentMinor: number, parts: readonly Pick<SplitPart, 'amountMinor'>[]): number => parentMinor - partsTotal(parts);

/**
 * Every reason `parts` cannot be saved as a split of `parentMinor` (empty: it can). A part must be
 * a non-zero safe integer with the parent's sign (a split divides an amount, it does not net
 * opposite flows) and a category; the parts must sum to the parent exactly.
 */
export function checkSplit(parentMinor: number, parts: readonly SplitPart[]): SplitProblem[] {
  const problems: SplitProblem[] = [];
  if (parts.length < MIN_PARTS) problems.push({ kind: 'tooFewParts' });
  if (parts.length > MAX_PARTS) problems.push({ kind: 'tooManyParts' });
  parts.forEach((p, index) => {
    if (!Number.isSafeInteger(p.amountMinor)) problems.push({ kind: 'notInteger', index });
    else if (p.amountMinor === 0) problems.push({ kind: 'zeroPart', index });
    else if (Math.sign(p.amountMinor) !== Math.sign(parentMinor)) problems.push({ kind: 'wrongSign', index });
    if (p.category.trim() === '') problems.push({ kind: 'noCategory', index });
  });
  if (problems.every((p) => p.kind !== 'notInteger')) {
    const left = remainingMinor(parentMinor, parts);
    if (left !== 0) problems.push({ kind: 'remaining', remainingMinor: left });
  }
  return problems;
}

export type SplitState = 'none' | 'ok' | 'stale';

/** Is the row split, and do its parts still sum to its amount (see the header)? */
export function splitState(row: { amountMinor: number; splits?: readonly SplitPart[] | null }): SplitState {
  const parts = row.splits;
  if (!parts || parts.length === 0) return 'none';
  return checkSplit(row.amountMinor, parts).length === 0 ? 'ok' : 'stale';
}

/**
 * `parentMinor` divided into `count` parts as evenly as integers allow (the first parts take the
 * extra minor units): a starting point for the editor, summing exactly. Fewer parts when the
 * amount has fewer minor units than `count` (no part is ever 0).
 */
export function evenParts(parentMinor: number, count: number): number[] {
  const sign = parentMinor < 0 ? -1 : 1;
  const abs = Math.abs(parentMinor);
  const n = Math.max(1, Math.min(Math.floor(count), abs));
  const base = Math.floor(abs / n);
  const extra = abs - base * n;
  return Array.from({ length: n }, (_, i) => sign * (base + (i < extra ? 1 : 0)));
}

/**
 * What a list row's category cell says for a whole split: the largest part's category and how
 * many more ("Travel + 2 more"); null when the row is not split or its split needs attention.
 */
export function splitCategoryText(row: { amountMinor: number; splits?: readonly SplitPart[] | null }): string | null {
  if (splitState(row) !== 'ok' || !row.splits) return null;
  const largest = row.splits.reduce((a, b) => (Math.abs(b.amountMinor) > Math.abs(a.amountMinor) ? b : a));
  const label = categoryLabel(resolveUserCategory(largest.category) ?? largest.category);
  return `${label} + ${row.splits.length - 1} more`;
}

/** A part's cleaned form (trimmed category and note; an empty note is null). */
export function cleanPart(p: SplitPart): SplitPart {
  const note = (p.note ?? '').trim();
  return { amountMinor: p.amountMinor, category: p.category.trim(), note: note === '' ? null : note.slice(0, MAX_PART_NOTE_LENGTH) };
}

/**
 * Words for a problem, for the editor's message. `format` renders a magnitude in the parent's
 * currency; `parentMinor` tells "left to assign" (same sign as the parent) from "over".
 */
export function describeSplitProblem(p: SplitProblem, parentMinor: number, format: (minor: number) => string): string {
  switch (p.kind) {
    case 'tooFewParts': return `A split needs at least ${MIN_PARTS} parts.`;
    case 'tooManyParts': return `A split has at most ${MAX_PARTS} parts.`;
    case 'notInteger': return `Part ${p.index + 1} is not an exact amount.`;
    case 'zeroPart': return `Part ${p.index + 1} is zero: remove it or give it an amount.`;
    case 'wrongSign': return `Part ${p.index + 1} goes the other way from the transaction.`;
    case 'noCategory': return `Part ${p.index + 1} needs a category.`;
    case 'remaining': {
      const left = Math.sign(p.remainingMinor) === Math.sign(parentMinor);
      return `${format(Math.abs(p.remainingMinor))} ${left ? 'left to assign' : 'over the transaction'}: the parts must add up to it exactly.`;
    }
  }
}
