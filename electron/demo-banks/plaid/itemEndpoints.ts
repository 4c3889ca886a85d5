/**
 * The Plaid demo bank's item endpoints: making an item (/sandbox/public_token/create, Plaid's own
 * test-environment shortcut, and the public-token exchange), refreshing it, and reading and
 * removing it.
 */
import { PlaidError } from './errors';
import { ok, optionalObject, requiredString, type Context, type Reply } from './http';
import { itemWire, resolveItem } from './itemState';
import { INSTITUTION, toAccountWire } from './wire';

export function transactionsRefresh(ctx: Context): Reply {
  const item = resolveItem(ctx, { allowLoginRequired: false });
  ctx.store.refresh(item.itemId);
  return ok({ request_id: ctx.requestId });
}

export function accountsGet(ctx: Context): Reply {
  const item = resolveItem(ctx, { allowLoginRequired: false });
  const wanted = optionalObject(ctx.body, 'options')?.account_ids;
  let accounts = item.ledger.accounts;
  if (wanted !== undefined) {
    if (!Array.isArray(wanted) || !wanted.every((id) => typeof id === 'string')) {
      throw new PlaidError('INVALID_FIELD', 'options.account_ids must be an array of strings');
    }
    if (!wanted.every((id) => accounts.some((a) => a.id === id))) throw new PlaidError('INVALID_ACCOUNT_ID');
    accounts = accounts.filter((a) => wanted.includes(a.id));
  }
  return ok({
    accounts: accounts.map((account) => toAccountWire(item.ledger, account)),
    item: itemWire(item, ctx.requestId),
    request_id: ctx.requestId,
  });
}

export function itemGet(ctx: Context): Reply {
  // Login-required items still answer /item/get: it is how clients learn about the error.
  const item = resolveItem(ctx, { allowLoginRequired: true });
  const lastStep = item.ledger.stepTimes.at(-1);
  return ok({
    item: itemWire(item, ctx.requestId),
    status: {
      transactions: {
        last_successful_update: lastStep ?? item.createdAt.toISOString(),
        last_failed_update: item.lastFailedUpdate?.toISOString() ?? null,
      },
      last_webhook: null,
    },
    request_id: ctx.requestId,
  });
}

export function itemRemove(ctx: Context): Reply {
  // Removing must work even when the login is broken: it is how users disconnect a dead item.
  const item = resolveItem(ctx, { allowLoginRequired: true });
  ctx.store.removeItem(item.itemId);
  return ok({ request_id: ctx.requestId });
}

export function sandboxPublicTokenCreate(ctx: Context): Reply {
  const institutionId = requiredString(ctx.body, 'institution_id');
  const products = ctx.body.initial_products;
  if (products === undefined || products === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: initial_products');
  if (!Array.isArray(products) || !products.includes('transactions')) {
    throw new PlaidError('INVALID_FIELD', 'initial_products must be an array that includes "transactions"');
  }
  if (institutionId !== INSTITUTION.id) throw new PlaidError('INVALID_INSTITUTION');
  return ok({ public_token: ctx.store.createItem(institutionId).publicToken, request_id: ctx.requestId });
}

export function publicTokenExchange(ctx: Context): Reply {
  const result = ctx.store.exchangePublicToken(requiredString(ctx.body, 'public_token'));
  if (result === 'unknown') throw new PlaidError('INVALID_PUBLIC_TOKEN');
  if (result === 'expired') {
    throw new PlaidError('INVALID_PUBLIC_TOKEN', 'provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged');
  }
  return ok({ access_token: result.accessToken, item_id: result.itemId, request_id: ctx.requestId });
}
