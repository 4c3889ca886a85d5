import { describe, expect, it } from 'vitest';
import { PROVIDER_INFO, PROVIDERS, holdThresholds } from '../../../../shared/providers';
import { findHoldReasons, leastRowsToHold, type AccountEffect, type HoldThresholds } from '../../../../shared/sync/suspicion';

// Each rule fires just past its threshold and not at it or below; the numbers are Plaid's
// (removed share 0.5 with at least 20, re-identified 0.5 with 20, emptied from 5, balance 10× over
// a $1,000 floor) unless a test says otherwise.
const T: HoldThresholds = PROVIDER_INFO.plaid.hold;

const acct = (over: Partial<AccountEffect>): AccountEffect => ({ accountId: 'a', liveBefore: 100, liveAfter: 100, removed: 0, reidentified: 0, ...over });
const kinds = (accounts: AccountEffect[], balances: Parameters<typeof findHoldReasons>[1] = [], t = T) => findHoldReasons(accounts, balances, t).map((r) => r.kind);

describe('findHoldReasons', () => {
  it('holds an account losing more than half its live rows, not exactly half or less', () => {
    expect(kinds([acct({ removed: 50, liveAfter: 50 })])).toEqual([]);
    expect(kinds([acct({ removed: 49, liveAfter: 51 })])).toEqual([]);
    expect(findHoldReasons([acct({ removed: 51, liveAfter: 49 })], [], T)).toEqual([{ kind: 'massRemoval', accountId: 'a', removed: 51, liveBefore: 100 }]);
  });

  it('never holds a small account for a removal below the minimum count, however large a share', () => {
    expect(kinds([acct({ liveBefore: 30, removed: 19, liveAfter: 11 })])).toEqual([]);
    expect(kinds([acct({ liveBefore: 30, removed: 20, liveAfter: 10 })])).toEqual(['massRemoval']);
  });

  it('holds an emptied history from its minimum size, told once (not also as a mass removal)', () => {
    expect(kinds([acct({ liveBefore: 4, removed: 4, liveAfter: 0 })])).toEqual([]);
    expect(findHoldReasons([acct({ liveBefore: 5, removed: 5, liveAfter: 0 })], [], T)).toEqual([{ kind: 'emptiedHistory', accountId: 'a', liveBefore: 5 }]);
    expect(kinds([acct({ liveBefore: 400, removed: 400, liveAfter: 0 })])).toEqual(['emptiedHistory']);
    // An account the update fills as it empties (everything re-issued as new rows) is not emptied.
    expect(kinds([acct({ liveBefore: 8, removed: 8, liveAfter: 8 })])).toEqual([]);
  });

  it('holds re-identifying most of an account past the minimum, not half of it', () => {
    expect(kinds([acct({ reidentified: 50 })])).toEqual([]);
    expect(kinds([acct({ reidentified: 51 })])).toEqual(['massReidentify']);
    expect(kinds([acct({ liveBefore: 30, reidentified: 19 })])).toEqual([]);
  });

  it('holds a balance moving by more than 10× the larger of its size and the floor, not 10× exactly', () => {
    const bal = (beforeMinor: number, afterMinor: number, currency = 'USD') => [{ accountId: 'a', currency, beforeMinor, afterMinor }];
    // $500 balance: the floor ($1,000) rules, so the limit is a $10,000 move.
    expect(kinds([], bal(50_000, 50_000 + 1_000_000))).toEqual([]);
    expect(kinds([], bal(50_000, 50_000 + 1_000_001))).toEqual(['balanceJump']);
    expect(kinds([], bal(50_000, 50_000 - 1_000_001))).toEqual(['balanceJump']);
    // $20,000 balance: 10× itself, a $200,000 move.
    expect(kinds([], bal(2_000_000, 22_000_000))).toEqual([]);
    expect(kinds([], bal(2_000_000, 22_000_001))).toEqual(['balanceJump']);
    // The floor is in major units of the account's own currency: ¥1,000 is 1000 minor units.
    expect(kinds([], bal(0, 10_000, 'JPY'))).toEqual([]);
    expect(kinds([], bal(0, 10_001, 'JPY'))).toEqual(['balanceJump']);
  });

  it("reads SnapTrade's stricter row rules: a quarter (at least 10) removed, 3 rows emptied", () => {
    const snap = PROVIDER_INFO.snaptrade.hold;
    expect(kinds([acct({ liveBefore: 40, removed: 10, liveAfter: 30 })], [], snap)).toEqual([]);
    expect(kinds([acct({ liveBefore: 39, removed: 10, liveAfter: 29 })], [], snap)).toEqual(['massRemoval']);
    expect(kinds([acct({ liveBefore: 3, removed: 3, liveAfter: 0 })], [], snap)).toEqual(['emptiedHistory']);
    expect(kinds([acct({ liveBefore: 3, removed: 3, liveAfter: 0 })], [], T)).toEqual([]);
  });

  it('leastRowsToHold is the smallest removal any row rule needs, so fewer leaving skip the count', () => {
    expect(leastRowsToHold(T)).toBe(5);
    expect(leastRowsToHold(PROVIDER_INFO.snaptrade.hold)).toBe(3);
    // …and below it no rule fires, whatever the account's size.
    for (const liveBefore of [1, 4, 5, 10, 1000]) {
      for (const removed of [1, 2, 3, 4]) expect(kinds([acct({ liveBefore, removed, liveAfter: liveBefore - removed })])).toEqual([]);
    }
  });

  it('gives every provider thresholds (an unknown provider gets Plaid\'s)', () => {
    for (const p of PROVIDERS) expect(holdThresholds(p).minRemoved).toBeGreaterThan(0);
    expect(holdThresholds(undefined)).toBe(PROVIDER_INFO.plaid.hold);
  });
});
