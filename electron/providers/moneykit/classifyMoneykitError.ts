/**
 * Turns whatever a MoneyKit call threw into one decision: retry the request (transient), or stop
 * with the SyncError the user sees. Messages are fixed text: never MoneyKit's free text, a URL, a
 * token or a secret.
 */
import type { SyncError } from '../../../shared/types';
import type { ProviderFailure } from '../provider';
import { MoneykitRequestError, type MoneykitFailure } from './moneykitFailure';

/** The shared failure (provider.ts): MoneyKit only ever says retry or stop. */
export type MoneykitDecision = Extract<ProviderFailure, { kind: 'retry' | 'fatal' }>;

/** Link errors that are the institution's or MoneyKit's trouble, not the user's login. */
const TRANSIENT_LINK_ERRORS = new Set(['system_error', 'provider_error', 'institution_error']);

const syncError = (code: SyncError['code'], message: string, requestId: string | null = null): SyncError => ({
  code, message, retryAt: null, requestId,
});

export function classifyMoneykitError(thrown: unknown): MoneykitDecision {
  if (!(thrown instanceof MoneykitRequestError)) {
    return { kind: 'fatal', error: syncError('internal', 'Talking to MoneyKit failed unexpectedly.') };
  }
  return classifyFailure(thrown.failure);
}

export function classifyFailure(f: MoneykitFailure): MoneykitDecision {
  const retry = (error: SyncError, retryAfterMs: number | null = null): MoneykitDecision => ({ kind: 'retry', error, retryAfterMs });
  const fatal = (error: SyncError): MoneykitDecision => ({ kind: 'fatal', error });

  if (f.kind === 'network') {
    return retry(syncError('provider_unavailable', f.reason === 'timeout' ? 'MoneyKit timed out.' : 'MoneyKit could not be reached.'));
  }
  if (f.kind === 'invalid') {
    return fatal(syncError('bad_response', `MoneyKit sent a response we could not read (${f.detail}); nothing was applied.`, f.requestId));
  }
  const rid = f.requestId;
  const code = f.errorCode;
  if (f.status === 429) return retry(syncError('rate_limited', 'MoneyKit is rate-limiting Ledgerline for this connection.', rid), f.retryAfterMs);
  if (f.status >= 500) return retry(syncError('provider_unavailable', `MoneyKit had a server error (HTTP ${f.status}).`, rid), f.retryAfterMs);
  switch (code) {
    case 'link_error.bad_state':
      if (f.linkErrorCode !== null && TRANSIENT_LINK_ERRORS.has(f.linkErrorCode)) {
        return fatal(syncError('provider_unavailable', 'The bank is not responding to MoneyKit right now.', rid));
      }
      return fatal(syncError('needs_reauth', 'The bank needs you to sign in again.', rid));
    case 'link_error.forbidden_action':
      return fatal(syncError('needs_reauth', 'MoneyKit no longer has your permission to read transactions; reconnect to grant it.', rid));
    case 'link_error.deleted':
    case 'link_error.not_found':
      return fatal(syncError('disconnected', 'MoneyKit no longer knows this connection; it was removed or revoked.', rid));
    case 'link_error.unauthorized_access':
      // The link belongs to another MoneyKit app (e.g. made with sandbox keys, read with production ones).
      return fatal(syncError('disconnected', 'This connection was made with different MoneyKit API keys; reconnect it.', rid));
    case 'api_error.auth.unauthorized':
      return fatal(syncError('credentials', 'MoneyKit refused Ledgerline\'s API keys. Check them in Settings.', rid));
    case 'api_error.auth.expired_access_token':
      // A token MoneyKit just issued was already expired: a clock or MoneyKit problem, worth retrying.
      return retry(syncError('provider_unavailable', 'MoneyKit rejected a fresh access token.', rid));
    case 'api_error.request.validation_failed':
      return fatal(syncError('internal', `MoneyKit rejected Ledgerline's request${f.invalidField ? ` (${f.invalidField})` : ''}.`, rid));
    default:
      if (code === null) return fatal(syncError('bad_response', `MoneyKit answered HTTP ${f.status} without an error description.`, rid));
      return fatal(syncError('internal', `MoneyKit refused the request (${code}).`, rid));
  }
}
