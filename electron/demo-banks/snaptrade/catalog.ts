/**
 * What the demo brokerage trades and holds: a handful of real-looking securities with a seeded,
 * deterministic price path, their dividend calendars, and the two account templates.
 *
 * Prices are integers in 1/10,000 of the currency unit (sub-cent, as fractional-share executions
 * are); units are integers in millionths of a share. Both become JSON numbers only at the wire.
 */
import { createRng } from '../ledger/rng';
import { dayNumber } from './calendar';

export type SimCurrency = 'USD' | 'CAD';

export interface Exchange {
  readonly code: string;
  readonly micCode: string;
  readonly name: string;
  readonly timezone: string;
  readonly suffix: string | null;
}

export interface Security {
  readonly symbol: string;
  readonly description: string;
  readonly currency: SimCurrency;
  readonly exchange: Exchange;
  /** SnapTrade security-type code: cs (common stock) or et (ETF). */
  readonly type: 'cs' | 'et';
  readonly figi: string;
  /** Price around which the path moves, in 1/10,000 units. */
  readonly basePrice: number;
  /** Per-share dividend in cents, and the months (1–12) it is paid in, on the first weekday on or after `day`. */
  readonly dividend: { readonly cents: number; readonly months: readonly number[]; readonly day: number };
}

const NYSE_ARCA: Exchange = { code: 'ARCX', micCode: 'ARCX', name: 'NYSE ARCA', timezone: 'America/New_York', suffix: null };
const NASDAQ: Exchange = { code: 'XNAS', micCode: 'XNAS', name: 'NASDAQ', timezone: 'America/New_York', suffix: null };
const TSX: Exchange = { code: 'TSX', micCode: 'XTSE', name: 'Toronto Stock Exchange', timezone: 'America/Toronto', suffix: '.TO' };

const QUARTERS_MAR = [3, 6, 9, 12] as const;
const QUARTERS_FEB = [2, 5, 8, 11] as const;
const MONTHLY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export const SECURITIES = {
  VTI: { symbol: 'VTI', description: 'Vanguard Total Stock Market ETF', currency: 'USD', exchange: NYSE_ARCA, type: 'et', figi: 'BBG000HVN9T6', basePrice: 2_450_000, dividend: { cents: 90, months: QUARTERS_MAR, day: 26 } },
  AAPL: { symbol: 'AAPL', description: 'Apple Inc.', currency: 'USD', exchange: NASDAQ, type: 'cs', figi: 'BBG000B9XRY4', basePrice: 1_900_000, dividend: { cents: 25, months: QUARTERS_FEB, day: 15 } },
  MSFT: { symbol: 'MSFT', description: 'Microsoft Corporation', currency: 'USD', exchange: NASDAQ, type: 'cs', figi: 'BBG000BPH459', basePrice: 4_100_000, dividend: { cents: 83, months: QUARTERS_MAR, day: 12 } },
  VXUS: { symbol: 'VXUS', description: 'Vanguard Total International Stock ETF', currency: 'USD', exchange: NASDAQ, type: 'et', figi: 'BBG000DPMP54', basePrice: 610_000, dividend: { cents: 45, months: QUARTERS_MAR, day: 24 } },
  BND: { symbol: 'BND', description: 'Vanguard Total Bond Market ETF', currency: 'USD', exchange: NASDAQ, type: 'et', figi: 'BBG000BT3K05', basePrice: 725_000, dividend: { cents: 21, months: MONTHLY, day: 3 } },
  'ENB.TO': { symbol: 'ENB.TO', description: 'Enbridge Inc.', currency: 'CAD', exchange: TSX, type: 'cs', figi: 'BBG000C0L8K6', basePrice: 490_000, dividend: { cents: 92, months: QUARTERS_MAR, day: 1 } },
} as const satisfies Record<string, Security>;

export type SymbolKey = keyof typeof SECURITIES;
export const security = (symbol: SymbolKey): Security => SECURITIES[symbol];

/** Fixed for the demo: what a CAD amount is worth in the USD accounts' totals, in 1/10,000. */
export const CAD_IN_USD = 7_350;

/**
 * A security's closing price on a date: a yearly and a ~6-week swing around its base, plus daily
 * noise, all derived from (seed, symbol, date) so any date can be priced without walking a path.
 */
export function priceOn(seed: number, symbol: SymbolKey, date: string): number {
  const { basePrice } = SECURITIES[symbol];
  const shape = createRng('snaptrade-price-shape', symbol);
  const [phaseYear, phaseSwing] = [shape.next() * 2 * Math.PI, shape.next() * 2 * Math.PI];
  const day = dayNumber(date);
  const drift = 0.1 * Math.sin((2 * Math.PI * day) / 365 + phaseYear) + 0.03 * Math.sin((2 * Math.PI * day) / 41 + phaseSwing);
  const noise = (createRng(seed, 'snaptrade-price', symbol, date).next() - 0.5) * 0.02;
  return Math.round(basePrice * (1 + drift) * (1 + noise));
}

export type AccountKind = 'taxable' | 'ira';

export interface AccountTemplate {
  readonly kind: AccountKind;
  readonly name: string;
  readonly rawType: string;
  /** Cash before the simulated history starts, in cents per currency. */
  readonly openingCash: Readonly<Partial<Record<SimCurrency, number>>>;
  /** Holdings before the simulated history starts, in millionths of a share. */
  readonly openingUnits: Readonly<Partial<Record<SymbolKey, number>>>;
  /** What it buys with new money. */
  readonly buys: readonly SymbolKey[];
}

export const ACCOUNT_TEMPLATES: readonly AccountTemplate[] = [
  {
    kind: 'taxable',
    name: 'Individual Brokerage',
    rawType: 'Margin',
    openingCash: { USD: 412_530, CAD: 18_240 },
    openingUnits: { VTI: 40_000_000, AAPL: 25_000_000, MSFT: 12_000_000, VXUS: 60_000_000, 'ENB.TO': 150_000_000 },
    buys: ['VTI', 'AAPL', 'MSFT', 'VXUS'],
  },
  {
    kind: 'ira',
    name: 'Roth IRA',
    rawType: 'ROTH_IRA',
    openingCash: { USD: 21_075 },
    openingUnits: { VTI: 30_000_000, BND: 120_000_000 },
    buys: ['VTI', 'BND'],
  },
];

export const INSTITUTION_NAME = 'Demo Brokerage';
export const BROKERAGE_SLUG = 'DEMO-BROKERAGE';
