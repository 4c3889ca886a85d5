/**
 * Fuel pumps authorize a round placeholder before the tank is filled ($1 to check the card, or a
 * larger pre-authorization, commonly $100 and at most $175 under card-network rules) and then
 * post what was actually pumped: the same purchase at an unrelated amount.
 */
import { currencyExponent } from '../money';

/** The placeholder amounts pumps authorize, in major units. */
const HOLD_MAJOR = [1, 50, 75, 100, 125, 150, 175];

/** "TRANSPORTATION_GAS", "Gas Stations", "auto.fuel" — but not "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY". */
export function isFuelCategory(category: string | null): boolean {
  if (!category) return false;
  const words = new Set(category.toLowerCase().split(/[^a-z]+/).filter(Boolean));
  if (words.has('fuel') || words.has('gasoline') || words.has('petrol')) return true;
  return words.has('gas') && !words.has('utilities') && !words.has('electricity') && !words.has('electric');
}

export interface HoldCandidate {
  amountMinor: number;
  currency: string;
  category: string | null;
}

/** A pending outflow of a placeholder amount at a fuel merchant. */
export function isFuelHold(row: HoldCandidate): boolean {
  if (row.amountMinor >= 0 || !isFuelCategory(row.category)) return false;
  const unit = 10 ** currencyExponent(row.currency);
  return HOLD_MAJOR.some((major) => -row.amountMinor === major * unit);
}
