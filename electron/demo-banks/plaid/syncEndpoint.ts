/** /transactions/sync on the Plaid demo bank: one page of the item's log, faults applied. */
import { delay } from '../common/http';
import { takeDelay, takeFault } from '../common/faults';
import { PlaidError } from './errors';
import { malform } from './faults';
import { ok, optionalObject, type Context, type JsonObject, type Reply } from './http';
import { resolveItem } from './itemState';
import { buildSyncPage } from './syncPage';

function syncCount(body: JsonObject): number {
  const count = body.count ?? 100;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 500) {
    throw new PlaidError('INVALID_FIELD', 'count must be an integer between 1 and 500');
  }
  return count as number;
}

function optionalCursor(body: JsonObject): string | undefined {
  const cursor = body.cursor;
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string') throw new PlaidError('INVALID_FIELD', 'cursor must be a string');
  if (cursor.length > 256) throw new PlaidError('INVALID_FIELD', 'cursor must be at most 256 characters');
  return cursor;
}

export async function transactionsSync(ctx: Context): Promise<Reply> {
  const count = syncCount(ctx.body);
  const cursor = optionalCursor(ctx.body);
  if (optionalObject(ctx.body, 'options')?.account_id !== undefined) {
    throw new PlaidError('INVALID_FIELD', 'options.account_id is not supported by the demo bank');
  }
  const item = resolveItem(ctx, { allowLoginRequired: false });
  const { faults } = item;
  const wait = takeDelay(faults);
  if (wait > 0) await delay(wait);
  if (takeFault(faults, 'rateLimit')) throw new PlaidError('TRANSACTIONS_SYNC_LIMIT');
  if (takeFault(faults, 'serverError')) throw new PlaidError('INTERNAL_SERVER_ERROR');
  if (takeFault(faults, 'institutionDown')) {
    item.lastFailedUpdate = ctx.store.now();
    throw new PlaidError('INSTITUTION_DOWN');
  }
  if (takeFault(faults, 'notReady')) {
    return ok({ accounts: [], added: [], modified: [], removed: [], next_cursor: '', has_more: false, transactions_update_status: 'NOT_READY', request_id: ctx.requestId });
  }

  const page = buildSyncPage(item.itemId, item.ledger, cursor, count);
  if (page.has_more && takeFault(faults, 'mutationDuringPagination')) ctx.store.advance(item.itemId, 1);
  const body = { ...page, request_id: ctx.requestId };
  if (takeFault(faults, 'truncatedJson')) {
    const text = JSON.stringify(body);
    return { status: 200, raw: text.slice(0, Math.floor(text.length / 2)) };
  }
  if (takeFault(faults, 'malformed')) return ok(malform(body) as JsonObject);
  return ok(body);
}
