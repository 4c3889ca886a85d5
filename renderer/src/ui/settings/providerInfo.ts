/** What the Settings view says about each provider: names, what the secret is called, where to find it. */
import type { Provider } from '../../../../shared/types';

export interface ProviderInfo {
  name: string;
  about: string;
  secretLabel: string;
}

export const PROVIDER_INFO: Record<Provider, ProviderInfo> = {
  plaid: {
    name: 'Plaid',
    about: 'Bank and card accounts. Keys are in the Plaid Dashboard under Developers → Keys.',
    secretLabel: 'Secret',
  },
  moneykit: {
    name: 'MoneyKit',
    about: 'Bank accounts through MoneyKit. Keys are in the MoneyKit dashboard under API keys.',
    secretLabel: 'Client secret',
  },
  snaptrade: {
    name: 'SnapTrade',
    about: 'Brokerage accounts and investment activity. Keys are in the SnapTrade dashboard.',
    secretLabel: 'Consumer key',
  },
};

/** A main-side refusal in plain words: without the channel name the transport puts first. */
export function plainError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^[a-z]+:[A-Za-z]+:\s*/, '').trim() || 'Something went wrong.';
}
