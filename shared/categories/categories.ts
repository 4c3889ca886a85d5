/**
 * Ledgerline's one readable category set, and the mapping from each provider's categories onto it.
 * STUB — owned by the categories work (issue 7); the signatures below are the contract others use.
 */
export type CategoryId = string;

export interface CategoryInfo {
  id: CategoryId;
  label: string;
  /** Money in (income, refunds, dividends…) or out; transfers are neither. */
  kind: 'income' | 'spending' | 'transfer' | 'investment';
}

export const CATEGORIES: readonly CategoryInfo[] = [];

/** The provider's raw category (Plaid PFC, MoneyKit dotted) or SnapTrade activity type → one category id. */
export function normalizeCategory(_tx: { category: string | null; activityType?: string | null; amountMinor: number }): CategoryId {
  return 'uncategorized';
}
