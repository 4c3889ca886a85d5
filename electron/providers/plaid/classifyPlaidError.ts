/**
 * Turns whatever the Plaid SDK threw into one decision: restart the page loop, retry the request,
 * or stop with a user-facing error. Never keeps the thrown object: an AxiosError's config carries
 * the API secret in its headers.
 */
import type { SyncError } from '../../../shared/types';
import { networkFailure } from '../networkFailure';
import type { ProviderFailure } from '../provider';
import { PlaidErrorSchema } from './plaidSchemas';

/** The shared failure (provider.ts) without `waiting`: Plaid says NOT_READY in a page, not an error. */
export type PlaidFailure = Exclude<ProviderFailure, { kind: 'waiting' }>;

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; data?: unknown };
}

const RETRYABLE_CODES = new Set(['INSTITUTION_DOWN', 'INSTITUTION_NOT_RESPONDING', 'INTERNAL_SERVER_ERROR', 'PLANNED_MAINTENANCE']);

/**
 * Item errors and what each asks of the user, from Plaid's error docs (errors/item, errors/institution):
 * - sign in again through Link update mode: the login or consent expired or was refused
 *   (ITEM_LOGIN_REQUIRED, PENDING_EXPIRATION, USER_PERMISSION_REVOKED), the credentials or MFA
 *   answers no longer work (INVALID_CREDENTIALS, INVALID_MFA, INSUFFICIENT_CREDENTIALS), the user
 *   did not share what the product needs (ACCESS_NOT_GRANTED: "Try linking your account again by
 *   selecting the required information"), or no usable account is selected (NO_ACCOUNTS);
 * - fix something at the bank first, then sign in again: the institution locked the account after
 *   failed logins (ITEM_LOCKED: log in at the bank, or call it, to unlock), or wants the user to
 *   act on its own site — new terms, a password change (USER_SETUP_REQUIRED);
 * - wait for the institution: it is down, not responding or not available through Plaid for now
 *   (INSTITUTION_DOWN / _NOT_RESPONDING / _NOT_AVAILABLE) — retried within the pull first;
 * - gone for good: Plaid no longer supports the institution (INSTITUTION_NO_LONGER_SUPPORTED).
 */
const SIGN_IN_AGAIN: Record<string, string> = {
  ITEM_LOGIN_REQUIRED: 'The bank needs you to sign in again.',
  PENDING_EXPIRATION: 'Your consent for this connection is about to expire; sign in again to renew it.',
  USER_PERMISSION_REVOKED: 'Access to this connection was revoked at the bank; sign in again to restore it.',
  INVALID_CREDENTIALS: 'The bank no longer accepts the saved sign-in; sign in again with your current username and password.',
  INVALID_MFA: 'The bank did not accept the verification answer; sign in again.',
  INSUFFICIENT_CREDENTIALS: 'The bank needs more sign-in details than were given; sign in again.',
  ACCESS_NOT_GRANTED: 'The bank was not allowed to share the data Ledgerline needs; sign in again and allow transactions to be shared.',
  NO_ACCOUNTS: 'No usable account is shared through this connection (closed, or none selected); sign in again and choose the accounts.',
};
const ACTION_AT_BANK: Record<string, string> = {
  ITEM_LOCKED: 'The bank locked your account after failed sign-in attempts. Log in on the bank\'s own website (or call it) to unlock it, then sign in again here.',
  USER_SETUP_REQUIRED: 'The bank wants you to do something on its own website first (for example accept new terms or change your password). Do that, then sign in again here.',
};
const INSTITUTION_WAIT = new Set(['INSTITUTION_DOWN', 'INSTITUTION_NOT_RESPONDING', 'INSTITUTION_NOT_AVAILABLE']);

const err = (code: SyncError['code'], message: string, requestId: string | null = null): SyncError => ({
  code, message, retryAt: null, requestId,
});

export function classifyPlaidError(thrown: unknown): PlaidFailure {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as AxiosLike;
  const status = e.response?.status;
  if (status === undefined) {
    return { kind: 'retry', error: err('provider_unavailable', `Plaid ${networkFailure(e.code)}.`), retryAfterMs: null };
  }
  const body = PlaidErrorSchema.safeParse(e.response?.data);
  if (!body.success) {
    const error = err('provider_unavailable', `Plaid answered HTTP ${status} without an error description.`);
    return status >= 500 || status === 429 ? { kind: 'retry', error, retryAfterMs: null } : { kind: 'fatal', error: { ...error, code: 'bad_response' } };
  }
  const { error_code: code, error_type: type, request_id } = body.data;
  const rid = request_id ?? null;
  if (code === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION') return { kind: 'restart' };
  if (status === 429 || type === 'RATE_LIMIT_EXCEEDED') {
    return { kind: 'retry', error: err('rate_limited', 'Plaid is rate-limiting this connection.', rid), retryAfterMs: null };
  }
  if (INSTITUTION_WAIT.has(code)) {
    const error = err('institution_unavailable', 'The bank is not responding to Plaid right now; waiting for it.', rid);
    // NOT_AVAILABLE is Plaid holding off the institution: retrying within this pull cannot help.
    return code === 'INSTITUTION_NOT_AVAILABLE' ? { kind: 'fatal', error } : { kind: 'retry', error, retryAfterMs: null };
  }
  if (status >= 500 || RETRYABLE_CODES.has(code)) {
    return { kind: 'retry', error: err('provider_unavailable', `Plaid had a server error (${code}).`, rid), retryAfterMs: null };
  }
  const signIn = SIGN_IN_AGAIN[code];
  if (signIn !== undefined) return { kind: 'fatal', error: err('needs_reauth', signIn, rid) };
  const atBank = ACTION_AT_BANK[code];
  if (atBank !== undefined) return { kind: 'fatal', error: err('action_at_bank', atBank, rid) };
  if (code === 'INSTITUTION_NO_LONGER_SUPPORTED') {
    return { kind: 'fatal', error: err('disconnected', 'Plaid no longer supports this bank; the connection cannot sync again.', rid) };
  }
  if (code === 'INVALID_ACCESS_TOKEN' || code === 'ITEM_NOT_FOUND') {
    return { kind: 'fatal', error: err('disconnected', 'Plaid no longer knows this connection; it was removed or revoked.', rid) };
  }
  if (code === 'INVALID_API_KEYS' || type === 'OAUTH_ERROR') {
    return { kind: 'fatal', error: err('credentials', 'Plaid refused Ledgerline\'s API keys. Check them in Settings.', rid) };
  }
  return { kind: 'fatal', error: err('internal', `Plaid refused the request (${code}).`, rid) };
}
