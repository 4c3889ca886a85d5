/**
 * Drains Plaid's `/transactions/sync` from one starting cursor into one normalized update, by
 * Plaid's rules: nothing is returned until `has_more` is false;
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION discards every page and starts again from the
 * starting cursor. Transient failures are retried with bounded backoff — on the first page in
 * place, and after it by restarting the whole loop from the starting cursor too: Plaid's docs say
 * to restart pagination from the cursor of the update's first page when ANY page fails, never to
 * retry the failed page (issue 14). Each page goes to the page sink as soon as it is read and
 * mapped (the stream to the renderer, or the folding sink that makes one update of them: the
 * shared fold, shared/sync/fold.ts), a restart is announced to it, and the result is the update's
 * header alone. A row that cannot be read fails the whole pull, so nothing handed over is applied.
 */
import { latestById } from '../../../shared/sync/fold';
import type { PullResult, SyncError, SyncUpdate, Transaction } from '../../../shared/types';
import type { PageSink } from '../adapter';
import { describeIssue } from '../describeIssue';
import { backoffDelay, waitingRetryAt, withRetryAt, type RetryPolicy } from '../retry';
import { classifyPlaidError } from './classifyPlaidError';
import { mapPlaidAccount, mapPlaidTransaction, MappingError, plaidTxId } from './mapPlaid';
import { PlaidAccountsGetSchema, PlaidSyncPageSchema, type PlaidSyncPage } from './plaidSchemas';

export interface PlaidSyncApi {
  transactionsSync(req: { access_token: string; cursor?: string; count?: number }): Promise<{ data: unknown }>;
  /**
   * `/accounts/get`: every account with its balances as of the item's last update (free, cached;
   * `/accounts/balance/get` is the paid real-time call, not used by a background sync).
   */
  accountsGet?(req: { access_token: string }): Promise<{ data: unknown }>;
}

export interface PullPlaidDeps {
  api: PlaidSyncApi;
  retry: RetryPolicy;
  /** Restarts allowed after mutation during pagination before giving up for now. */
  maxRestarts?: number;
  pageSize?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
}

export interface PullPlaidInput {
  connectionId: string;
  accessToken: string;
  cursor: string | null;
}

export async function pullPlaid(deps: PullPlaidDeps, input: PullPlaidInput, sink: PageSink): Promise<PullResult> {
  const maxRestarts = deps.maxRestarts ?? 5;
  const failed = (error: SyncError): PullResult => ({ kind: 'error', error: withRetryAt(error, deps.now()) });

  let transient = 0;
  for (let restarts = 0; ; restarts++) {
    if (restarts > maxRestarts) {
      return failed({
        code: 'provider_unavailable',
        message: `The bank's data kept changing while it was being read (${restarts} attempts); will try again.`,
        retryAt: null, requestId: null,
      });
    }
    let last: PlaidSyncPage | null = null; // only the last page's header is needed
    const accounts = new Map<string, WireAccount>();
    let streamed = 0;
    let cursor = input.cursor;
    let restart = false;
    for (;;) {
      const firstPage = cursor === input.cursor && streamed === 0;
      const got = await fetchPage(deps, input.accessToken, cursor, firstPage);
      if (got.kind === 'restart' || got.kind === 'transient') {
        if (got.kind === 'transient') {
          // A failure mid-pagination: start over from the first page's cursor, with the same
          // bounded backoff a page retry would have had (the restart itself is not counted as a
          // mutation restart).
          if (++transient >= deps.retry.attempts) return failed(got.error);
          await deps.sleep(backoffDelay(deps.retry, transient - 1, deps.random));
          restarts--;
        }
        restart = true;
        if (streamed > 0) await sink.restart();
        break;
      }
      if (got.kind === 'error') return failed(got.error);
      const page = got.page;
      if (page.transactions_update_status === 'NOT_READY' && page.next_cursor === '') {
        return {
          kind: 'waiting',
          message: 'The bank is still preparing transactions.',
          retryAt: waitingRetryAt(deps.now()),
        };
      }
      if (page.next_cursor === '') {
        return failed({ code: 'bad_response', message: 'Plaid sent an empty next_cursor.', retryAt: null, requestId: page.request_id ?? null });
      }
      const mapped = mapPage(input, page);
      if ('error' in mapped) return failed(mapped.error);
      await sink.page(mapped.upserts, mapped.removals);
      streamed++;
      for (const a of page.accounts) accounts.set(a.account_id, a);
      last = page;
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    if (restart) continue;
    if (!last) throw new Error('a pull reads at least one page');
    const fresh = await currentAccounts(deps, input.accessToken);
    return { kind: 'update', update: withAccounts(input, header(input, last, streamed, restarts, deps.now()), [...accounts.values()], fresh) };
  }
}

type PageResult =
  | { kind: 'page'; page: PlaidSyncPage }
  | { kind: 'restart' }
  /** A retryable failure after the first page: the caller restarts from the starting cursor. */
  | { kind: 'transient'; error: SyncError }
  | { kind: 'error'; error: SyncError };

async function fetchPage(deps: PullPlaidDeps, accessToken: string, cursor: string | null, firstPage: boolean): Promise<PageResult> {
  for (let attempt = 0; ; attempt++) {
    let data: unknown;
    try {
      const res = await deps.api.transactionsSync({
        access_token: accessToken,
        ...(cursor === null ? {} : { cursor }),
        count: deps.pageSize ?? 500,
      });
      data = res.data;
    } catch (thrown) {
      const failure = classifyPlaidError(thrown);
      if (failure.kind === 'restart') return failure;
      if (failure.kind === 'fatal') return { kind: 'error', error: failure.error };
      if (!firstPage) return { kind: 'transient', error: failure.error };
      if (attempt + 1 >= deps.retry.attempts) return { kind: 'error', error: failure.error };
      await deps.sleep(backoffDelay(deps.retry, attempt, deps.random));
      continue;
    }
    if (typeof data === 'string') {
      // axios hands back the raw text when a 200 body is not JSON (e.g. cut off mid-response).
      return { kind: 'error', error: { code: 'bad_response', message: 'Plaid sent a response that is not valid JSON; nothing was applied.', retryAt: null, requestId: null } };
    }
    const parsed = PlaidSyncPageSchema.safeParse(data);
    if (!parsed.success) {
      return {
        kind: 'error',
        error: { code: 'bad_response', message: `Plaid sent an invalid page (${describeIssue(parsed.error)}); nothing was applied.`, retryAt: null, requestId: null },
      };
    }
    return { kind: 'page', page: parsed.data };
  }
}

type WireAccount = PlaidSyncPage['accounts'][number];

/**
 * Today's balances for every account of the item, or null when they cannot be had now. A sync page
 * lists "only accounts that have associated transactions" in it, so an account with nothing new
 * would keep a stale balance; a failure here costs only that freshness, never the transactions.
 */
async function currentAccounts(deps: PullPlaidDeps, accessToken: string): Promise<WireAccount[] | null> {
  if (!deps.api.accountsGet) return null;
  try {
    const parsed = PlaidAccountsGetSchema.safeParse((await deps.api.accountsGet({ access_token: accessToken })).data);
    return parsed.success ? parsed.data.accounts : null;
  } catch {
    // Never keep the thrown object: an AxiosError's config carries the API secret.
    return null;
  }
}

/** The update's accounts: every page's (later pages win), then /accounts/get's over them. */
function withAccounts(input: PullPlaidInput, update: SyncUpdate, fromPages: readonly WireAccount[], fresh: readonly WireAccount[] | null): SyncUpdate {
  const latest = latestById([...fromPages, ...(fresh ?? [])], (a) => a.account_id);
  return { ...update, accounts: latest.map((a) => mapPlaidAccount(a, input.connectionId)) };
}

/** One page's rows, mapped; throws MappingError or RangeError on a row we cannot read. */
function mapRows(input: PullPlaidInput, page: PlaidSyncPage): { upserts: Transaction[]; removals: string[] } {
  return {
    upserts: [...page.added, ...page.modified].map((t) => mapPlaidTransaction(t, input.connectionId)),
    removals: page.removed.map((r) => plaidTxId(r.transaction_id)),
  };
}

const unreadable = (e: Error): SyncError => ({ code: 'bad_response', message: `Plaid sent a transaction we could not read: ${e.message}`, retryAt: null, requestId: null });

/** One page, mapped for the sink; a row we cannot read fails the whole pull (nothing is applied). */
function mapPage(input: PullPlaidInput, page: PlaidSyncPage): ReturnType<typeof mapRows> | { error: SyncError } {
  try {
    return mapRows(input, page);
  } catch (e) {
    if (e instanceof MappingError || e instanceof RangeError) return { error: unreadable(e) };
    throw e;
  }
}

/** The update's header: its rows went to the sink. */
function header(input: PullPlaidInput, last: PlaidSyncPage, count: number, restarts: number, now: Date): SyncUpdate {
  return {
    pullId: crypto.randomUUID(), connectionId: input.connectionId, fromCursor: input.cursor, nextCursor: last.next_cursor,
    accounts: last.accounts.map((a) => mapPlaidAccount(a, input.connectionId)),
    upserts: [], removals: [], replace: [], pulledAt: now.toISOString(), pages: count, restarts,
  };
}
