/**
 * Drains MoneyKit's `GET /links/{id}/transactions/sync` from one starting cursor into one
 * normalized update: pages are collected in memory, following `cursor.next`, and nothing is
 * returned until `has_more` is false (MoneyKit says the feed MUST be drained; a partial drain would
 * also restate only part of the pending set, see foldDrain.ts). Transient failures — 429 (honouring
 * Retry-After), 5xx, timeouts, network errors — are retried per page with the shared bounded
 * backoff; anything else ends the pull with nothing applied. The cursor it returns is a checkpoint
 * wrapping MoneyKit's (checkpoint.ts), unique to the pull.
 *
 * Streaming: the rows reach the page sink as ONE page at the end, folded, not page by page —
 * whether the drain restates the pending set (the replace scope) is known only once every page is
 * read (foldDrain.ts), and the pages fold into that decision, so they are held until the drain ends.
 */
import type { PullResult, SyncError, SyncUpdate } from '../../../shared/types';
import type { PageSink } from '../adapter';
import { backoffDelay, waitingRetryAt, withRetryAt, type RetryPolicy } from '../retry';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { classifyMoneykitError } from './classifyMoneykitError';
import { foldDrain, refreshedAtOf, type FoldedDrain } from './foldDrain';
import type { MoneykitSyncPage } from './moneykitSchemas';

export interface MoneykitSyncApi {
  syncTransactions(linkId: string, query: { cursor: string | null; size: number }): Promise<MoneykitSyncPage>;
}

export interface PullMoneykitDeps {
  api: MoneykitSyncApi;
  retry: RetryPolicy;
  /** `size` per page (1..500); MoneyKit's maximum unless set. Tests shrink it to force many pages. */
  pageSize?: number;
  /** A drain longer than this is a server that never says "no more" (500 × 2000 = a million rows). */
  maxPages?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
}

export interface PullMoneykitInput {
  connectionId: string;
  /** MoneyKit's link_id (the connection's external id). */
  linkId: string;
  /** The stored checkpoint (see checkpoint.ts), or null for a first sync. */
  cursor: string | null;
}

export const MONEYKIT_MAX_PAGE_SIZE = 500;

export async function pullMoneykit(deps: PullMoneykitDeps, input: PullMoneykitInput, sink: PageSink): Promise<PullResult> {
  const maxPages = deps.maxPages ?? 2000;
  // Retry-After, when MoneyKit sent one, says when to try again; else the shared table does.
  const failed = (error: SyncError, retryAfterMs: number | null = null): PullResult => ({ kind: 'error', error: withRetryAt(error, deps.now(), retryAfterMs) });
  const badResponse = (message: string): PullResult => failed({ code: 'bad_response', message, retryAt: null, requestId: null });

  const pages: MoneykitSyncPage[] = [];
  const stored = decodeCheckpoint(input.cursor);
  let cursor = stored.serverCursor;
  for (;;) {
    const got = await fetchPage(deps, input.linkId, cursor);
    if (got.kind === 'error') return failed(got.error, got.retryAfterMs);
    const page = got.page;
    pages.push(page);
    if (!page.has_more) break;
    const next = page.cursor.next;
    if (!next) return badResponse('MoneyKit said more pages follow but sent no cursor for them; nothing was applied.');
    if (next === cursor) return badResponse('MoneyKit\'s cursor did not advance between pages; nothing was applied.');
    if (pages.length >= maxPages) return badResponse(`MoneyKit kept sending pages (${pages.length}); nothing was applied.`);
    cursor = next;
  }

  const last = pages[pages.length - 1];
  // A last page without `cursor.next` leaves the position where it was: keep the cursor we sent.
  const serverNext = last?.cursor.next || cursor;
  if (!serverNext) {
    const empty = pages.every((p) => p.transactions.created.length + p.transactions.updated.length + p.transactions.removed.length === 0);
    if (empty) {
      return { kind: 'waiting', message: 'MoneyKit is still fetching transactions from the bank.', retryAt: waitingRetryAt(deps.now()) };
    }
    return badResponse('MoneyKit sent transactions without a cursor to continue from; nothing was applied.');
  }

  let folded: FoldedDrain;
  try {
    folded = foldDrain(pages, input.connectionId, {
      previousRefreshedAtMs: stored.refreshedAtMs,
      completeHistory: stored.serverCursor === null,
    });
  } catch (e) {
    if (e instanceof RangeError) return badResponse(`MoneyKit sent an amount we could not read (${e.message}); nothing was applied.`);
    throw e;
  }
  await sink.page(folded.upserts, folded.removals);
  const pullId = crypto.randomUUID();
  const update: SyncUpdate = {
    pullId,
    connectionId: input.connectionId,
    fromCursor: input.cursor,
    // The refresh this drain has accounted for: a later one replaces the pendings next time.
    nextCursor: encodeCheckpoint(pullId, serverNext, laterOf(refreshedAtOf(pages[0]), stored.refreshedAtMs)),
    accounts: folded.accounts,
    upserts: [],
    removals: [],
    replace: folded.replace,
    pulledAt: deps.now().toISOString(),
    pages: pages.length,
    // MoneyKit has no mutation-during-pagination error, so a drain never starts over.
    restarts: 0,
  };
  return { kind: 'update', update };
}

const laterOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

type PageResult = { kind: 'page'; page: MoneykitSyncPage } | { kind: 'error'; error: SyncError; retryAfterMs: number | null };

async function fetchPage(deps: PullMoneykitDeps, linkId: string, cursor: string | null): Promise<PageResult> {
  const size = Math.min(MONEYKIT_MAX_PAGE_SIZE, Math.max(1, deps.pageSize ?? MONEYKIT_MAX_PAGE_SIZE));
  for (let attempt = 0; ; attempt++) {
    try {
      return { kind: 'page', page: await deps.api.syncTransactions(linkId, { cursor, size }) };
    } catch (thrown) {
      const decision = classifyMoneykitError(thrown);
      if (decision.kind === 'fatal') return { kind: 'error', error: decision.error, retryAfterMs: null };
      const { error, retryAfterMs } = decision;
      if (attempt + 1 >= deps.retry.attempts) return { kind: 'error', error, retryAfterMs };
      // A Retry-After beyond what one sync may wait ends this pull; the connection shows when to retry.
      if (retryAfterMs !== null && retryAfterMs > deps.retry.capMs) return { kind: 'error', error, retryAfterMs };
      await deps.sleep(Math.max(retryAfterMs ?? 0, backoffDelay(deps.retry, attempt, deps.random)));
    }
  }
}
