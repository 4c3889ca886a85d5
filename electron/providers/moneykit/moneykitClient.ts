/**
 * A typed `fetch` client for the MoneyKit API (there is no server SDK on npm): OAuth client
 * credentials, `MoneyKit-Version` on every call, a timeout on every request, every response
 * validated with zod. Failures are thrown as MoneykitRequestError (see moneykitFailure.ts); tokens
 * and the client secret never appear in one, and each token is reported to `onSecret` so the log
 * can redact it should it ever reach a line.
 */
import { z } from 'zod';
import { describeIssue } from '../describeIssue';
import { AccessTokenCache, type IssuedToken } from './accessTokenCache';
import { MoneykitRequestError, type MoneykitFailure } from './moneykitFailure';
import {
  AccessTokenSchema, ExchangeTokenSchema, LinkCommonSchema, LinkSessionSchema, MoneykitAccountSchema, MoneykitErrorSchema, TransactionSyncSchema,
  type LinkCommon, type MoneykitAccount, type MoneykitSyncPage,
} from './moneykitSchemas';
import { parseRetryAfter } from './retryAfter';

/** A reply whose body is not read (DELETE answers with none). */
const EmptyBodySchema = z.unknown();

export const MONEYKIT_API_VERSION = '2023-02-18';
export const MONEYKIT_BASE_URL = 'https://api.moneykit.com';

export interface MoneykitProfile {
  /** https://api.moneykit.com, or the demo bank's http://127.0.0.1:<port>. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request, body included. */
  timeoutMs: number;
}

export interface MoneykitClientOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Told every token the client obtains (access and link-session tokens), e.g. Logger.addSecret. */
  onSecret?: (value: string) => void;
}

export type MoneykitProductName = 'accounts' | 'transactions';

export interface CreateLinkSessionRequest {
  customer_user: { id: string };
  redirect_uri: string;
  existing_link_id?: string;
  institution_id?: string;
  settings?: { products?: { transactions?: { required?: boolean; prefetch?: boolean } } };
}

const EXPIRED = 'api_error.auth.expired_access_token';
const UNAUTHORIZED = 'api_error.auth.unauthorized';

interface CallSpec<T> {
  /** For errors: the operation with its path template, e.g. `GET /links/{id}/transactions/sync`. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | null>;
  json?: unknown;
  ok: readonly number[];
  schema: z.ZodType<T>;
}

export class MoneykitClient {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private readonly tokens: AccessTokenCache;

  constructor(
    private readonly profile: MoneykitProfile,
    private readonly options: MoneykitClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => new Date());
    this.tokens = new AccessTokenCache(() => this.issueToken(), this.now);
    options.onSecret?.(profile.clientSecret);
  }

  /** One page of `GET /links/{id}/transactions/sync`. */
  syncTransactions(linkId: string, query: { cursor: string | null; size: number }): Promise<MoneykitSyncPage> {
    return this.call({
      operation: 'GET /links/{id}/transactions/sync',
      method: 'GET',
      path: `/links/${encodeURIComponent(linkId)}/transactions/sync`,
      query: { cursor: query.cursor, size: query.size },
      ok: [200],
      schema: TransactionSyncSchema,
    });
  }

  /** Asks MoneyKit to fetch fresh data from the institution (asynchronous: 202). */
  requestRefresh(linkId: string, products: readonly MoneykitProductName[]): Promise<LinkCommon> {
    return this.call({
      operation: 'POST /links/{id}/products',
      method: 'POST',
      path: `/links/${encodeURIComponent(linkId)}/products`,
      json: { products },
      ok: [202, 200],
      schema: LinkCommonSchema,
    });
  }

  getLink(linkId: string): Promise<LinkCommon> {
    return this.call({ operation: 'GET /links/{id}', method: 'GET', path: `/links/${encodeURIComponent(linkId)}`, ok: [200], schema: LinkCommonSchema });
  }

  /** GET /links/{id}/accounts: the link's accounts (masks, for recognising a second link to the same login). */
  async getAccounts(linkId: string): Promise<{ accounts: MoneykitAccount[]; link: LinkCommon }> {
    return this.call({
      operation: 'GET /links/{id}/accounts',
      method: 'GET',
      path: `/links/${encodeURIComponent(linkId)}/accounts`,
      ok: [200],
      schema: z.object({ accounts: z.array(MoneykitAccountSchema), link: LinkCommonSchema }),
    });
  }

  /** DELETE /links/{id}: MoneyKit forgets the link (2xx with an empty body). */
  async deleteLink(linkId: string): Promise<void> {
    await this.call({
      operation: 'DELETE /links/{id}', method: 'DELETE', path: `/links/${encodeURIComponent(linkId)}`, ok: [204, 200, 202], schema: EmptyBodySchema,
    });
  }

  /**
   * Proves the client id and secret work: a fresh POST /auth/token (a cached token is not proof),
   * touching no link. Throws MoneykitRequestError as every call does.
   */
  async verifyCredentials(): Promise<void> {
    await this.issueToken();
  }

  async createLinkSession(request: CreateLinkSessionRequest): Promise<string> {
    const { link_session_token: token } = await this.call({
      operation: 'POST /link-session', method: 'POST', path: '/link-session', json: request, ok: [201, 200], schema: LinkSessionSchema,
    });
    this.options.onSecret?.(token);
    return token;
  }

  async exchangeToken(exchangeableToken: string): Promise<LinkCommon> {
    const { link } = await this.call({
      operation: 'POST /link-session/exchange-token',
      method: 'POST',
      path: '/link-session/exchange-token',
      json: { exchangeable_token: exchangeableToken },
      ok: [201, 200],
      schema: ExchangeTokenSchema,
    });
    return link;
  }

  /**
   * One authenticated call. A 401 saying the token expired — or that it is not valid at all, which
   * is what a token issued before a key rotation or an API restart looks like — renews the token
   * and retries once; a second 401 is final (then it is the credentials themselves).
   */
  private async call<T>(spec: CallSpec<T>): Promise<T> {
    for (let renewed = false; ; renewed = true) {
      const token = await this.tokens.get();
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.send(spec.operation, spec.method, this.url(spec.path, spec.query), headers, body);
      if (res.status === 401 && !renewed) {
        const failure = httpFailure(res, this.now());
        if (failure.kind === 'http' && (failure.errorCode === EXPIRED || failure.errorCode === UNAUTHORIZED)) {
          this.tokens.invalidate(token);
          continue;
        }
        throw new MoneykitRequestError(spec.operation, failure);
      }
      return this.read(spec.operation, res, spec.ok, spec.schema);
    }
  }

  private async issueToken(): Promise<IssuedToken> {
    const operation = 'POST /auth/token';
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.profile.clientId, client_secret: this.profile.clientSecret });
    const res = await this.send(operation, 'POST', this.url('/auth/token'), { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
    const data = await this.read(operation, res, [201, 200], AccessTokenSchema);
    this.options.onSecret?.(data.access_token);
    return { token: data.access_token, expiresInSeconds: data.expires_in };
  }

  private url(path: string, query: CallSpec<unknown>['query'] = {}): string {
    const url = new URL(path, this.profile.baseUrl.endsWith('/') ? this.profile.baseUrl : `${this.profile.baseUrl}/`);
    for (const [key, value] of Object.entries(query)) if (value !== null) url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** fetch with the version header and a timeout that covers the body too; transport failures become `network`. */
  private async send(operation: string, method: string, url: string, headers: Record<string, string>, body?: string): Promise<BufferedResponse> {
    try {
      const res = await this.fetchImpl(url, {
        method,
        headers: { accept: 'application/json', 'moneykit-version': MONEYKIT_API_VERSION, ...headers },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.profile.timeoutMs),
        redirect: 'error',
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (e) {
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      // The thrown error is dropped: undici's carries the request, which must not travel further.
      throw new MoneykitRequestError(operation, { kind: 'network', reason: timeout ? 'timeout' : 'unreachable' });
    }
  }

  private async read<T>(operation: string, res: BufferedResponse, ok: readonly number[], schema: z.ZodType<T>): Promise<T> {
    if (!ok.includes(res.status)) throw new MoneykitRequestError(operation, httpFailure(res, this.now()));
    if (schema === EmptyBodySchema) return undefined as T;
    const requestId = res.headers.get('x-request-id');
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new MoneykitRequestError(operation, { kind: 'invalid', detail: 'the response is not valid JSON', requestId });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new MoneykitRequestError(operation, { kind: 'invalid', detail: describeIssue(parsed.error), requestId });
    return parsed.data;
  }
}

interface BufferedResponse {
  status: number;
  headers: Headers;
  text: string;
}

function httpFailure(res: BufferedResponse, now: Date): MoneykitFailure {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    body = undefined;
  }
  const parsed = MoneykitErrorSchema.safeParse(body);
  const error = parsed.success ? parsed.data : null;
  const location = error?.validation_errors?.[0]?.location;
  return {
    kind: 'http',
    status: res.status,
    errorCode: error?.error_code ?? null,
    linkErrorCode: error?.link_error_code ?? null,
    invalidField: location === undefined ? null : location.join('.'),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now),
    requestId: res.headers.get('x-request-id'),
  };
}

export function createMoneykitClient(profile: MoneykitProfile, options: MoneykitClientOptions = {}): MoneykitClient {
  return new MoneykitClient(profile, options);
}
