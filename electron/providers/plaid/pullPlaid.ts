/**
 * Drains Plaid's `/transactions/sync` from one starting cursor into one normalized update, by
 * Plaid's rules: pages are collected in memory and nothing is returned until `has_more` is false;
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION discards every page and starts again from the
 * starting cursor. Transient failures are retried with bounded backoff — on the first page in
 * place, and after it by restarting the whole loop from the starting cursor too: Plaid's docs say
 * to restart pagination from the cursor of the update's first page when ANY page fails, never to
 * retry the failed page (issue 14). With a page sink (a
 * streamed first sync) each page goes to the sink as soon as it is read instead, a restart is
 * announced to it, and the result is the update's header alone.
 */
import type { PullResult, SyncError, SyncUpdate, Transaction } from '../../../shared/types';
import type { PageSink } from '../adapter';
import { describeIssue } from '../describeIssue';
import { backoffDelay, type RetryPolicy } from '../retry';
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

const RETRY_LATER_MS: Record<SyncError['code'], number> = {
  rate_limited: 60_000, provider_unavailable: 5 * 60_000, bad_response: 15 * 60_000,
  needs_reauth: 0, disconnected: 0, credentials: 0, internal: 15 * 60_000,
  action_at_bank: 0, institution_unavailable: 30 * 60_000,
};

export async function pullPlaid(deps: PullPlaidDeps, input: PullPlaidInput, sink?: PageSink): Promise<PullResult> {
  const maxRestarts = deps.maxRestarts ?? 5;
  const failed = (error: SyncError): PullResult => {
    const wait = RETRY_LATER_MS[error.code];
    const retryAt = wait > 0 ? new Date(deps.now().getTime() + wait).toISOString() : null;
    return { kind: 'error', error: { ...error, retryAt } };
  };

  let transient = 0;
  for (let restarts = 0; ; restarts++) {
    if (restarts > maxRestarts) {
      return failed({
        code: 'provider_unavailable',
        message: `The bank's data kept changing while it was being read (${restarts} attempts); will try again.`,
        retryAt: null, requestId: null,
      });
    }
    const pages: PlaidSyncPage[] = [];
    const streamedAccounts = new Map<string, PlaidSyncPage['accounts'][number]>();
    let streamed = 0;
    let cursor = input.cursor;
    let restart = false;
    for (;;) {
      const firstPage = cursor === input.cursor && pages.length === 0 && streamed === 0;
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
        if (sink && streamed > 0) await sink.restart();
        break;
      }
      if (got.kind === 'error') return failed(got.error);
      const page = got.page;
      if (page.transactions_update_status === 'NOT_READY' && page.next_cursor === '') {
        return {
          kind: 'waiting',
          message: 'The bank is still preparing transactions.',
          retryAt: new Date(deps.now().getTime() + 60_000).toISOString(),
        };
      }
      if (page.next_cursor === '') {
        return failed({ code: 'bad_response', message: 'Plaid sent an empty next_cursor.', retryAt: null, requestId: page.request_id ?? null });
      }
      if (sink) {
        const mapped = mapPage(input, page);
        if ('error' in mapped) return failed(mapped.error);
        await sink.page(mapped.upserts, mapped.removals);
        streamed++;
        for (const a of page.accounts) streamedAccounts.set(a.account_id, a);
        pages.splice(0, pages.length, page); // only the last page's header (and its accounts, kept above) is needed
      } else {
        pages.push(page);
      }
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    if (restart) continue;
    const fresh = await currentAccounts(deps, input.accessToken);
    if (sink) return { kind: 'update', update: withAccounts(input, header(input, pages, streamed, restarts, deps.now()), [...streamedAccounts.values()], fresh) };
    try {
      const merged = merge(input, pages, restarts, deps.now());
      return { kind: 'update', update: withAccounts(input, merged, pages.flatMap((p) => p.accounts), fresh) };
    } catch (e) {
      if (e instanceof MappingError || e instanceof RangeError) {
        return failed({ code: 'bad_response', message: `Plaid sent a transaction we could not read: ${e.message}`, retryAt: null, requestId: null });
      }
      throw e;
    }
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
  const byId = new Map<string, WireAccount>();
  for (const a of [...fromPages, ...(fresh ?? [])]) byId.set(a.account_id, a);
  return { ...update, accounts: [...byId.values()].map((a) => mapPlaidAccount(a, input.connectionId)) };
}

/** One page, mapped for a sink; a row we cannot read fails the whole pull (nothing is applied). */
function mapPage(input: PullPlaidInput, page: PlaidSyncPage): { upserts: Transaction[]; removals: string[] } | { error: SyncError } {
  try {
    return {
      upserts: [...page.added, ...page.modified].map((t) => mapPlaidTransaction(t, input.connectionId)),
      removals: page.removed.map((r) => plaidTxId(r.transaction_id)),
    };
  } catch (e) {
    if (e instanceof MappingError || e instanceof RangeError) {
      return { error: { code: 'bad_response', message: `Plaid sent a transaction we could not read: ${e.message}`, retryAt: null, requestId: null } };
    }
    throw e;
  }
}

/** The update's header for a streamed pull: its rows went to the sink. */
function header(input: PullPlaidInput, pages: PlaidSyncPage[], count: number, restarts: number, now: Date): SyncUpdate {
  const last = pages[pages.length - 1];
  if (!last) throw new Error('a pull reads at least one page');
  return {
    pullId: crypto.randomUUID(), connectionId: input.connectionId, fromCursor: input.cursor, nextCursor: last.next_cursor,
    accounts: last.accounts.map((a) => mapPlaidAccount(a, input.connectionId)),
    upserts: [], removals: [], replace: [], pulledAt: now.toISOString(), pages: count, restarts,
  };
}

/** Folds the pages, in order, into one set of upserts and removals (the last word on an id wins). */
function merge(input: PullPlaidInput, pages: PlaidSyncPage[], restarts: number, now: Date) {
  const upserts = new Map<string, Transaction>();
  const removals = new Set<string>();
  for (const page of pages) {
    for (const t of [...page.added, ...page.modified]) {
      const tx = mapPlaidTransaction(t, input.connectionId);
      removals.delete(tx.id);
      upserts.set(tx.id, tx);
    }
    for (const r of page.removed) {
      const id = plaidTxId(r.transaction_id);
      upserts.delete(id);
      removals.add(id);
    }
  }
  const last = pages[pages.length - 1];
  if (!last) throw new Error('merge needs at least one page');
  return {
    pullId: crypto.randomUUID(),
    connectionId: input.connectionId,
    fromCursor: input.cursor,
    nextCursor: last.next_cursor,
    accounts: last.accounts.map((a) => mapPlaidAccount(a, input.connectionId)),
    upserts: [...upserts.values()],
    removals: [...removals],
    replace: [],
    pulledAt: now.toISOString(),
    pages: pages.length,
    restarts,
  };
}
