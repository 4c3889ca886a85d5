/**
 * One provider's way of linking an account: where the user signs in, and how main learns the
 * result. Drivers are built from the user's settings (never for demo connections) and know nothing
 * of flows, ids, duplicates or the registry — services/link/linkFlows.ts does that once for every provider.
 */
import type { ConnectionRecord } from '../core/connectionStore';

/** What a finished sign-in produced. */
export interface LinkedAccountSet {
  /** The provider's id for the connection: Plaid item_id, MoneyKit link_id, SnapTrade authorization id. */
  externalId: string;
  institutionName: string;
  institutionId: string | null;
  /** Account masks ("0000"), to recognise a second link to the same accounts. */
  accountMasks: string[];
  /** The connection's own secret (Plaid's access token); null for providers with app-wide secrets. */
  accessToken: string | null;
}

export type LinkPoll =
  | { state: 'waiting' }
  | { state: 'done'; result: LinkedAccountSet }
  /** Re-authentication finished: the existing connection works again. */
  | { state: 'repaired' }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' };

export interface LinkSession {
  /** The page the user signs in on (system browser). */
  url: string;
  /**
   * Asks the provider how the sign-in is going. `callback` holds the query parameters of a
   * redirect the provider sent to `callbackUrl` (MoneyKit, SnapTrade), or null while none arrived.
   */
  poll(callback: Record<string, string> | null): Promise<LinkPoll>;
  /** Tells the provider to forget a result Ledgerline will not keep (a duplicate). */
  discard(result: LinkedAccountSet): Promise<void>;
}

export interface LinkDriver {
  /**
   * Starts a sign-in: a new connection, or — with `reauth` — repairing an existing one.
   * `callbackUrl` is a loopback URL main listens on, for providers that redirect back.
   */
  begin(input: { reauth: ConnectionRecord | null; callbackUrl: string }): Promise<LinkSession>;
}
