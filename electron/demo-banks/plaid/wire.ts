/**
 * The Plaid demo bank's wire shapes — accounts, transactions, a /transactions/sync page — and how a
 * simulated ledger's accounts and transactions are written in them (amounts in Plaid's sign
 * convention, enrichment as Plaid reports it).
 */
import type { LedgerSim, SimAccount, SimTransaction } from '../ledger/ledgerSim';

export const INSTITUTION = { id: 'ins_109508', name: 'First Platypus Bank' } as const;
export interface PlaidAccountWire {
  account_id: string;
  balances: {
    available: number | null;
    current: number | null;
    limit: number | null;
    iso_currency_code: string | null;
    unofficial_currency_code: string | null;
  };
  mask: string | null;
  name: string;
  official_name: string | null;
  type: 'depository' | 'credit';
  subtype: string | null;
}

type AllNull<K extends string> = Record<K, null>;

export interface PlaidTransactionWire {
  account_id: string;
  amount: number;
  iso_currency_code: string | null;
  unofficial_currency_code: string | null;
  category: string[] | null;
  category_id: string | null;
  check_number: string | null;
  date: string;
  datetime: string | null;
  authorized_date: string | null;
  authorized_datetime: string | null;
  location: AllNull<'address' | 'city' | 'region' | 'postal_code' | 'country' | 'lat' | 'lon' | 'store_number'>;
  name: string;
  merchant_name: string | null;
  merchant_entity_id: string | null;
  logo_url: string | null;
  website: string | null;
  payment_meta: AllNull<'reference_number' | 'ppd_id' | 'payee' | 'by_order_of' | 'payer' | 'payment_method' | 'payment_processor' | 'reason'>;
  payment_channel: 'online' | 'in store' | 'other';
  pending: boolean;
  pending_transaction_id: string | null;
  account_owner: string | null;
  transaction_id: string;
  transaction_code: string | null;
  transaction_type: 'digital' | 'place' | 'special' | 'unresolved';
  personal_finance_category: { primary: string; detailed: string; confidence_level: string | null };
  counterparties: {
    name: string;
    type: 'merchant';
    website: string | null;
    logo_url: string | null;
    entity_id: string | null;
    confidence_level: string | null;
  }[];
}

export interface PlaidRemovedWire {
  transaction_id: string;
  account_id: string;
}

export type TransactionsUpdateStatus = 'NOT_READY' | 'HISTORICAL_UPDATE_COMPLETE';

export interface SyncPageWire {
  accounts: PlaidAccountWire[];
  added: PlaidTransactionWire[];
  modified: PlaidTransactionWire[];
  removed: PlaidRemovedWire[];
  next_cursor: string;
  has_more: boolean;
  transactions_update_status: TransactionsUpdateStatus;
}

const cents = (value: number): number => value / 100; // k/100 always prints with at most 2 decimals

export function toAccountWire(ledger: LedgerSim, account: SimAccount): PlaidAccountWire {
  const balance = ledger.balance(account);
  return {
    account_id: account.id,
    balances: {
      available: cents(balance.availableCents),
      current: cents(balance.currentCents),
      limit: balance.limitCents === null ? null : cents(balance.limitCents),
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    },
    mask: account.mask,
    name: account.name,
    official_name: account.officialName,
    type: account.type,
    subtype: account.subtype,
  };
}

const TRANSACTION_TYPE = { online: 'digital', 'in store': 'place', other: 'special' } as const;

export function toTransactionWire(txn: SimTransaction): PlaidTransactionWire {
  const { payee } = txn;
  // Enrichment follows merchant_name: a row still showing its raw descriptor is not yet matched.
  const enriched = txn.merchantName !== null;
  return {
    account_id: txn.accountId,
    amount: cents(txn.amountCents),
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    category: [...payee.category.legacy],
    category_id: payee.category.legacyId,
    check_number: null,
    date: txn.date,
    datetime: null,
    authorized_date: txn.authorizedDate,
    authorized_datetime: null,
    location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
    name: txn.name,
    merchant_name: txn.merchantName,
    merchant_entity_id: enriched ? payee.entityId : null,
    logo_url: null,
    website: enriched ? payee.website : null,
    payment_meta: {
      reference_number: null, ppd_id: null, payee: null, by_order_of: null,
      payer: null, payment_method: null, payment_processor: null, reason: null,
    },
    payment_channel: payee.channel,
    pending: txn.pending,
    pending_transaction_id: txn.pendingTransactionId,
    account_owner: null,
    transaction_id: txn.id,
    transaction_code: null,
    transaction_type: TRANSACTION_TYPE[payee.channel],
    personal_finance_category: { primary: payee.category.primary, detailed: payee.category.detailed, confidence_level: 'VERY_HIGH' },
    counterparties:
      enriched && payee.merchant
        ? [{ name: payee.name, type: 'merchant', website: payee.website, logo_url: null, entity_id: payee.entityId, confidence_level: 'VERY_HIGH' }]
        : [],
  };
}
