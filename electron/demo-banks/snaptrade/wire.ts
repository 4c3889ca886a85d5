/**
 * The simulation in SnapTrade's wire shapes (spec `api.yaml`), with production's Python-style
 * datetimes (`2024-03-22 16:27:55+00:00`). Money, units and prices become JSON numbers only here.
 */
import { createRng } from '../ledger/rng';
import type { BrokerageSim, CryptoQuote, SimAccount, SimActivity } from './brokerageSim';
import { hasNoTradeDate, seededUuid } from './brokerageSim';
import { pythonDateAt, pythonDateTime } from './calendar';
import { BROKERAGE_SLUG, INSTITUTION_NAME, SECURITIES, type SimCurrency, type SymbolKey } from './catalog';

export interface CurrencyWire { id: string; code: string; name: string }

export interface SymbolWire {
  id: string;
  symbol: string;
  raw_symbol: string;
  description: string;
  currency: CurrencyWire;
  exchange: { id: string; code: string; mic_code: string; name: string; timezone: string; start_time: string; close_time: string; suffix: string | null };
  type: { id: string; code: string; description: string; is_supported: boolean };
  figi_code: string | null;
  figi_instrument: null;
}

export interface ActivityWire {
  id: string;
  symbol: SymbolWire | null;
  option_symbol: null;
  currency_universal_symbol: SymbolWire | null;
  price: number;
  units: number;
  amount: number | null;
  /** Null when amount and fee are counted in `currency_universal_symbol` (crypto). */
  currency: CurrencyWire | null;
  type: string;
  option_type: string;
  description: string;
  trade_date: string | null;
  settlement_date: string;
  fee: number;
  fx_rate: number | null;
  institution: string;
  external_reference_id: string | null;
}

export interface AccountWire {
  id: string;
  brokerage_authorization: string;
  portfolio_group: string;
  name: string;
  number: string;
  institution_name: string;
  created_date: string;
  opening_date: null;
  funding_date: null;
  sync_status: {
    transactions: { initial_sync_completed: boolean; last_successful_sync: string | null; first_transaction_date: string | null };
    holdings: { initial_sync_completed: boolean; last_successful_sync: string | null; holdings_unavailable: boolean };
  };
  balance: { total: { amount: number; currency: string } | null };
  status: 'open';
  raw_type: string;
  account_category: 'INVESTMENT';
  institution_account_id: string;
  meta: Record<string, unknown>;
  cash_restrictions: string[];
  is_paper: boolean;
}

export interface BalanceWire {
  currency: CurrencyWire;
  cash: number | null;
  buying_power: number | null;
}

export interface AuthorizationWire {
  id: string;
  created_date: string;
  brokerage: {
    id: string; slug: string; name: string; display_name: string; description: string; url: string;
    aws_s3_logo_url: string; aws_s3_square_logo_url: string; enabled: boolean; maintenance_mode: boolean;
    is_degraded: boolean; allows_trading: boolean; brokerage_type: { id: string; name: string };
  };
  name: string;
  type: 'read';
  disabled: boolean;
  disabled_date: string | null;
  meta: Record<string, unknown>;
  updated_date: string;
  is_eligible_for_payout: boolean;
  data_freshness_mode: 'delayed';
}

/** Stable ids for reference data, derived from what they name (SnapTrade's are fixed UUIDs too). */
const refId = (...key: string[]): string => seededUuid(createRng('snaptrade-reference', ...key));

const CURRENCY_NAMES: Record<SimCurrency, string> = { USD: 'US Dollar', CAD: 'Canadian Dollar' };
const currencyWire = (code: SimCurrency): CurrencyWire => ({ id: refId('currency', code), code, name: CURRENCY_NAMES[code] });

/** k / 10^n is the double nearest to the decimal, so it serializes as exactly that decimal. */
const decimal = (scaled: number, scale: number): number => scaled / scale;

function symbolWire(key: SymbolKey): SymbolWire {
  const s = SECURITIES[key];
  return {
    id: refId('symbol', s.symbol),
    symbol: s.symbol,
    raw_symbol: s.exchange.suffix ? s.symbol.slice(0, -s.exchange.suffix.length) : s.symbol,
    description: s.description,
    currency: currencyWire(s.currency),
    exchange: {
      id: refId('exchange', s.exchange.code), code: s.exchange.code, mic_code: s.exchange.micCode, name: s.exchange.name,
      timezone: s.exchange.timezone, start_time: '09:30:00', close_time: '16:00:00', suffix: s.exchange.suffix,
    },
    type: { id: refId('type', s.type), code: s.type, description: s.type === 'et' ? 'ETF' : 'Common Stock', is_supported: true },
    figi_code: s.figi,
    figi_instrument: null,
  };
}

/** The coin a crypto activity is counted in, as a `Symbol` (spec: `currency_universal_symbol`). */
function coinWire(coin: CryptoQuote): SymbolWire {
  return {
    id: refId('symbol', coin), symbol: coin, raw_symbol: coin, description: 'Bitcoin', currency: currencyWire('USD'),
    exchange: { id: refId('exchange', 'CRYPTO'), code: 'CRYPTO', mic_code: '', name: 'Crypto', timezone: 'UTC', start_time: '00:00:00', close_time: '23:59:59', suffix: null },
    type: { id: refId('type', 'crypto'), code: 'crypto', description: 'Cryptocurrency', is_supported: true },
    figi_code: null,
    figi_instrument: null,
  };
}

const SATS = 100_000_000;

export function toActivityWire(a: SimActivity): ActivityWire {
  const scale = a.quote === undefined ? 100 : SATS;
  return {
    id: a.id,
    symbol: a.symbol === null ? null : symbolWire(a.symbol),
    option_symbol: null,
    currency_universal_symbol: a.quote === undefined ? null : coinWire(a.quote),
    price: decimal(a.price, 10_000),
    units: decimal(a.units, 1_000_000),
    amount: decimal(a.amountCents, scale),
    currency: a.quote === undefined ? currencyWire(a.currency) : null,
    type: a.type,
    option_type: '',
    description: a.description,
    trade_date: hasNoTradeDate(a) ? null : pythonDateAt(a.tradeDate, a.tradeSecond),
    settlement_date: pythonDateAt(a.settlementDate, 0),
    fee: decimal(a.feeCents, scale),
    fx_rate: null,
    institution: INSTITUTION_NAME,
    external_reference_id: a.externalReferenceId,
  };
}

export function toAccountWire(sim: BrokerageSim, account: SimAccount): AccountWire {
  return {
    id: account.id,
    brokerage_authorization: sim.authorizationId,
    portfolio_group: refId('portfolio-group', account.id),
    name: account.name,
    number: account.number,
    institution_name: INSTITUTION_NAME,
    created_date: pythonDateTime(sim.createdAt),
    opening_date: null,
    funding_date: null,
    sync_status: {
      transactions: { initial_sync_completed: true, last_successful_sync: sim.syncedThrough, first_transaction_date: sim.firstActivityDate(account.id) },
      holdings: { initial_sync_completed: true, last_successful_sync: pythonDateTime(sim.lastSyncAt), holdings_unavailable: false },
    },
    balance: { total: { amount: decimal(sim.totalValueCents(account), 100), currency: 'USD' } },
    status: 'open',
    raw_type: account.rawType,
    account_category: 'INVESTMENT',
    institution_account_id: account.number,
    meta: { type: account.rawType, institution_name: INSTITUTION_NAME },
    cash_restrictions: [],
    is_paper: false,
  };
}

export function toBalancesWire(sim: BrokerageSim, account: SimAccount): BalanceWire[] {
  return sim.cash(account).map(({ currency, cents }) => ({ currency: currencyWire(currency), cash: decimal(cents, 100), buying_power: decimal(Math.max(0, cents), 100) }));
}

export function toAuthorizationWire(sim: BrokerageSim, state: { disabled: boolean; disabledAt: Date | null; name: string }): AuthorizationWire {
  return {
    id: sim.authorizationId,
    created_date: pythonDateTime(sim.createdAt),
    brokerage: {
      id: refId('brokerage', BROKERAGE_SLUG), slug: BROKERAGE_SLUG, name: INSTITUTION_NAME, display_name: INSTITUTION_NAME,
      description: 'The Ledgerline demo brokerage: seeded, simulated activity.', url: 'https://ledgerline.invalid/demo-brokerage',
      aws_s3_logo_url: 'https://ledgerline.invalid/demo-brokerage/logo.png', aws_s3_square_logo_url: 'https://ledgerline.invalid/demo-brokerage/square.png',
      enabled: true, maintenance_mode: false, is_degraded: false, allows_trading: false,
      brokerage_type: { id: refId('brokerage-type', 'traditional'), name: 'Traditional Brokerage' },
    },
    name: state.name,
    type: 'read',
    disabled: state.disabled,
    disabled_date: state.disabledAt === null ? null : pythonDateTime(state.disabledAt),
    meta: {},
    updated_date: pythonDateTime(sim.lastSyncAt),
    is_eligible_for_payout: false,
    data_freshness_mode: 'delayed',
  };
}

/** api.yaml `AccountPosition` (the unified positions endpoint, GET /accounts/{id}/positions/all). */
export interface PositionWire {
  instrument: {
    kind: 'stock' | 'etf';
    id: string;
    symbol: string;
    raw_symbol: string;
    description: string | null;
    currency: string | null;
    exchange: string | null;
    figi_instrument: null;
  };
  units: string | null;
  price: string | null;
  cost_basis: string | null;
  currency: string | null;
}

export interface PositionsWire {
  results: PositionWire[];
  data_freshness: { as_of: string };
}

/** An integer in 1/10^decimals as an exact decimal string (SnapTrade sends these as strings). */
function scaledString(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = Math.abs(value).toString().padStart(decimals + 1, '0');
  const body = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`.replace(/\.?0+$/, '');
  return negative ? `-${body}` : body;
}

export function toPositionsWire(sim: BrokerageSim, account: SimAccount): PositionsWire {
  return {
    results: sim.positions(account).map((p) => {
      const s = SECURITIES[p.symbol];
      const sym = symbolWire(p.symbol);
      return {
        instrument: {
          kind: s.type === 'et' ? 'etf' : 'stock', id: sym.id, symbol: sym.symbol, raw_symbol: sym.raw_symbol,
          description: s.description, currency: s.currency, exchange: s.exchange.micCode, figi_instrument: null,
        },
        units: scaledString(p.units, 6),
        price: scaledString(p.price, 4),
        cost_basis: scaledString(p.costBasis, 4),
        currency: s.currency,
      };
    }),
    data_freshness: { as_of: sim.lastSyncAt.toISOString() },
  };
}
