/** SnapTrade as main sees it: the one object `registry.ts` lists (see provider.ts for the shape). */
import type { ProviderModule } from '../provider';
import { classifySnaptradeError } from './classifySnaptradeError';
import { snaptradeDemo } from './snaptradeDemo';
import { snaptradeLinkDriver } from './snaptradeLink';
import { SNAPTRADE_BASE_URL, snaptradeLiveAdapter, testSnaptradeCredentials } from './snaptradeLive';

export const snaptradeProvider: ProviderModule<'snaptrade'> = {
  id: 'snaptrade',
  classifyError: classifySnaptradeError,
  defaultBaseUrl: () => SNAPTRADE_BASE_URL, // one host for every environment
  liveAdapter: snaptradeLiveAdapter,
  testCredentials: testSnaptradeCredentials,
  linkDriver: snaptradeLinkDriver,
  demo: snaptradeDemo,
};
