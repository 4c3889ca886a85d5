/**
 * What can go wrong with one MoneyKit request, as data. The client throws a MoneykitRequestError
 * carrying one of these. Nothing in it comes from a request (no header, no body), so it never holds
 * a token or the client secret; MoneyKit's free-text error_message is not kept either.
 */
export type MoneykitFailure =
  | {
      kind: 'http';
      status: number;
      /** MoneyKit's `error_code`, e.g. `link_error.bad_state`; null when the body was not a MoneyKit error. */
      errorCode: string | null;
      /** `link_error_code` on 422 link_error.bad_state, e.g. `auth_expired`. */
      linkErrorCode: string | null;
      /** The first validation error's location, e.g. `query.cursor` (422 api_error.request.validation_failed). */
      invalidField: string | null;
      /** From Retry-After, in ms from when the response arrived. */
      retryAfterMs: number | null;
      requestId: string | null;
    }
  | { kind: 'network'; reason: 'timeout' | 'unreachable' }
  /** A success status whose body we could not trust: not JSON, or schema-invalid (`detail` names the field). */
  | { kind: 'invalid'; detail: string; requestId: string | null };

export class MoneykitRequestError extends Error {
  override name = 'MoneykitRequestError';

  constructor(
    readonly operation: string,
    readonly failure: MoneykitFailure,
  ) {
    super(`MoneyKit ${operation}: ${summary(failure)}`);
  }
}

function summary(f: MoneykitFailure): string {
  switch (f.kind) {
    case 'http':
      return `HTTP ${f.status}${f.errorCode ? ` ${f.errorCode}` : ''}${f.linkErrorCode ? ` (${f.linkErrorCode})` : ''}`;
    case 'network':
      return f.reason === 'timeout' ? 'timed out' : 'could not be reached';
    case 'invalid':
      return f.detail;
  }
}
