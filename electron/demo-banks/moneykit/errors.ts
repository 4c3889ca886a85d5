/**
 * MoneyKit's error bodies: `{ error_code, error_message, documentation_url }`, plus
 * `link_error_code` on 422 link_error.bad_state and `validation_errors` on request validation
 * failures (FastAPI style). Handlers throw MoneykitApiError; the dispatcher turns it into the reply.
 */

const CATALOG = {
  'api_error.auth.unauthorized': [401, 'Invalid client credentials.'],
  'api_error.auth.expired_access_token': [401, 'Access token expired'],
  'api_error.rate_limit_exceeded': [429, 'Rate limit exceeded'],
  'api_error.request.validation_failed': [422, 'Request validation error'],
  // The code MoneyKit uses for its own 500s is not documented; this name is the demo bank's.
  'api_error.internal_server_error': [500, 'Internal server error'],
  'api_error.not_found': [404, 'Not found'],
  'link_error.not_found': [404, 'Link not found.'],
  'link_error.deleted': [410, 'This link was deleted at some earlier time.'],
  'link_error.bad_state': [422, 'The link is in a state that does not allow this request.'],
  'link_session_error.invalid_token_exchange': [400, 'The exchangeable token is invalid, expired or already used.'],
} as const satisfies Record<string, readonly [number, string]>;

export type MoneykitErrorCode = keyof typeof CATALOG;

export interface ValidationErrorWire {
  location: (string | number)[];
  message: string;
  type: string;
}

export interface MoneykitErrorWire {
  error_code: MoneykitErrorCode;
  error_message: string;
  documentation_url: string;
  link_error_code?: string;
  validation_errors?: ValidationErrorWire[];
}

export class MoneykitApiError extends Error {
  readonly status: number;
  readonly linkErrorCode: string | undefined;
  readonly validation: ValidationErrorWire[] | undefined;
  readonly retryAfter: string | undefined;

  constructor(
    readonly code: MoneykitErrorCode,
    options: {
      message?: string;
      linkErrorCode?: string;
      validation?: ValidationErrorWire[];
      /** Seconds, or an HTTP-date, for the Retry-After header (429). */
      retryAfter?: string;
    } = {},
  ) {
    const [status, defaultMessage] = CATALOG[code];
    super(options.message ?? defaultMessage);
    this.status = status;
    this.linkErrorCode = options.linkErrorCode;
    this.validation = options.validation;
    this.retryAfter = options.retryAfter;
  }

  toWire(): MoneykitErrorWire {
    return {
      error_code: this.code,
      error_message: this.message,
      documentation_url: 'https://docs.moneykit.com/api/reference/errors',
      ...(this.linkErrorCode === undefined ? {} : { link_error_code: this.linkErrorCode }),
      ...(this.validation === undefined ? {} : { validation_errors: this.validation }),
    };
  }
}

/** A 422 naming the offending input, as FastAPI reports it: location like ['query', 'size']. */
export function invalidInput(location: (string | number)[], message: string): MoneykitApiError {
  return new MoneykitApiError('api_error.request.validation_failed', {
    validation: [{ location, message, type: 'value_error' }],
  });
}
