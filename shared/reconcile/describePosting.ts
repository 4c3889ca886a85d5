/**
 * How a posted amount differs from its pending authorization, in words a person uses: "+$4.50,
 * likely a tip", "fuel hold released: $1.00 → $43.17".
 */
import { formatMoney } from '../money';
import { isFuelHold } from './fuelHold';

export type PostingChangeKind = 'same' | 'tip' | 'fuelHold' | 'more' | 'less';

export interface PostingChange {
  kind: PostingChangeKind;
  /** Change in size (posted minus pending, in absolute value), minor units. */
  deltaMinor: number;
  text: string;
}

/** Where a bigger posted charge is usually a tip (restaurants, bars, coffee, rides, salons). */
function tipsUsual(category: string | null): boolean {
  if (!category) return true; // unknown: a modest increase is still most often a tip
  const words = new Set(category.toLowerCase().split(/[^a-z]+/).filter(Boolean));
  return ['food', 'drink', 'drinks', 'restaurant', 'restaurants', 'coffee', 'bar', 'bars', 'taxi', 'taxis', 'ride', 'rideshare', 'salon', 'hair', 'beauty', 'delivery']
    .some((w) => words.has(w));
}

/** A tip rarely exceeds this share of the bill. */
const MAX_TIP_RATIO = 0.35;

export function describePosting(pendingMinor: number, postedMinor: number, currency: string, category: string | null, locale?: string): PostingChange {
  const money = (minor: number) => formatMoney(minor, currency, { locale });
  const deltaMinor = Math.abs(postedMinor) - Math.abs(pendingMinor);
  if (deltaMinor === 0 && Math.sign(pendingMinor) === Math.sign(postedMinor)) return { kind: 'same', deltaMinor, text: 'same amount' };
  if (isFuelHold({ amountMinor: pendingMinor, currency, category })) {
    return { kind: 'fuelHold', deltaMinor, text: `fuel hold released: ${money(Math.abs(pendingMinor))} → ${money(Math.abs(postedMinor))}` };
  }
  const size = money(Math.abs(deltaMinor));
  if (deltaMinor > 0) {
    const outflow = postedMinor < 0;
    const tip = outflow && tipsUsual(category) && deltaMinor <= Math.abs(pendingMinor) * MAX_TIP_RATIO;
    return tip
      ? { kind: 'tip', deltaMinor, text: `+${size}, likely a tip` }
      : { kind: 'more', deltaMinor, text: `+${size}, more than ${outflow ? 'authorized' : 'pending'}` };
  }
  return { kind: 'less', deltaMinor, text: `−${size}, less than ${postedMinor < 0 ? 'authorized' : 'pending'}` };
}

/** "posted the same day", "posted after 1 day", "posted after 3 days". */
export function describeDaysToPost(days: number): string {
  if (days <= 0) return 'posted the same day';
  return `posted after ${days} ${days === 1 ? 'day' : 'days'}`;
}
