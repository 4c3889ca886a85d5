/** An item as Plaid's /item/get shows it, and the item an access token addresses (or the error Plaid answers). */
import { PlaidError } from './errors';
import type { Context, JsonObject } from './http';
import { requiredString } from './http';
import type { PlaidItem } from './items';
import { INSTITUTION } from './wire';

export function resolveItem(ctx: Context, options: { allowLoginRequired: boolean }): PlaidItem {
  const found = ctx.store.itemForAccessToken(requiredString(ctx.body, 'access_token'));
  if (found === 'unknown') throw new PlaidError('INVALID_ACCESS_TOKEN');
  if (found === 'removed') throw new PlaidError('ITEM_NOT_FOUND');
  if (found.faults.loginRequired === true && !options.allowLoginRequired) {
    found.lastFailedUpdate = ctx.store.now();
    throw new PlaidError('ITEM_LOGIN_REQUIRED');
  }
  return found;
}

export function itemWire(item: PlaidItem, requestId: string): JsonObject {
  return {
    item_id: item.itemId,
    institution_id: item.institutionId,
    institution_name: INSTITUTION.name,
    webhook: null,
    error: item.faults.loginRequired === true ? new PlaidError('ITEM_LOGIN_REQUIRED').toWire(requestId) : null,
    available_products: ['balance'],
    billed_products: ['transactions'],
    products: ['transactions'],
    consented_products: ['transactions'],
    consent_expiration_time: null,
    update_type: 'background',
    auth_method: null,
    created_at: item.createdAt.toISOString(),
  };
}
