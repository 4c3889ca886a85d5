/**
 * Plaid's error bodies (`error_type`, `error_code`, `error_message`, `documentation_url`, …) and
 * statuses, by error code. Endpoints throw PlaidError; the handler turns it into the reply.
 */

const ERRORS = {
  INVALID_API_KEYS: ['INVALID_INPUT', 400, 'invalid client_id or secret provided'],
  INVALID_ACCESS_TOKEN: ['INVALID_INPUT', 400, 'could not find matching access token'],
  INVALID_PUBLIC_TOKEN: ['INVALID_INPUT', 400, 'could not find matching public token'],
  INVALID_INSTITUTION: ['INVALID_INPUT', 400, 'invalid institution_id provided'],
  INVALID_ACCOUNT_ID: ['INVALID_INPUT', 400, 'failed to find requested account ID for requested item'],
  ITEM_NOT_FOUND: ['ITEM_ERROR', 400, 'The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.'],
  ITEM_LOGIN_REQUIRED: ['ITEM_ERROR', 400, "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state"],
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: ['TRANSACTIONS_ERROR', 400, 'Underlying transaction data changed since last page was fetched. Please restart pagination from last update.'],
  TRANSACTIONS_SYNC_LIMIT: ['RATE_LIMIT_EXCEEDED', 429, 'rate limit exceeded for attempts to access this item. please try again later'],
  INSTITUTION_DOWN: ['INSTITUTION_ERROR', 400, 'this institution is not currently responding to this request. please try again soon'],
  INTERNAL_SERVER_ERROR: ['API_ERROR', 500, 'an unexpected error occurred'],
  NOT_FOUND: ['INVALID_REQUEST', 404, 'not found'],
  MISSING_FIELDS: ['INVALID_REQUEST', 400, 'the following required fields are missing'],
  INVALID_FIELD: ['INVALID_REQUEST', 400, 'a field has an invalid value'],
  INVALID_BODY: ['INVALID_REQUEST', 400, 'body could not be parsed as JSON'],
  INVALID_LINK_TOKEN: ['INVALID_INPUT', 400, 'provided link token is invalid or expired'],
} as const satisfies Record<string, readonly [string, number, string]>;

export type PlaidErrorCode = keyof typeof ERRORS;

export interface PlaidErrorWire {
  error_type: string;
  error_code: PlaidErrorCode;
  error_code_reason: null;
  error_message: string;
  display_message: null;
  request_id: string;
  causes: [];
  documentation_url: string;
  suggested_action: null;
}

/** Thrown by handlers; the dispatcher turns it into Plaid's error body and status. */
export class PlaidError extends Error {
  readonly status: number;
  constructor(
    readonly code: PlaidErrorCode,
    message?: string,
  ) {
    const [, status, defaultMessage] = ERRORS[code];
    super(message ?? defaultMessage);
    this.status = status;
  }

  toWire(requestId: string): PlaidErrorWire {
    const [type] = ERRORS[this.code];
    // Plaid's docs live at /docs/errors/<type without _ERROR, kebab-case>/#<code lower-case>.
    const page = type.replace(/_ERROR$/, '').toLowerCase().replaceAll('_', '-');
    return {
      error_type: type,
      error_code: this.code,
      error_code_reason: null,
      error_message: this.message,
      display_message: null,
      request_id: requestId,
      causes: [],
      documentation_url: `https://plaid.com/docs/errors/${page}/#${this.code.toLowerCase()}`,
      suggested_action: null,
    };
  }
}
