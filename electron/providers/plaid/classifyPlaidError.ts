/**
 * Turns whatever the Plaid SDK threw into one decision: restart the page loop, retry the request,
 * or stop with a user-facing error. Never keeps the thrown object: an AxiosError's config carries
 * the API secret in its headers.
 */
import type { SyncError } from '../../../shared/types';
import { networkFailure } from '../networkFailure';
import { PlaidErrorSchema } from './plaidSchemas';

export type PlaidFailure =
  | { kind: 'restart' }
  | { kind: 'retry'; error: SyncError }
  | { kind: 'fatal'; error: SyncError };

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; data?: unknown };
}

const RETRYABLE_CODES = new Set(['INSTITUTION_DOWN', 'INSTITUTION_NOT_RESPONDING', 'INTERNAL_SERVER_ERROR', 'PLANNED_MAINTENANCE']);

const err = (code: SyncError['code'], message: string, requestId: string | null = null): SyncError => ({
  code, message, retryAt: null, requestId,
});

export function classifyPlaidError(thrown: unknown): PlaidFailure {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as AxiosLike;
  const status = e.response?.status;
  if (status === undefined) {
    return { kind: 'retry', error: err('provider_unavailable', `Plaid ${networkFailure(e.code)}.`) };
  }
  const body = PlaidErrorSchema.safeParse(e.response?.data);
  if (!body.success) {
    const error = err('provider_unavailable', `Plaid answered HTTP ${status} without an error description.`);
    return status >= 500 || status === 429 ? { kind: 'retry', error } : { kind: 'fatal', error: { ...error, code: 'bad_response' } };
  }
  const { error_code: code, error_type: type, request_id } = body.data;
  const rid = request_id ?? null;
  if (code === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION') return { kind: 'restart' };
  if (status === 429 || type === 'RATE_LIMIT_EXCEEDED') {
    return { kind: 'retry', error: err('rate_limited', 'Plaid is rate-limiting this connection.', rid) };
  }
  if (status >= 500 || RETRYABLE_CODES.has(code)) {
    const why = code.startsWith('INSTITUTION') ? 'The bank is not responding to Plaid right now.' : `Plaid had a server error (${code}).`;
    return { kind: 'retry', error: err('provider_unavailable', why, rid) };
  }
  if (code === 'ITEM_LOGIN_REQUIRED' || code === 'PENDING_EXPIRATION' || code === 'USER_PERMISSION_REVOKED') {
    return { kind: 'fatal', error: err('needs_reauth', 'The bank needs you to sign in again.', rid) };
  }
  if (code === 'INVALID_ACCESS_TOKEN' || code === 'ITEM_NOT_FOUND') {
    return { kind: 'fatal', error: err('disconnected', 'Plaid no longer knows this connection; it was removed or revoked.', rid) };
  }
  if (code === 'INVALID_API_KEYS' || type === 'OAUTH_ERROR') {
    return { kind: 'fatal', error: err('credentials', 'Plaid refused Ledgerline\'s API keys. Check them in Settings.', rid) };
  }
  return { kind: 'fatal', error: err('internal', `Plaid refused the request (${code}).`, rid) };
}
