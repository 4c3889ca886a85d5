/**
 * Is an update suspicious enough to hold for the user instead of applying it? Pure: the apply
 * (renderer/src/db/apply/holdCheck.ts) works out, per account, what the update would do — rows
 * leaving, rows re-identified, the live rows before and after, the balance before and after — and
 * this decides, against the provider's thresholds (`hold` in shared/providers.ts, each number with
 * its reason), which of those facts no honest sync produces.
 *
 * Why hold at all: an empty or truncated provider response looks exactly like "everything was
 * deleted", and applying it tombstones the user's history and moves the cursor past it (an empty
 * broker response wiped a sync cursor in wealthfolio, PR #1028; rows vanishing and coming back on
 * every sync in actual#8708). A held update changes nothing until the user has seen what it would do.
 */
import { currencyExponent } from '../money';

/** The thresholds of one provider (see PROVIDER_INFO[p].hold for the numbers and why). */
export interface HoldThresholds {
  /** An account losing more than this share of its live rows (0–1) in one update is held… */
  removedShare: number;
  /** …when at least this many rows leave it (so a 3-row account losing 2 is not "most of it"). */
  minRemoved: number;
  /** More than this share of an account's live rows re-issued under new ids is held… */
  reidentifiedShare: number;
  /** …when at least this many are. */
  minReidentified: number;
  /** An account with at least this many live rows left with none is held (an emptied history). */
  minEmptied: number;
  /** A balance moving by more than this many times the larger of its old size and the floor is held… */
  balanceFactor: number;
  /** …the floor, in major units of the account's currency (so a $3 balance turning $400 is not "133×"). */
  balanceFloorMajor: number;
}

/** What the update would do to one account, as the apply worked it out. */
export interface AccountEffect {
  accountId: string;
  /** Live rows before the update (counted only when a rule could fire, and then only up to where one still could: see holdCheck.ts). */
  liveBefore: number;
  /** Live rows after it. */
  liveAfter: number;
  /** Rows removed outright (not re-identified, not merged into a posted row). */
  removed: number;
  /** Rows re-issued under a new id with identical content. */
  reidentified: number;
}

/** The account's stored balance and the one the update brings, in one currency. */
export interface BalanceEffect {
  accountId: string;
  currency: string;
  beforeMinor: number;
  afterMinor: number;
}

export type HoldReason =
  | { kind: 'massRemoval'; accountId: string; removed: number; liveBefore: number }
  | { kind: 'massReidentify'; accountId: string; reidentified: number; liveBefore: number }
  | { kind: 'emptiedHistory'; accountId: string; liveBefore: number }
  | { kind: 'balanceJump'; accountId: string; currency: string; beforeMinor: number; afterMinor: number };

/** Whether `part` is more than `share` of `whole`. Exact for the shares the table uses. */
const over = (part: number, whole: number, share: number) => whole > 0 && part > share * whole;

/** The reasons to hold, per account; an emptied history is told once, not also as a mass removal. */
export function findHoldReasons(accounts: readonly AccountEffect[], balances: readonly BalanceEffect[], t: HoldThresholds): HoldReason[] {
  const reasons: HoldReason[] = [];
  for (const a of accounts) {
    if (a.liveBefore >= t.minEmptied && a.liveAfter === 0 && a.removed + a.reidentified > 0) {
      reasons.push({ kind: 'emptiedHistory', accountId: a.accountId, liveBefore: a.liveBefore });
    } else if (a.removed >= t.minRemoved && over(a.removed, a.liveBefore, t.removedShare)) {
      reasons.push({ kind: 'massRemoval', accountId: a.accountId, removed: a.removed, liveBefore: a.liveBefore });
    }
    if (a.reidentified >= t.minReidentified && over(a.reidentified, a.liveBefore, t.reidentifiedShare)) {
      reasons.push({ kind: 'massReidentify', accountId: a.accountId, reidentified: a.reidentified, liveBefore: a.liveBefore });
    }
  }
  for (const b of balances) {
    const floor = t.balanceFloorMajor * 10 ** currencyExponent(b.currency);
    const move = Math.abs(b.afterMinor - b.beforeMinor);
    if (move > t.balanceFactor * Math.max(Math.abs(b.beforeMinor), floor)) reasons.push({ kind: 'balanceJump', ...b });
  }
  return reasons;
}

/**
 * The fewest rows that must leave one account before any row rule can fire: below it the apply
 * need not count the account's live rows at all (most updates remove a pending or two).
 */
export const leastRowsToHold = (t: HoldThresholds): number => Math.max(1, Math.min(t.minRemoved, t.minReidentified, t.minEmptied));
