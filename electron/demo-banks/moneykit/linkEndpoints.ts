/** The demo bank's link endpoints: link sessions and their exchange, links, accounts, and refreshes. */
import { MoneykitApiError, invalidInput } from './errors';
import { readJsonObject, type Context, type JsonObject, type Reply } from './http';
import { linkWire, resolveLink } from './linkState';
import { PRODUCTS, toAccountWire, type MoneykitProduct } from './wire';

function objectField(body: JsonObject, field: string, location: string[]): JsonObject | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidInput([...location, field], 'must be an object');
  return value as JsonObject;
}

export async function createLinkSession(ctx: Context): Promise<Reply> {
  const body = await readJsonObject(ctx.req);
  const user = objectField(body, 'customer_user', ['body']);
  const userId = user?.id;
  if (typeof userId !== 'string' || userId.length < 4 || userId.length > 150) {
    throw invalidInput(['body', 'customer_user', 'id'], 'must be a string of 4 to 150 characters');
  }
  const redirect = body.redirect_uri;
  if (typeof redirect !== 'string' || redirect.length < 1 || redirect.length > 65_536 || redirect.includes('?')) {
    throw invalidInput(['body', 'redirect_uri'], 'must be a URI without a query string');
  }
  const existing = body.existing_link_id;
  if (existing !== undefined && existing !== null && typeof existing !== 'string') throw invalidInput(['body', 'existing_link_id'], 'must be a string');
  if (typeof existing === 'string' && ctx.store.link(existing) === undefined) throw new MoneykitApiError('link_error.not_found');
  // Every demo link has its data prefetched, whatever settings.products.transactions.prefetch says.
  const token = ctx.store.createSession(userId, typeof existing === 'string' ? existing : null, redirect);
  return { status: 201, body: { link_session_token: token } };
}

export async function exchangeToken(ctx: Context): Promise<Reply> {
  const body = await readJsonObject(ctx.req);
  const token = body.exchangeable_token;
  if (typeof token !== 'string' || token === '') throw invalidInput(['body', 'exchangeable_token'], 'field required');
  const link = ctx.store.exchange(token);
  if (link === 'invalid') throw new MoneykitApiError('link_session_error.invalid_token_exchange');
  return { status: 201, body: { link_id: link.linkId, link: linkWire(link) } };
}

export function getLink(ctx: Context): Reply {
  // A link whose login broke still answers, and a deleted one stays readable with state "deleted":
  // polling it is how clients learn its state.
  return { status: 200, body: linkWire(resolveLink(ctx, { allowBadState: true, allowDeleted: true })) };
}

export function deleteLink(ctx: Context): Reply {
  const link = resolveLink(ctx, { allowBadState: true });
  ctx.store.deleteLink(link.linkId);
  return { status: 204 };
}

export function getAccounts(ctx: Context): Reply {
  const link = resolveLink(ctx, { allowBadState: false });
  const now = ctx.store.now();
  return { status: 200, body: { accounts: link.ledger.accounts.map((a) => toAccountWire(link.ledger, a, now)), link: linkWire(link) } };
}

export async function refreshProducts(ctx: Context): Promise<Reply> {
  const body = await readJsonObject(ctx.req);
  const products = body.products;
  if (!Array.isArray(products) || products.length === 0 || !products.every((p) => PRODUCTS.includes(p as MoneykitProduct))) {
    throw invalidInput(['body', 'products'], `must be a non-empty list of ${PRODUCTS.join(', ')}`);
  }
  const link = resolveLink(ctx, { allowBadState: false });
  const result = ctx.store.requestRefresh(link.linkId);
  if (!result.accepted) {
    throw new MoneykitApiError('api_error.rate_limit_exceeded', {
      message: 'This link was refreshed too recently.',
      retryAfter: String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))),
    });
  }
  return { status: 202, body: linkWire(link) };
}
