/**
 * Turns a SnapTrade error reply, or a transport failure, into one decision: retry the request,
 * wait, or stop with a user-facing error. Never keeps a thrown object: the SDK's errors carry the
 * request URL, whose query string holds the user secret.
 */
import type { SyncError } from '../../../shared/types';
import { networkFailure } from '../networkFailure';
import type { ProviderFailure } from '../provider';
import { headerOf } from './snaptradeClient';
import { ErrorBodySchema } from './snaptradeSchemas';

/**
 * The shared failure (provider.ts) without `restart` (a drain that changes under it is re-read by
 * drainActivities, not signalled by an error). A retry's `retryAfterMs` is X-RateLimit-Reset, when
 * SnapTrade sends one; `waiting` is 425: SnapTrade is still populating the resource.
 */
export type SnaptradeFailure = Exclude<ProviderFailure, { kind: 'restart' }>;

/** What the user sees for a disabled connection: SnapTrade lost access to the brokerage until the user reconnects. */
export const disabledMessage = (brokerage?: string | null): string =>
  `SnapTrade can no longer reach ${brokerage ? brokerage : 'this brokerage'}: the connection is disabled — reconnect it to resume syncing.`;

const err = (code: SyncError['code'], message: string, requestId: string | null): SyncError => ({ code, message, retryAt: null, requestId });

/** SnapTrade's error code as a string (`"3003"`), from `code` or the spec's `default_code`. */
export function errorCode(body: unknown): string | null {
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const code = parsed.data.code ?? parsed.data.default_code;
  return code === undefined ? null : String(code);
}

/** An HTTP reply that was not 2xx. */
export function classifyStatus(status: number, body: unknown, headers: unknown): SnaptradeFailure {
  const requestId = headerOf(headers, 'x-request-id');
  const code = errorCode(body);
  const tag = code === null ? `HTTP ${status}` : `HTTP ${status}, code ${code}`;
  if (status === 429) {
    const reset = Number(headerOf(headers, 'x-ratelimit-reset'));
    return {
      kind: 'retry',
      error: err('rate_limited', 'SnapTrade is rate-limiting Ledgerline; it will try again shortly.', requestId),
      retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : null,
    };
  }
  if (status === 401) {
    const message = code === '1083'
      ? 'SnapTrade did not accept Ledgerline\'s SnapTrade user (its user ID or secret is wrong). Check the SnapTrade settings.'
      : 'SnapTrade refused Ledgerline\'s API keys: the request signature did not verify. Check the SnapTrade client ID and consumer key in Settings.';
    return { kind: 'fatal', error: err('credentials', message, requestId) };
  }
  if (status === 402 && (code === '3003' || code === '3011')) return { kind: 'fatal', error: err('needs_reauth', disabledMessage(), requestId) };
  if (status === 404) {
    return { kind: 'fatal', error: err('disconnected', 'SnapTrade no longer knows this connection or account; it was removed.', requestId) };
  }
  if (status === 425) return { kind: 'waiting', message: 'SnapTrade is still preparing this connection\'s data.' };
  if (status >= 500) {
    const message = code === '3002' ? 'The brokerage is not answering SnapTrade right now.' : `SnapTrade had a server error (${tag}).`;
    return { kind: 'retry', error: err('provider_unavailable', message, requestId), retryAfterMs: null };
  }
  return { kind: 'fatal', error: err('internal', `SnapTrade refused the request (${tag}).`, requestId) };
}

/**
 * A thrown transport failure (the SDK's SnaptradeError without a response). Null for anything else
 * — a bug, not a provider failure — which the caller rethrows so it is logged as one.
 */
export function classifyThrown(thrown: unknown): SnaptradeFailure | null {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as { name?: unknown; code?: unknown; status?: unknown; message?: unknown; responseBody?: unknown };
  // Only if the client were built without validateStatus: an HTTP error the SDK turned into a throw.
  if (e.name === 'SnaptradeError' && typeof e.status === 'number') return classifyStatus(e.status, e.responseBody, null);
  if (e.name === 'SnaptradeError') {
    return { kind: 'retry', error: err('provider_unavailable', `SnapTrade ${networkFailure(e.code)}.`, null), retryAfterMs: null };
  }
  // The SDK's own 429 loop ends in a bare Error; our client never lets a 429 reach it, but say it plainly if one does.
  if (typeof e.message === 'string' && e.message.includes('due to 429 (rate limit) errors')) {
    return { kind: 'retry', error: err('rate_limited', 'SnapTrade is rate-limiting Ledgerline; it will try again shortly.', null), retryAfterMs: null };
  }
  return null;
}

/**
 * The module's entry point (`ProviderModule.classifyError`): a thrown error of any kind. SnapTrade's
 * client hands HTTP errors back as replies (classifyStatus); what is thrown is a transport failure,
 * and anything else is reported as an unexpected failure, in fixed words.
 */
export function classifySnaptradeError(thrown: unknown): SnaptradeFailure {
  return classifyThrown(thrown) ?? { kind: 'fatal', error: err('internal', 'Talking to SnapTrade failed unexpectedly.', null) };
}
