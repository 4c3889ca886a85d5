/** GET /links/{id}/transactions/sync on the demo bank: one page of the link's feed, faults applied. */
import { MoneykitApiError, invalidInput } from './errors';
import { delay } from '../common/http';
import { takeDelay, takeFault } from '../common/faults';
import { malform } from './faults';
import type { Context, Reply } from './http';
import { linkWire, resolveLink } from './linkState';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './syncFeed';
import { toAccountWire, toTransactionWire, type TransactionSyncWire } from './wire';

function pageSize(query: URLSearchParams): number {
  const raw = query.get('size');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const size = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw invalidInput(['query', 'size'], `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return size;
}

export async function transactionsSync(ctx: Context): Promise<Reply> {
  const size = pageSize(ctx.query);
  const cursor = ctx.query.get('cursor') ?? undefined;
  const link = resolveLink(ctx, { allowBadState: false });
  const { faults } = link;
  const wait = takeDelay(faults);
  if (wait > 0) await delay(wait);
  if (takeFault(faults, 'rateLimit')) {
    const seconds = faults.retryAfterSeconds ?? 30;
    const retryAfter = faults.retryAfterHttpDate === true ? new Date(ctx.store.now().getTime() + seconds * 1000).toUTCString() : String(seconds);
    throw new MoneykitApiError('api_error.rate_limit_exceeded', { retryAfter });
  }
  if (takeFault(faults, 'serverError')) throw new MoneykitApiError('api_error.internal_server_error');

  const page = link.feed.page(cursor, size);
  const now = ctx.store.now();
  const body: TransactionSyncWire = {
    transactions: { created: [], updated: [], removed: [] },
    accounts: link.ledger.accounts.map((account) => toAccountWire(link.ledger, account, now)),
    cursor: { next: page.next },
    has_more: page.hasMore,
    link: linkWire(link),
  };
  for (const entry of page.entries) {
    if (entry.kind === 'removed') body.transactions.removed.push(entry.txn.id);
    else body.transactions[entry.kind].push(toTransactionWire(entry.txn));
  }
  // The bank keeps moving while a client pages: the drain goes on from its cursor regardless.
  if (page.hasMore && takeFault(faults, 'growDuringPagination')) ctx.store.advance(link.linkId, 1);
  if (takeFault(faults, 'truncatedJson')) {
    const text = JSON.stringify(body);
    return { status: 200, raw: text.slice(0, Math.floor(text.length / 2)) };
  }
  if (takeFault(faults, 'malformed')) return { status: 200, body: malform(body) };
  return { status: 200, body };
}
