/**
 * Plaid Link on the demo bank: link tokens (/link/token/create, also in update mode to repair an
 * item's login) and their sessions (/link/token/get, how an app without webhooks learns the
 * outcome). The Hosted Link page that completes a session is hostedLink.ts.
 */
import { randomUUID } from 'node:crypto';
import type { PlaidErrorWire } from './errors';
import { PlaidError } from './errors';
import { httpUrl, isoSeconds, ok, optionalObject, optionalString, requiredString, type Context, type JsonObject, type Reply } from './http';
import { resolveItem } from './itemState';

const NEW_LINK_TTL_MS = 4 * 3600 * 1000;
const UPDATE_LINK_TTL_MS = 30 * 60 * 1000;
/** Plaid keeps a session's data for 6 h after it ends; tokens are forgotten that long after expiry. */
const LINK_RETENTION_MS = 6 * 3600 * 1000;

interface HostedLinkAccount { id: string; name: string; mask: string | null; type: string; subtype: string | null }

export interface LinkSessionState {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  itemAdd: { public_token: string; accounts: HostedLinkAccount[]; institution: { name: string; institution_id: string } } | null;
  exit: { error: PlaidErrorWire | null; metadata: JsonObject } | null;
}

export interface LinkTokenState {
  linkToken: string;
  createdAt: Date;
  expiresAt: Date;
  clientName: string;
  language: string;
  countryCodes: string[];
  products: string[];
  hosted: boolean;
  completionRedirectUri: string | null;
  /** Update mode: the item whose login this token repairs. */
  updateItemId: string | null;
  session: LinkSessionState | null;
}

/** Link tokens live in memory only: a restarted bank forgets unfinished sign-ins, as a closed browser would. */
export class LinkTokens {
  private readonly tokens = new Map<string, LinkTokenState>();

  add(state: LinkTokenState, now: Date): void {
    for (const [token, old] of this.tokens) {
      if (now.getTime() - old.expiresAt.getTime() > LINK_RETENTION_MS) this.tokens.delete(token);
    }
    this.tokens.set(state.linkToken, state);
  }

  get(linkToken: string): LinkTokenState | undefined {
    return this.tokens.get(linkToken);
  }
}

/**
 * /link/token/create: validates the fields Plaid requires and issues a link token. With
 * `hosted_link` it also returns `hosted_link_url`, the demo bank's consent page; with `access_token`
 * the token is for update mode (repairing that item's login) and `products` must be omitted.
 */
export function linkTokenCreate(ctx: Context): Reply {
  const clientName = requiredString(ctx.body, 'client_name');
  if (clientName.length > 30) throw new PlaidError('INVALID_FIELD', 'client_name must be at most 30 characters');
  const language = requiredString(ctx.body, 'language');
  const countries = ctx.body.country_codes;
  if (countries === undefined || countries === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: country_codes');
  if (!Array.isArray(countries) || countries.length === 0 || !countries.every((c) => typeof c === 'string')) {
    throw new PlaidError('INVALID_FIELD', 'country_codes must be a non-empty array of strings');
  }
  const user = optionalObject(ctx.body, 'user');
  if (user === undefined) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: user');
  requiredString(user, 'client_user_id');
  const accessToken = optionalString(ctx.body, 'access_token');
  const products = ctx.body.products;
  if (accessToken !== undefined) {
    if (products !== undefined && products !== null) throw new PlaidError('INVALID_FIELD', 'products must be omitted in update mode (with access_token)');
  } else {
    if (products === undefined || products === null) throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: products');
    if (!Array.isArray(products) || products.length === 0 || !products.every((p) => p === 'transactions')) {
      throw new PlaidError('INVALID_FIELD', 'products: the demo bank offers only "transactions"');
    }
  }
  const days = optionalObject(ctx.body, 'transactions')?.days_requested;
  if (days !== undefined && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 730)) {
    throw new PlaidError('INVALID_FIELD', 'transactions.days_requested must be an integer between 1 and 730');
  }
  const hostedLink = optionalObject(ctx.body, 'hosted_link');
  const redirect = hostedLink === undefined ? undefined : optionalString(hostedLink, 'completion_redirect_uri');
  if (redirect !== undefined) httpUrl(redirect, 'hosted_link.completion_redirect_uri');

  let updateItemId: string | null = null;
  if (accessToken !== undefined) {
    // Update mode exists for items whose login broke, so a login-required item is accepted.
    updateItemId = resolveItem(ctx, { allowLoginRequired: true }).itemId;
  }
  const now = ctx.store.now();
  const expiresAt = new Date(now.getTime() + (updateItemId === null ? NEW_LINK_TTL_MS : UPDATE_LINK_TTL_MS));
  const linkToken = `link-sandbox-${randomUUID()}`;
  ctx.store.noteIssued(linkToken);
  ctx.links.add(
    {
      linkToken, createdAt: now, expiresAt, clientName, language, countryCodes: countries as string[],
      products: updateItemId === null ? (products as string[]) : [], hosted: hostedLink !== undefined,
      completionRedirectUri: redirect ?? null, updateItemId, session: null,
    },
    now,
  );
  return ok({
    link_token: linkToken,
    expiration: isoSeconds(expiresAt),
    ...(hostedLink !== undefined && { hosted_link_url: `${ctx.publicUrl()}/hosted-link/${linkToken}` }),
    request_id: ctx.requestId,
  });
}

function sessionWire(session: LinkSessionState): JsonObject {
  const succeeded = session.finishedAt !== null && session.exit === null;
  return {
    link_session_id: session.id,
    started_at: isoSeconds(session.startedAt),
    finished_at: session.finishedAt === null ? null : isoSeconds(session.finishedAt),
    results: succeeded ? { item_add_results: session.itemAdd === null ? [] : [session.itemAdd], cra_item_add_results: [] } : null,
    exit: session.exit,
    events: [],
  };
}

/** /link/token/get: the token's sessions, which is how an app without webhooks learns the outcome. */
export function linkTokenGet(ctx: Context): Reply {
  const state = ctx.links.get(requiredString(ctx.body, 'link_token'));
  if (state === undefined) throw new PlaidError('INVALID_LINK_TOKEN');
  return ok({
    link_token: state.linkToken,
    created_at: isoSeconds(state.createdAt),
    expiration: isoSeconds(state.expiresAt),
    link_sessions: state.session === null ? [] : [sessionWire(state.session)],
    metadata: {
      initial_products: state.products,
      webhook: null,
      country_codes: state.countryCodes,
      language: state.language,
      institution_data: null,
      account_filters: null,
      redirect_uri: null,
      client_name: state.clientName,
    },
    request_id: ctx.requestId,
  });
}
