/**
 * What the Plaid demo bank's endpoints need of its items: the store they serve from. The endpoints
 * know nothing about how items are kept (itemStore.ts is the one the bank uses).
 */
import type { LedgerSim } from '../ledger/ledgerSim';
import type { FaultPlan } from './faults';

export interface PlaidItem {
  readonly itemId: string;
  readonly institutionId: string;
  readonly createdAt: Date;
  readonly ledger: LedgerSim;
  /** Live fault counters; the handler consumes them. */
  readonly faults: FaultPlan;
  lastFailedUpdate: Date | null;
}

export interface PlaidStore {
  now(): Date;
  credentialsMatch(clientId: string, secret: string): boolean;
  /** Creates a new item and returns it with a fresh public token for it. */
  createItem(institutionId: string): { publicToken: string; item: PlaidItem };
  /** A live (not removed) item, or null. */
  itemById(itemId: string): PlaidItem | null;
  /** Records a token issued outside the store (a link token), for secret-leak tests. */
  noteIssued(token: string): void;
  exchangePublicToken(publicToken: string): { accessToken: string; itemId: string } | 'unknown' | 'expired';
  /** Resolves an access token, first catching the item's ledger up with elapsed time. */
  itemForAccessToken(accessToken: string): PlaidItem | 'unknown' | 'removed';
  removeItem(itemId: string): void;
  advance(itemId: string, steps: number): void;
  /** What `/transactions/refresh` makes happen at the bank: one step, or a burst queued for it. */
  refresh(itemId: string): void;
}
