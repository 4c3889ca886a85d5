/**
 * What a transport failure (no HTTP reply) means, from the Node / axios error code the SDKs pass
 * on: "Plaid timed out.", "SnapTrade refused the connection.". MoneyKit's client uses fetch, which
 * has no such codes; it tells a timeout from the rest itself (moneykitFailure.ts).
 */
const NETWORK_CODES: Record<string, string> = {
  ECONNABORTED: 'timed out',
  ETIMEDOUT: 'timed out',
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'dropped the connection',
  ENOTFOUND: 'could not be found (DNS)',
  EAI_AGAIN: 'could not be found (DNS)',
  ERR_NETWORK: 'could not be reached',
};

/** The predicate for "<Provider> … .": what happened to the connection, 'could not be reached' for an unknown code. */
export function networkFailure(code: unknown): string {
  return (typeof code === 'string' && NETWORK_CODES[code]) || 'could not be reached';
}
