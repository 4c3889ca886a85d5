/**
 * One SnapTrade pull: from the checkpoint the renderer stored, re-read each account's trailing
 * window of activity and return it as one update that restates that window.
 *
 * 1. The connection itself: a disabled connection is the only sign SnapTrade lost the brokerage
 *    (its data endpoints keep answering from cache), so it is checked first, every pull.
 * 2. The connection's accounts, with their sync watermarks, then per account its cash balances
 *    and every page of its window (drainActivities: consistent or not at all).
 * 3. One update: the window's rows as upserts, one replace scope per account for that window (so
 *    rows SnapTrade dropped or re-issued under a new id leave it) — starting after any row with no
 *    trade date, which a windowed read cannot see (scopeFrom) — and the new checkpoint as
 *    `nextCursor`. Nothing is returned until every account is read; any failure returns nothing.
 *
 * Transient failures (429, 5xx, timeouts) are retried with bounded backoff; every reply is
 * validated with zod, and a bad one fails the whole pull naming the field.
 *
 * Streaming: the rows reach the page sink as ONE page at the end, not account by account — each
 * account's pages are read twice and kept only if both passes agree (drainActivities), and the
 * update's replace scopes restate every account's window, so a half-read pull must hand over
 * nothing: the rows are held until every account is read.
 */
import type { z } from 'zod';
import type { Account, PullResult, ReplaceScope, SyncError, SyncUpdate, Transaction } from '../../../shared/types';
import type { PageSink } from '../adapter';
import { describeIssue } from '../describeIssue';
import { backoffDelay, waitingRetryAt, withRetryAt, type RetryPolicy } from '../retry';
import { decodeCheckpoint, encodeCheckpoint, markOf, nextMark, scopeFrom, windowFor, type AccountMark, type WindowOptions } from './checkpoint';
import { classifyStatus, classifyThrown, disabledMessage, type SnaptradeFailure } from './classifySnaptradeError';
import { drainActivities } from './drainActivities';
import { accountCurrency, mapSnaptradeAccount, mapSnaptradeActivity, MappingError, snaptradeAccountId } from './mapSnaptrade';
import { headerOf, type RawResponse, type SnaptradeApi, type SnaptradeUser } from './snaptradeClient';
import {
  AccountListSchema, ActivityPageSchema, AuthorizationSchema, BalanceListSchema, type SnaptradeAccount,
} from './snaptradeSchemas';

export interface PullSnaptradeDeps {
  api: SnaptradeApi;
  user: SnaptradeUser;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
  /** Activities per page, 1..1000 (SnapTrade's maximum unless set; tests shrink it). */
  pageSize?: number;
  /** Inconsistent passes over one account's pages before giving up for now. */
  maxRestarts?: number;
  window?: WindowOptions;
}

export interface PullSnaptradeInput {
  connectionId: string;
  authorizationId: string;
  /** The checkpoint stored with the rows, or null before the first sync. */
  cursor: string | null;
}

const MAX_PAGE_SIZE = 1000;

/** Ends the pull with this result (an error or `waiting`): thrown from deep inside, caught at the top. */
class Stop extends Error {
  constructor(readonly result: PullResult) {
    super('SnapTrade pull stopped');
  }
}

/** A rate limit's X-RateLimit-Reset (classifySnaptradeError) says when to try again; else the shared table does. */
function stopWith(deps: PullSnaptradeDeps, error: SyncError, retryAfterMs: number | null = null): Stop {
  return new Stop({ kind: 'error', error: withRetryAt(error, deps.now(), error.code === 'rate_limited' ? retryAfterMs : null) });
}

const badResponse = (message: string, requestId: string | null = null): SyncError => ({ code: 'bad_response', message, retryAt: null, requestId });

/** One request, retried while the failure is transient; its validated body, or a Stop. */
async function call<T>(deps: PullSnaptradeDeps, what: string, send: () => Promise<RawResponse>, schema: z.ZodType<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let failure: SnaptradeFailure;
    try {
      const res = await send();
      if (res.status >= 200 && res.status < 300) {
        const requestId = headerOf(res.headers, 'x-request-id');
        // axios hands back the raw text when a 200 body is not JSON (e.g. cut off mid-response).
        if (typeof res.data === 'string') throw stopWith(deps, badResponse(`SnapTrade sent ${what} that is not valid JSON; nothing was applied.`, requestId));
        const parsed = schema.safeParse(res.data);
        if (!parsed.success) throw stopWith(deps, badResponse(`SnapTrade sent invalid ${what} (${describeIssue(parsed.error)}); nothing was applied.`, requestId));
        return parsed.data;
      }
      failure = classifyStatus(res.status, res.data, res.headers);
    } catch (thrown) {
      if (thrown instanceof Stop) throw thrown;
      const classified = classifyThrown(thrown);
      if (classified === null) throw thrown;
      failure = classified;
    }
    if (failure.kind === 'waiting') {
      throw new Stop({ kind: 'waiting', message: failure.message, retryAt: waitingRetryAt(deps.now()) });
    }
    if (failure.kind === 'fatal') throw stopWith(deps, failure.error);
    if (attempt + 1 >= deps.retry.attempts) throw stopWith(deps, failure.error, failure.retryAfterMs);
    await deps.sleep(backoffDelay(deps.retry, attempt, deps.random));
  }
}

const watermarkOf = (account: SnaptradeAccount): string | null => account.sync_status.transactions?.last_successful_sync?.slice(0, 10) ?? null;

export async function pullSnaptrade(deps: PullSnaptradeDeps, input: PullSnaptradeInput, sink: PageSink): Promise<PullResult> {
  let read: { update: SyncUpdate; upserts: Transaction[] };
  try {
    read = await pull(deps, input);
  } catch (e) {
    if (e instanceof Stop) return e.result;
    if (e instanceof MappingError || e instanceof RangeError) {
      return stopWith(deps, badResponse(`SnapTrade sent an activity or balance we could not read: ${e.message}`)).result;
    }
    throw e;
  }
  await sink.page(read.upserts, []);
  return { kind: 'update', update: read.update };
}

/** The update's header and, apart, its rows (for the sink). */
async function pull(deps: PullSnaptradeDeps, input: PullSnaptradeInput): Promise<{ update: SyncUpdate; upserts: Transaction[] }> {
  const { api, user } = deps;
  const { authorizationId, connectionId } = input;
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, deps.pageSize ?? MAX_PAGE_SIZE));

  const authorization = await call(deps, 'the connection', () => api.authorizationDetail({ ...user, authorizationId }), AuthorizationSchema);
  if (authorization.disabled === true) {
    const brokerage = authorization.brokerage?.display_name ?? authorization.brokerage?.name ?? null;
    throw stopWith(deps, { code: 'needs_reauth', message: disabledMessage(brokerage), retryAt: null, requestId: null });
  }

  const accounts = (await call(deps, 'the account list', () => api.listAccounts(user), AccountListSchema))
    .filter((a) => a.brokerage_authorization === authorizationId)
    .sort((a, b) => a.id.localeCompare(b.id));
  if (accounts.length > 0 && accounts.every((a) => a.sync_status.transactions?.initial_sync_completed === false)) {
    throw new Stop({ kind: 'waiting', message: 'SnapTrade is still importing this brokerage\'s history.', retryAt: waitingRetryAt(deps.now()) });
  }

  const checkpoint = decodeCheckpoint(input.cursor, authorizationId);
  const today = deps.now().toISOString().slice(0, 10);
  const marks: Record<string, AccountMark> = {};
  const mappedAccounts: Account[] = [];
  const upserts = new Map<string, Transaction>();
  const replace: ReplaceScope[] = [];
  let pages = 0;
  let restarts = 0;

  for (const account of accounts) {
    const accountId = account.id;
    const balances = await call(deps, `the balances of account ${accountId}`, () => api.accountBalances({ ...user, accountId }), BalanceListSchema);
    const currency = accountCurrency(account, balances);
    const watermark = watermarkOf(account);
    const mark = markOf(checkpoint, accountId, accounts.map((a) => a.id));
    const window = windowFor(mark, watermark, today, deps.window);
    const drained = await drainActivities(
      (offset) => call(deps, `an activity page of account ${accountId}`, () => api.accountActivities({
        ...user, accountId, ...(window.startDate === null ? {} : { startDate: window.startDate }), offset, limit,
      }), ActivityPageSchema),
      { limit, maxRestarts: deps.maxRestarts ?? 5 },
    );
    pages += drained.pages;
    restarts += drained.restarts;
    if (drained.kind === 'unstable') {
      throw stopWith(deps, {
        code: 'provider_unavailable', retryAt: null, requestId: null,
        message: `SnapTrade's activity kept changing while it was being read (${drained.restarts} attempts); will try again.`,
      });
    }
    let undated: string | null = null;
    for (const row of drained.rows) {
      const tx = mapSnaptradeActivity(row, { connectionId, accountId, accountCurrency: currency });
      upserts.set(tx.id, tx);
      if (!row.trade_date && (undated === null || tx.date > undated)) undated = tx.date;
    }
    // Never restate a date a windowed read could not have returned every row of (checkpoint.ts).
    replace.push({ accountIds: [snaptradeAccountId(accountId)], from: scopeFrom(window, mark, undated), to: null, pendingOnly: false });
    marks[accountId] = nextMark(mark, window, watermark, today, undated);
    mappedAccounts.push(mapSnaptradeAccount(account, balances, connectionId));
  }

  const update: SyncUpdate = {
    pullId: crypto.randomUUID(),
    connectionId,
    fromCursor: input.cursor,
    nextCursor: encodeCheckpoint({ v: 1, auth: authorizationId, accounts: marks }),
    accounts: mappedAccounts,
    upserts: [],
    removals: [],
    replace,
    pulledAt: deps.now().toISOString(),
    pages,
    restarts,
  };
  return { update, upserts: [...upserts.values()] };
}
