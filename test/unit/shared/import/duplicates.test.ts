import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDuplicates, type FileRowLike, type StoredRowLike, type Verdict } from '../../../../shared/import/duplicates';

// Seeds fixed (the house rule): a failure replays the same way.
fc.configureGlobal({ seed: 205 });

const row = (date: string, amountMinor: number, description: string, fitId: string | null = null): FileRowLike => ({ date, amountMinor, currency: 'USD', description, fitId });
const stored = (id: string, date: string, amountMinor: number, description: string, extra: Partial<StoredRowLike> = {}): StoredRowLike => ({
  id, date, amountMinor, currency: 'USD', description, merchant: null, fitId: null, ...extra,
});

describe('findDuplicates against stored rows', () => {
  it('a synced row (no FITID) under another spelling, a day apart, is a likely duplicate', () => {
    const v = findDuplicates([row('2024-01-31', -575, 'SQ *BLUE BOTTLE COFFEE #12')], [stored('plaid:1', '2024-01-30', -575, 'Blue Bottle Coffee')]);
    expect(v).toEqual([{ kind: 'stored', storedId: 'plaid:1', confidence: 'likely', reason: 'description', dayDiff: 1 }]);
  });

  it('needs the same amount and currency, and dates within the window (3 days by default, settable)', () => {
    const s = [stored('a', '2024-01-10', -1000, 'Shell Oil')];
    expect(findDuplicates([row('2024-01-10', -1001, 'SHELL OIL 1234')], s)).toEqual([null]);
    expect(findDuplicates([{ ...row('2024-01-10', -1000, 'SHELL OIL 1234'), currency: 'EUR' }], s)).toEqual([null]);
    expect(findDuplicates([row('2024-01-13', -1000, 'SHELL OIL 1234')], s)[0]).toMatchObject({ storedId: 'a', dayDiff: 3 });
    expect(findDuplicates([row('2024-01-14', -1000, 'SHELL OIL 1234')], s)).toEqual([null]);
    expect(findDuplicates([row('2024-01-14', -1000, 'SHELL OIL 1234')], s, { windowDays: 5 })[0]).toMatchObject({ storedId: 'a', dayDiff: 4 });
    expect(findDuplicates([row('2024-01-10', -1000, 'SHELL OIL 1234')], s, { windowDays: 0 })[0]).toMatchObject({ storedId: 'a' });
  });

  it('different names are different rows; leading words that agree are a possible duplicate; no name at all counts only on the same day', () => {
    const s = [stored('a', '2024-01-10', -1000, 'Whole Foods Market')];
    expect(findDuplicates([row('2024-01-10', -1000, 'TRADER JOES #552')], s)).toEqual([null]);
    expect(findDuplicates([row('2024-01-11', -1000, 'WHOLEFDS MKT 10234')], s)[0]).toMatchObject({ confidence: 'possible', reason: 'description' });
    const digits = [stored('b', '2024-01-10', -1000, '000123456')];
    expect(findDuplicates([row('2024-01-10', -1000, 'CHECK')], digits)[0]).toMatchObject({ confidence: 'possible', reason: 'amountDate' });
    expect(findDuplicates([row('2024-01-11', -1000, 'CHECK')], digits)).toEqual([null]);
  });

  it('FITIDs decide when both rows have one: equal is certain whatever the names, different is new however alike', () => {
    const s = [stored('import:1', '2024-01-10', -1000, 'Coffee', { fitId: 'F1' })];
    expect(findDuplicates([row('2024-01-10', -1000, 'Something else', 'F1')], s)[0]).toEqual({ kind: 'stored', storedId: 'import:1', confidence: 'certain', reason: 'fitid', dayDiff: 0 });
    expect(findDuplicates([row('2024-01-10', -1000, 'Coffee', 'F2')], s)).toEqual([null]);
    // A bank that reuses short FITIDs: the same id months later is another row.
    expect(findDuplicates([row('2024-04-10', -1000, 'Coffee', 'F1')], s)).toEqual([null]);
    // A FITID on one side only: names decide.
    expect(findDuplicates([row('2024-01-10', -1000, 'COFFEE', null)], s)[0]).toMatchObject({ confidence: 'likely' });
  });

  it('matches one to one: two equal coffees against one stored marks one; the closer date wins', () => {
    const v = findDuplicates([row('2024-01-10', -500, 'Coffee'), row('2024-01-10', -500, 'Coffee')], [stored('a', '2024-01-10', -500, 'Coffee')]);
    expect(v.filter((x) => x?.kind === 'stored')).toHaveLength(1);
    const near = findDuplicates([row('2024-01-12', -500, 'Coffee')], [stored('far', '2024-01-09', -500, 'Coffee'), stored('near', '2024-01-11', -500, 'Coffee')]);
    expect(near[0]).toMatchObject({ storedId: 'near', dayDiff: 1 });
  });
});

describe('findDuplicates within the file', () => {
  it('the same FITID twice is certain (and not matched again); identical rows without one are only possible', () => {
    const v = findDuplicates([
      row('2024-01-10', -500, 'Coffee', 'X1'),
      row('2024-01-10', -500, 'Coffee', 'X1'),
      row('2024-01-11', -300, 'Tea'),
      row('2024-01-11', -300, 'TEA'),
      row('2024-01-11', -300, 'Tea #2'),
    ], []);
    expect(v[0]).toBeNull();
    expect(v[1]).toEqual({ kind: 'file', ofIndex: 0, confidence: 'certain', reason: 'fitid' });
    // "Tea", "TEA" and "Tea #2" go by one name ("tea"): the first by content ("TEA") is kept.
    expect(v.slice(2)).toEqual([
      { kind: 'file', ofIndex: 3, confidence: 'possible', reason: 'identical' },
      null,
      { kind: 'file', ofIndex: 3, confidence: 'possible', reason: 'identical' },
    ]);
    expect(v.slice(2).filter((x) => x === null)).toHaveLength(1);
  });
});

// ─── Order independence (property) ───

const day = fc.integer({ min: 0, max: 9 }).map((d) => `2024-01-${String(d + 10)}`);
const name = fc.constantFrom('Coffee', 'COFFEE #12', 'SQ *Coffee', 'Tea', 'Shell Oil', 'SHELL', '12345', 'Rent');
const amount = fc.constantFrom(-500, -300, -1000, 2000);
const fitId = fc.option(fc.constantFrom('A', 'B', 'C'), { nil: null });
const fileRow = fc.record({ date: day, amountMinor: amount, currency: fc.constant('USD'), description: name, fitId });

/** A verdict in content terms: which row it is for and what it points at, positions replaced by contents. */
function described(file: readonly FileRowLike[], verdicts: readonly (Verdict | null)[]): string[] {
  const key = (r: FileRowLike) => JSON.stringify([r.date, r.amountMinor, r.description, r.fitId]);
  return verdicts.map((v, i) => {
    const self = key(file[i]!);
    if (!v) return `${self} new`;
    if (v.kind === 'stored') return `${self} ${v.storedId} ${v.confidence} ${v.reason} ${v.dayDiff}`;
    return `${self} of ${key(file[v.ofIndex]!)} ${v.confidence} ${v.reason}`;
  }).sort();
}

describe('findDuplicates is deterministic and order-independent (property)', () => {
  it('shuffling the file and the stored rows gives the same verdicts, content for content', () => {
    fc.assert(fc.property(
      fc.array(fileRow, { maxLength: 14 }),
      fc.uniqueArray(fc.record({ id: fc.stringMatching(/^s[0-9]{1,3}$/), date: day, amountMinor: amount, currency: fc.constant('USD'), description: name, merchant: fc.option(name, { nil: null }), fitId }), { selector: (s) => s.id, maxLength: 10 }),
      fc.integer(), fc.integer(),
      (file, storedRows, seedA, seedB) => {
        const shuffle = <T,>(xs: readonly T[], seed: number): T[] => {
          const out = [...xs];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const a = findDuplicates(file, storedRows);
        const file2 = shuffle(file, seedA);
        const b = findDuplicates(file2, shuffle(storedRows, seedB));
        expect(described(file2, b)).toEqual(described(file, a));
        expect(findDuplicates(file, storedRows)).toEqual(a);
        // One to one: no stored row is claimed twice.
        const claimed = a.flatMap((v) => (v?.kind === 'stored' ? [v.storedId] : []));
        expect(new Set(claimed).size).toBe(claimed.length);
      },
    ), { numRuns: 300 });
  });
});
