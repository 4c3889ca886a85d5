/**
 * SnapTrade's error replies. On the wire every error is `{ detail, status_code, code }` with the
 * code as a string (live probes; the spec's examples show Django's default_detail/default_code).
 */

export interface ApiErrorWire {
  detail: string;
  status_code: number;
  code: string;
}

/** Thrown by route handlers; the dispatcher turns it into the wire body and status. */
export class SnaptradeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'SnaptradeApiError';
  }

  toWire(): ApiErrorWire {
    return { detail: this.message, status_code: this.status, code: this.code };
  }
}

/** The seconds a throttled client is told to wait. */
export const THROTTLE_SECONDS = 7;

export const apiErrors = {
  badSignature: () => new SnaptradeApiError(401, '1076', 'Unable to verify signature sent'),
  /** [3P] code: not in SnapTrade's official docs, seen on the wire. */
  badUser: () => new SnaptradeApiError(401, '1083', 'Invalid userID or userSecret provided'),
  badData: (detail = 'Unable to verify data sent') => new SnaptradeApiError(400, '1076', detail),
  /** UNVERIFIED code: what registering an existing userId answers. */
  userExists: () => new SnaptradeApiError(400, '1010', 'User already exist'),
  notFound: () => new SnaptradeApiError(404, '1011', 'The requested resource does not exist.'),
  disabled: () => new SnaptradeApiError(402, '3003', 'Unable to sync with brokerage account because the connection is disabled.'),
  alreadyDisabled: () => new SnaptradeApiError(402, '3011', 'This connection is already disabled.'),
  throttled: () => new SnaptradeApiError(429, '0000', `Request was throttled. Expected available in ${THROTTLE_SECONDS} seconds.`),
  internal: () => new SnaptradeApiError(500, '1000', 'Encountered an unexpected exception.'),
  brokerageDown: () => new SnaptradeApiError(503, '3002', 'Unable to sync with brokerage account. Invalid response from Brokerage API.'),
} as const;
