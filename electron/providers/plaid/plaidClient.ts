/** The official Plaid SDK, pointed at Plaid or at the demo bank. */
import { Configuration, PlaidApi } from 'plaid';

export interface PlaidProfile {
  basePath: string;
  clientId: string;
  secret: string;
  timeoutMs: number;
}

export function createPlaidApi(profile: PlaidProfile): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: profile.basePath,
      baseOptions: {
        timeout: profile.timeoutMs,
        headers: { 'PLAID-CLIENT-ID': profile.clientId, 'PLAID-SECRET': profile.secret },
      },
    }),
  );
}
