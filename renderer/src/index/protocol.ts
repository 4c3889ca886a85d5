/** Messages between the ledger index client (main thread) and its worker. */
import type { Budget, BudgetRequest } from '../budgets/computeBudget';
import type { Insights, InsightsRequest } from '../insights/computeInsights';
import type { NetWorth, NetWorthRequest } from '../netWorth/computeNetWorth';
import type { Patterns, PatternsRequest } from '../ledger/patterns';
import type { TxFilter } from '../search/filter';
import type { IndexChange } from './notify';
import type { SearchResult } from './types';

export type ToWorker =
  | { type: 'init'; dbName: string }
  | { type: 'search'; seq: number; filter: TxFilter }
  | { type: 'insights'; seq: number; request: InsightsRequest }
  | { type: 'budget'; seq: number; request: BudgetRequest }
  | { type: 'netWorth'; seq: number; request: NetWorthRequest }
  | { type: 'patterns'; seq: number; request: PatternsRequest };

export type FromWorker =
  | { type: 'ready'; size: number }
  | { type: 'changed'; size: number }
  | { type: 'search'; seq: number; result: SearchResult }
  | { type: 'insights'; seq: number; result: Insights }
  | { type: 'budget'; seq: number; result: Budget }
  | { type: 'netWorth'; seq: number; result: NetWorth }
  | { type: 'patterns'; seq: number; result: Patterns }
  | { type: 'failed'; seq: number | null; message: string };

/** The BroadcastChannel every window's index listens on, one per database. */
export const indexChannelName = (dbName: string): string => `ledgerline-index:${dbName}`;

export type { IndexChange };
