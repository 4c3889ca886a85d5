/** What the sync service needs from each provider. Adapters never see the renderer. */
import type { AccountHoldings } from '../../shared/holdings';
import type { RefreshResult } from '../../shared/ipc/contract';
import type { PullResult, Transaction } from '../../shared/types';

/**
 * Where an adapter hands its rows: each provider page as soon as it is read and mapped, instead of
 * folding the pages into one update in memory. Within a page its upserts come before its removals;
 * across pages the later word on an id wins. The consumer is either the stream to the renderer
 * (services/pullStreams.ts, a first sync) or a folding sink (foldingSink.ts, `sync:pull`). `page`
 * resolves when the consumer can take more (backpressure) and rejects when the stream was
 * abandoned, which ends the pull.
 */
export interface PageSink {
  page(upserts: Transaction[], removals: string[]): Promise<void>;
  /** Every page handed over so far is void: the provider restarted its page loop. */
  restart(): Promise<void>;
}

/** Which connection to act on, as the provider knows it. */
export interface ConnectionRef {
  connectionId: string;
  /** The provider's id for the connection: Plaid item_id, MoneyKit link_id, SnapTrade authorization id. */
  externalId: string;
  /** The connection's own secret from the keychain (Plaid's access token); null for providers whose secrets are app-wide. */
  accessToken: string | null;
}

export interface ProviderAdapter {
  /** Whether each connection has its own secret (`connection:<id>:access-token`) that must be present. */
  readonly perConnectionToken: boolean;
  /**
   * One normalized update from `cursor` (the provider's cursor, or a checkpoint the adapter
   * synthesized). Every adapter hands its rows to `sink` and returns the update's header: accounts,
   * replace scopes, cursors, with `upserts` and `removals` always empty. An adapter that pages a
   * change feed hands each page as it is read (Plaid); one whose rules need the whole read first
   * hands its folded result as one page at the end (MoneyKit, SnapTrade — each says why).
   */
  pull(input: ConnectionRef & { cursor: string | null }, sink: PageSink): Promise<PullResult>;
  /**
   * Asks the provider to fetch fresh data from the institution (Plaid /transactions/refresh,
   * MoneyKit POST /links/{id}/products, SnapTrade POST /authorizations/{id}/transactions/sync).
   */
  refresh(input: ConnectionRef): Promise<RefreshResult>;
  /**
   * Tells the provider to forget the connection (Plaid /item/remove, MoneyKit DELETE /links/{id},
   * SnapTrade DELETE /authorizations/{id}). Never throws for a provider failure: it says what
   * happened, in fixed words that carry no secret.
   */
  remove(input: ConnectionRef): Promise<RemovalOutcome>;
  /**
   * The connection's investment positions, read now (SnapTrade: GET /accounts/{id}/positions/all).
   * Absent for providers Ledgerline reads no holdings from. Throws a UserFacingError on failure.
   */
  holdings?(input: ConnectionRef): Promise<AccountHoldings[]>;
}

/**
 * `removed`: the provider no longer knows the connection (`alreadyGone`: it had forgotten it before
 * we asked). `failed`: it could not be told — offline, down, or our keys refused — `reason` says which.
 */
export type RemovalOutcome = { kind: 'removed'; alreadyGone: boolean } | { kind: 'failed'; reason: string };
