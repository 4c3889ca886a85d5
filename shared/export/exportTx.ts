/**
 * One transaction as an export writes it: the stored row flattened with what the user sees next to
 * it (the effective category's label, the account's name and mask, the user's note). Built by the
 * renderer (renderer/src/export), written by `csv.ts` and `ofx.ts`. Pure data, no I/O.
 */
export interface ExportTx {
  id: string;
  accountId: string;
  /** YYYY-MM-DD: the posted date, or the day it happened for a pending row. */
  date: string;
  description: string;
  merchant: string | null;
  /** The label of the effective category (the user's, else a rule's, else the provider's normalized). */
  categoryLabel: string;
  /** Integer minor units; positive = money into the account. */
  amountMinor: number;
  currency: string;
  pending: boolean;
  accountName: string;
  accountMask: string | null;
  note: string | null;
  // Investment activity (SnapTrade); null on bank rows.
  activityType: string | null;
  symbol: string | null;
  /** Exact decimal strings, as stored. */
  units: string | null;
  price: string | null;
  /** Minor units of `currency`. */
  feeMinor: number | null;
  /** The user excluded it from budgets and reports (the CSV's Excluded column says `yes`). */
  excluded?: boolean;
  /** The user's tags (normalized, without `#`). */
  tags?: readonly string[] | null;
}
