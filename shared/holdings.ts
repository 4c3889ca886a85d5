/**
 * Holdings: the positions of a brokerage account (SnapTrade), as main hands them to the renderer
 * over `holdings:list`. Not stored: they are read from the provider when the view asks.
 *
 * Exactness: SnapTrade sends units, price and cost basis as decimal strings (any number of
 * decimals: fractional shares, sub-cent prices). They are kept as those strings, and a position's
 * value (units × price × the instrument's multiplier) is computed exactly on the decimal digits —
 * BigInt mantissas, scales added — and only then rounded once to the currency's minor units (half
 * away from zero, money.ts `toMinorUnits`). Hand-written: a few lines, and no installed decimal
 * library is shared-safe and small.
 */
import { z } from 'zod';
import { CurrencySchema } from './types';
import { toMinorUnits } from './money';

const Decimal = z.string().regex(/^-?\d+(?:\.\d+)?$/, 'expected a decimal string');

export const HoldingSchema = z.object({
  /** The ticker (or OCC symbol for an option). */
  symbol: z.string().min(1).max(64),
  description: z.string().max(500).nullable(),
  /** SnapTrade's instrument kind: stock, etf, crypto, option, mutualfund, … */
  kind: z.string().min(1).max(32),
  units: Decimal.nullable(),
  /** Per unit (per share, for an option too), in `currency`. */
  price: Decimal.nullable(),
  /** Average purchase price per unit (per contract for an option), when the brokerage gives it. */
  costBasis: Decimal.nullable(),
  currency: CurrencySchema,
  /** units × price × multiplier, exact then rounded once; null without units or price. */
  valueMinor: z.number().int().refine(Number.isSafeInteger).nullable(),
  /** units × cost basis (× multiplier for all but options, whose basis is per contract); null when not given. */
  costMinor: z.number().int().refine(Number.isSafeInteger).nullable(),
});
export type Holding = z.infer<typeof HoldingSchema>;

export const AccountHoldingsSchema = z.object({
  /** The app's account id (`snaptrade:<id>`). */
  accountId: z.string().min(1),
  /** When the provider fetched the positions from the brokerage. */
  asOf: z.string().nullable(),
  holdings: z.array(HoldingSchema).max(10_000),
});
export type AccountHoldings = z.infer<typeof AccountHoldingsSchema>;

/** A decimal string as a BigInt mantissa and its number of decimals: "12.50" → 1250n, 2. */
function parseDecimal(text: string): { m: bigint; scale: number } {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const [, sign, int = '0', frac = ''] = match;
  const m = BigInt(int + frac);
  return { m: sign ? -m : m, scale: frac.length };
}

/** The exact product of decimal strings, as a decimal string ("1.5" × "2.25" → "3.375"). */
export function multiplyDecimals(...factors: string[]): string {
  let m = 1n;
  let scale = 0;
  for (const f of factors) {
    const d = parseDecimal(f);
    m *= d.m;
    scale += d.scale;
  }
  const negative = m < 0n;
  const digits = (negative ? -m : m).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** units × price (× multiplier) in the currency's minor units, rounded once; null when a factor is missing. */
export function valueMinor(units: string | null, price: string | null, currency: string, multiplier = '1'): number | null {
  if (units === null || price === null) return null;
  return toMinorUnits(multiplyDecimals(units, price, multiplier), currency);
}
