import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkSplit, cleanPart, describeSplitProblem, evenParts, MAX_PARTS, partsTotal, remainingMinor, splitCategoryText, splitState, type SplitPart,
} from '../../../../shared/userFields/splits';

const part = (amountMinor: number, category = 'groceries', note: string | null = null): SplitPart => ({ amountMinor, category, note });
const usd = (minor: number) => `$${(minor / 100).toFixed(2)}`;

describe('checkSplit', () => {
  it('accepts parts that sum to the parent exactly, in its direction', () => {
    expect(checkSplit(-10_000, [part(-6000), part(-4000, 'household')])).toEqual([]);
    expect(checkSplit(2500, [part(1000, 'income'), part(1500, 'income')])).toEqual([]);
  });

  it('names every problem: remaining, a zero or opposite part, no category, too few parts', () => {
    expect(checkSplit(-10_000, [part(-6000), part(-3999)])).toEqual([{ kind: 'remaining', remainingMinor: -1 }]);
    expect(checkSplit(-10_000, [part(-10_500), part(500)])).toEqual([{ kind: 'wrongSign', index: 1 }]);
    expect(checkSplit(-10_000, [part(-10_000), part(0)])).toEqual([{ kind: 'zeroPart', index: 1 }]);
    expect(checkSplit(-100, [part(-50, ' '), part(-50)])).toEqual([{ kind: 'noCategory', index: 0 }]);
    expect(checkSplit(-100, [part(-100)])).toEqual([{ kind: 'tooFewParts' }]);
    expect(checkSplit(-100, [part(-50.5), part(-49.5)])).toEqual([{ kind: 'notInteger', index: 0 }, { kind: 'notInteger', index: 1 }]);
    const many = Array.from({ length: MAX_PARTS + 1 }, () => part(-1));
    expect(checkSplit(-(MAX_PARTS + 1), many)).toEqual([{ kind: 'tooManyParts' }]);
  });

  it('words the remaining as left to assign or over, relative to the parent', () => {
    expect(describeSplitProblem({ kind: 'remaining', remainingMinor: -100 }, -10_000, usd)).toMatch(/^\$1\.00 left to assign/);
    expect(describeSplitProblem({ kind: 'remaining', remainingMinor: 100 }, -10_000, usd)).toMatch(/^\$1\.00 over/);
  });
});

describe('splitState', () => {
  it('is none without parts, ok while they sum, stale once the amount moved', () => {
    expect(splitState({ amountMinor: -100 })).toBe('none');
    expect(splitState({ amountMinor: -100, splits: [] })).toBe('none');
    const splits = [part(-60), part(-40)];
    expect(splitState({ amountMinor: -100, splits })).toBe('ok');
    expect(splitState({ amountMinor: -125, splits })).toBe('stale');
  });
});

describe('splitCategoryText', () => {
  it('names the largest part and counts the others, only for a whole split', () => {
    expect(splitCategoryText({ amountMinor: -100, splits: [part(-30, 'dining'), part(-70, 'Groceries')] })).toBe('Groceries + 1 more');
    expect(splitCategoryText({ amountMinor: -100, splits: [part(-60, 'travel'), part(-20), part(-20, 'my own')] })).toBe('Travel + 2 more');
    expect(splitCategoryText({ amountMinor: -101, splits: [part(-60, 'travel'), part(-40)] })).toBeNull();
    expect(splitCategoryText({ amountMinor: -100 })).toBeNull();
  });
});

describe('evenParts', () => {
  it('divides exactly, the first parts taking the extra minor units, never a zero part', () => {
    expect(evenParts(-10_000, 3)).toEqual([-3334, -3333, -3333]);
    expect(evenParts(7, 3)).toEqual([3, 2, 2]);
    expect(evenParts(-2, 5)).toEqual([-1, -1]);
  });
});

describe('cleanPart', () => {
  it('trims the category and note; a blank note is none', () => {
    expect(cleanPart({ amountMinor: -5, category: ' travel ', note: '  taxi ' })).toEqual({ amountMinor: -5, category: 'travel', note: 'taxi' });
    expect(cleanPart({ amountMinor: -5, category: 'travel', note: '   ' }).note).toBeNull();
  });
});

describe('splits always sum to the parent (property)', () => {
  // Any non-zero amount, any count of parts: what the editor starts from sums exactly and is accepted.
  const amount = fc.oneof(fc.integer({ min: -1_000_000_000_00, max: -1 }), fc.integer({ min: 1, max: 1_000_000_000_00 }));

  it('evenParts of any amount into 2–20 parts sums to it and passes checkSplit', () => {
    fc.assert(fc.property(amount, fc.integer({ min: 2, max: MAX_PARTS }), (parent, count) => {
      const minors = evenParts(parent, count);
      expect(partsTotal(minors.map((m) => part(m)))).toBe(parent);
      if (minors.length >= 2) expect(checkSplit(parent, minors.map((m) => part(m)))).toEqual([]);
    }), { seed: 20_2026, numRuns: 500 });
  });

  it('random cut points: the parts sum to the parent exactly, and one minor unit off is always refused', () => {
    const scenario = amount.chain((parent) => {
      const abs = Math.abs(parent);
      const maxCuts = Math.min(MAX_PARTS - 1, abs - 1);
      return fc.tuple(fc.constant(parent), fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, abs - 1) }), { minLength: Math.min(1, maxCuts), maxLength: Math.max(0, maxCuts) }));
    });
    fc.assert(fc.property(scenario, fc.nat(), ([parent, cuts], pick) => {
      const sign = Math.sign(parent);
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), Math.abs(parent)];
      const parts = bounds.slice(1).map((b, i) => part(sign * (b - (bounds[i] ?? 0))));
      expect(partsTotal(parts)).toBe(parent);
      expect(remainingMinor(parent, parts)).toBe(0);
      if (parts.length < 2) return;
      expect(checkSplit(parent, parts)).toEqual([]);
      // Nudge one part by one minor unit: the sum is off, and the split is refused with that remaining.
      const i = pick % parts.length;
      const nudged = parts.map((p, j) => (j === i ? part(p.amountMinor + sign) : p));
      expect(checkSplit(parent, nudged)).toContainEqual({ kind: 'remaining', remainingMinor: -sign });
      expect(splitState({ amountMinor: parent, splits: nudged })).toBe('stale');
    }), { seed: 20_2026, numRuns: 500 });
  });
});
