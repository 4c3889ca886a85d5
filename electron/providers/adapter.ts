/** What the sync service needs from each provider. Adapters never see the renderer. */
import type { RefreshResult } from '../../shared/ipc/contract';
import type { PullResult } from '../../shared/types';

export interface ProviderAdapter {
  pull(input: { connectionId: string; accessToken: string; cursor: string | null }): Promise<PullResult>;
  /** Asks the provider to fetch fresh data from the institution (Plaid /transactions/refresh). */
  refresh(accessToken: string): Promise<RefreshResult>;
}
