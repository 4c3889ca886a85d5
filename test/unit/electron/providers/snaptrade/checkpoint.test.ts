import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FULL_EVERY_DAYS, MAX_CURSOR_CHARS, OVERLAP_DAYS, addDays, decodeCheckpoint, encodeCheckpoint, markOf, nextMark, windowFor, type Checkpoint,
} from '../../../../../electron/providers/snaptrade/checkpoint';

const checkpoint: Checkpoint = { v: 1, auth: 'auth-1', accounts: { 'acc-1': { s: '2026-03-04', f: '2026-03-01' }, 'acc-2': { s: null, f: '2026-03-01' } } };

describe('checkpoint encoding', () => {
  it('round-trips, as opaque URL-safe text', () => {
    const text = encodeCheckpoint(checkpoint);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCheckpoint(text, 'auth-1')).toEqual(checkpoint);
  });

  it('round-trips any watermarks', () => {
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(fc.dictionary(fc.uuid(), fc.record({ s: fc.option(date), f: date })), (accounts) => {
      const c: Checkpoint = { v: 1, auth: 'a', accounts };
      expect(decodeCheckpoint(encodeCheckpoint(c), 'a')).toEqual(c);
    }));
  });

  it('ignores no cursor, garbage, another version and another connection\'s checkpoint (the pull then reads everything)', () => {
    expect(decodeCheckpoint(null, 'auth-1')).toBeNull();
    expect(decodeCheckpoint('%%%not base64%%%', 'auth-1')).toBeNull();
    expect(decodeCheckpoint(Buffer.from('{"v":2,"auth":"auth-1","accounts":{}}').toString('base64url'), 'auth-1')).toBeNull();
    expect(decodeCheckpoint(Buffer.from('{"v":1,"auth":"auth-1","accounts":{"a":{"s":"yesterday","f":"2026-01-01"}}}').toString('base64url'), 'auth-1')).toBeNull();
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint), 'auth-2')).toBeNull();
  });
});

describe('a connection with very many accounts', () => {
  const ids = Array.from({ length: 80 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const many: Checkpoint = { v: 1, auth: 'auth-1', accounts: Object.fromEntries(ids.map((id, i) => [id, { s: addDays('2026-03-01', i % 5), f: addDays('2026-02-20', i % 3) }])) };

  it('still fits the IPC cursor limit, with one mark no later than any account\'s', () => {
    const text = encodeCheckpoint(many);
    expect(text.length).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
    const decoded = decodeCheckpoint(text, 'auth-1');
    for (const id of ids) expect(markOf(decoded, id, ids)).toEqual({ s: '2026-03-01', f: '2026-02-20' });
  });

  it('reads an account added since in full (and a null watermark anywhere keeps every account full)', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint(many), 'auth-1');
    expect(markOf(decoded, 'new-account', [...ids, 'new-account'])).toBeUndefined();
    const first = ids[0] ?? '';
    const withNull = { ...many, accounts: { ...many.accounts, [first]: { s: null, f: '2026-03-01' } } };
    expect(markOf(decodeCheckpoint(encodeCheckpoint(withNull), 'auth-1'), first, ids)?.s).toBeNull();
  });
});

describe('windowFor', () => {
  const today = '2026-03-06';

  it('reads the full history on the first sync, and while SnapTrade reports no watermark', () => {
    const full = { full: true, from: null, startDate: null };
    expect(windowFor(undefined, '2026-03-05', today)).toEqual(full);
    expect(windowFor({ s: null, f: today }, '2026-03-05', today)).toEqual(full);
    expect(windowFor({ s: '2026-03-04', f: today }, null, today)).toEqual(full);
  });

  it('re-reads from the previous watermark minus the overlap, requesting one day more than it restates', () => {
    const w = windowFor({ s: '2026-03-04', f: '2026-03-01', n: null }, '2026-03-05', today);
    expect(OVERLAP_DAYS).toBe(7);
    expect(w).toEqual({ full: false, from: '2026-02-25', startDate: '2026-02-24' });
  });

  it('widens, never narrows, when the watermark went backwards', () => {
    expect(windowFor({ s: '2026-03-04', f: today, n: null }, '2026-02-20', today).from).toBe('2026-02-13');
  });

  it(`reads everything again every ${FULL_EVERY_DAYS} days`, () => {
    const mark = { s: '2026-03-04', f: addDays(today, -(FULL_EVERY_DAYS - 1)), n: null };
    expect(windowFor(mark, '2026-03-05', today).full).toBe(false);
    expect(windowFor({ ...mark, f: addDays(today, -FULL_EVERY_DAYS) }, '2026-03-05', today).full).toBe(true);
  });

  it('always covers every day after the previous watermark minus the overlap', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2025-01-01', n));
    fc.assert(fc.property(day, day, (previous, current) => {
      const w = windowFor({ s: previous, f: current, n: null }, current, current);
      const earliest = previous < current ? previous : current;
      expect(w.from !== null && w.from <= addDays(earliest, -OVERLAP_DAYS)).toBe(true);
      expect(w.startDate !== null && w.from !== null && w.startDate < w.from).toBe(true);
    }));
  });
});

describe('nextMark', () => {
  it('records the watermark read, and today as the full read only after one', () => {
    const full = windowFor(undefined, '2026-03-05', '2026-03-06');
    expect(nextMark(undefined, full, '2026-03-05', '2026-03-06')).toEqual({ s: '2026-03-05', f: '2026-03-06', n: null });
    const partial = windowFor({ s: '2026-03-05', f: '2026-03-01', n: null }, '2026-03-06', '2026-03-07');
    expect(nextMark({ s: '2026-03-05', f: '2026-03-01', n: null }, partial, '2026-03-06', '2026-03-07')).toEqual({ s: '2026-03-06', f: '2026-03-01', n: null });
  });

  it('reads in full once after a checkpoint from before issue 14 (it never recorded rows without a trade date)', () => {
    const today = '2026-03-06';
    expect(windowFor({ s: '2026-03-04', f: '2026-03-01' }, '2026-03-05', today).full).toBe(true);
    expect(windowFor({ s: '2026-03-04', f: '2026-03-01', n: null }, '2026-03-05', today).full).toBe(false);
  });
});
