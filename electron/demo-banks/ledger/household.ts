/**
 * The household scenario (demo mode): one person banking at two institutions. The Plaid face's
 * checking ("payer") pays the household's bills and, every month, the credit card held at the
 * MoneyKit face ("card"), which shows the payment received the same or the next day. Both banks
 * compute the payment from this one pure, date-keyed schedule — nothing about the other bank's
 * seed or state — so the two agree without sharing anything, as two real banks do.
 *
 * The bills (payer only, keyed by the ledger's seed and the date, from their own generator so no
 * other draw of the ledger moves):
 * - a utility on the 9th (moved to Monday when the 9th is a weekend), whose amount drifts month to month;
 * - a subscription on the 12th whose price went up $2.00 from the last charge on or before the
 *   day the ledger was created (the "changed amount" flag);
 * - a gym membership whose charge day is the day of the month 10 days before the ledger was
 *   created (at most the 28th), and which skipped that last charge (the "missed bill" flag: past
 *   its grace days, and no later charge before creation; later charges come again).
 */
import { createRng } from './rng';

export type HouseholdRole = 'payer' | 'card';

const DAY_MS = 86_400_000;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dateOf = (day: number): Date => new Date(day * DAY_MS);
const monthKey = (day: number): string => isoDay(day).slice(0, 7);
/** The day number of `dom` in the month of `day`. */
const dayInMonth = (day: number, dom: number): number => {
  const d = dateOf(day);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), dom) / DAY_MS);
};
/** Saturday and Sunday move to the Monday after. */
const weekdayOnOrAfter = (day: number): number => {
  const wd = dateOf(day).getUTCDay();
  return wd === 6 ? day + 2 : wd === 0 ? day + 1 : day;
};

export const CARD_PAYMENT_DOM = 5;
export const UTILITY_DOM = 9;
export const SUBSCRIPTION_DOM = 12;
export const SUBSCRIPTION_OLD_CENTS = 1_799;
export const SUBSCRIPTION_NEW_CENTS = 1_999;
export const GYM_CENTS = 4_900;
/** The skipped gym charge was due this many days before creation. */
const MISSED_DAYS_AGO = 10;

export interface CrossBankPayment {
  /** The day the checking pays (day number since 1970). */
  paidDay: number;
  /** The day the card shows it received. */
  receivedDay: number;
  cents: number;
}

/** The cross-bank card payment of the month of `day`: the same answer at both banks. */
export function crossBankPayment(day: number): CrossBankPayment {
  const month = monthKey(day);
  const rng = createRng('household', 'card-payment', month);
  const paidDay = weekdayOnOrAfter(dayInMonth(day, CARD_PAYMENT_DOM));
  const cents = rng.int(180, 460) * 100 + rng.int(0, 99);
  const lag = rng.int(0, 1);
  return { paidDay, receivedDay: paidDay + lag, cents };
}

export interface ScheduledBill {
  kind: 'utility' | 'subscription' | 'gym';
  cents: number;
}

/** The payer's bills due on `day` for a ledger of `seed` created on day `createdDay`. */
export function billsOn(seed: number, ordinal: number, day: number, createdDay: number): ScheduledBill[] {
  const bills: ScheduledBill[] = [];
  if (day === weekdayOnOrAfter(dayInMonth(day, UTILITY_DOM))) {
    const rng = createRng(seed, 'bills', ordinal, 'utility', monthKey(day));
    bills.push({ kind: 'utility', cents: rng.int(9_200, 13_400) });
  }
  const subDay = dayInMonth(day, SUBSCRIPTION_DOM);
  if (day === subDay) {
    // The last charge on or before creation is the first at the new price.
    bills.push({ kind: 'subscription', cents: day >= lastOnOrBefore(createdDay, SUBSCRIPTION_DOM) ? SUBSCRIPTION_NEW_CENTS : SUBSCRIPTION_OLD_CENTS });
  }
  if (day === dayInMonth(day, gymDom(createdDay)) && day !== skippedGymDay(createdDay)) bills.push({ kind: 'gym', cents: GYM_CENTS });
  return bills;
}

/** The gym's day of the month: that of MISSED_DAYS_AGO before creation, at most the 28th (every month has it). */
export function gymDom(createdDay: number): number {
  return Math.min(28, dateOf(createdDay - MISSED_DAYS_AGO).getUTCDate());
}

/** The gym charge that never came: the last one due MISSED_DAYS_AGO (or a few more) before creation. */
export function skippedGymDay(createdDay: number): number {
  return lastOnOrBefore(createdDay - MISSED_DAYS_AGO, gymDom(createdDay));
}

/** The last day-of-month `dom` on or before `limit`. */
function lastOnOrBefore(limit: number, dom: number): number {
  const thisMonth = dayInMonth(limit, dom);
  return thisMonth <= limit ? thisMonth : dayInMonth(dayInMonth(limit, 1) - 1, dom);
}
