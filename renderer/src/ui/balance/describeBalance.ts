/**
 * The balance check in words (renderer/src/db/apply/balanceCheck.ts): the one sentence the account,
 * the Changes entry and the review inbox all say, and a line per row that may explain the gap.
 */
import { formatMoney } from '../../../../shared/money';
import type { BalanceExplanation } from '../../db/schema';
import { shortDay, shortDayOf } from '../format';

export interface DisagreementFacts {
  providerMinor: number;
  differenceMinor: number;
  currency: string;
  sinceAt: string | null;
}

/** "Bank balance $1,204.10, Ledgerline's rows imply $1,467.52 — $263.42 apart since the sync on Nov 28". */
export function describeDisagreement(d: DisagreementFacts, now: Date = new Date()): string {
  const implied = d.providerMinor - d.differenceMinor;
  const apart = formatMoney(Math.abs(d.differenceMinor), d.currency);
  const since = d.sinceAt ? ` since the sync on ${shortDayOf(d.sinceAt, now)}` : '';
  return `Bank balance ${formatMoney(d.providerMinor, d.currency)}, Ledgerline's rows imply ${formatMoney(implied, d.currency)} — ${apart} apart${since}`;
}

/** A short form for the narrow sidebar: "$263.42 apart from the bank since Nov 28". */
export function describeDisagreementShort(d: DisagreementFacts, now: Date = new Date()): string {
  const since = d.sinceAt ? ` since ${shortDayOf(d.sinceAt, now)}` : '';
  return `${formatMoney(Math.abs(d.differenceMinor), d.currency)} apart from the bank${since}`;
}

/** What a possible explanation is, in a few words; the row's own name and amount go beside it. */
export function describeExplanation(e: BalanceExplanation, now: Date = new Date()): string {
  const day = shortDay(e.date, now);
  switch (e.kind) {
    case 'stalePending':
      return `Still pending since ${day} — the bank may have posted it without the posting reaching Ledgerline`;
    case 'removed':
      return `Removed by the bank's feed (dated ${day}) — the bank may still count it`;
    case 'duplicate':
      return `Looks like a duplicate (${day}) — the bank may count it once`;
  }
}

/** Said of the exact set: "These rows account for the whole difference." */
export const EXACT_NOTE = 'Accounts for the whole difference';
