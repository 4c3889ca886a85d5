/**
 * SnapTrade with the user's keys: the live adapter, and "Test connection" — `GET
 * /snapTrade/listUsers`, signed with the consumer key. Nothing here logs or returns a thrown SDK
 * error or a URL: a SnapTrade URL's query carries the user secret.
 */
import { UserFacingError } from '../../core/userFacingError';
import type { ProviderAdapter, RemovalOutcome } from '../adapter';
import { unreachable } from '../credentialTest';
import type { LiveDeps, ProviderProfile, TestResult } from '../provider';
import { classifyStatus, classifyThrown } from './classifySnaptradeError';
import { snaptradeAdapter } from './snaptradeAdapter';
import { createSnaptradeApi, type SnaptradeApi } from './snaptradeClient';

export const SNAPTRADE_BASE_URL = 'https://api.snaptrade.com';

/** The SnapTrade user (Commercial keys) that real connections belong to; the demo's user is kept apart. */
export const SNAPTRADE_LIVE_USER_ID_KEY = 'provider:snaptrade:user-id';
export const SNAPTRADE_LIVE_USER_SECRET_KEY = 'provider:snaptrade:user-secret';

const apiFor = (profile: ProviderProfile, deps: Pick<LiveDeps, 'timeoutMs'>): SnaptradeApi =>
  createSnaptradeApi({ basePath: profile.baseUrl, clientId: profile.clientId, consumerKey: profile.secret, timeoutMs: deps.timeoutMs });

export function snaptradeLiveAdapter(profile: ProviderProfile, deps: LiveDeps): ProviderAdapter {
  deps.logger.addSecret(profile.secret);
  return snaptradeWithStoredUser(apiFor(profile, deps), deps);
}

/**
 * SnapTrade connections belong to the install's SnapTrade user, registered when the first brokerage
 * is connected; it is read from the keychain on each use, so one registered later is picked up.
 */
function snaptradeWithStoredUser(api: SnaptradeApi, deps: LiveDeps): ProviderAdapter {
  const withUser = async (): Promise<ProviderAdapter> => {
    const userId = await deps.secrets.get(SNAPTRADE_LIVE_USER_ID_KEY);
    const userSecret = await deps.secrets.get(SNAPTRADE_LIVE_USER_SECRET_KEY);
    if (!userId || !userSecret) throw new UserFacingError('No SnapTrade user is set up in the keychain for these keys; connect the brokerage again.');
    deps.logger.addSecret(userSecret);
    return snaptradeAdapter(api, { userId, userSecret }, deps.retry);
  };
  return {
    perConnectionToken: false,
    pull: async (input, sink) => (await withUser()).pull(input, sink),
    refresh: async (ref) => (await withUser()).refresh(ref),
    async remove(ref): Promise<RemovalOutcome> {
      let adapter: ProviderAdapter;
      try {
        adapter = await withUser();
      } catch (e) {
        if (e instanceof UserFacingError) return { kind: 'failed', reason: e.message };
        throw e;
      }
      return adapter.remove(ref);
    },
  };
}

export async function testSnaptradeCredentials(profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>): Promise<TestResult> {
  deps.logger.addSecret(profile.secret);
  const api = apiFor(profile, deps);
  try {
    const res = await (api.listUsers?.() ?? Promise.reject(new Error('listUsers missing')));
    if (res.status >= 200 && res.status < 300) return { ok: true, message: 'SnapTrade accepted the keys.' };
    if (res.status === 401 || res.status === 403) return { ok: false, message: 'SnapTrade refused the client id or consumer key.' };
    const failure = classifyStatus(res.status, res.data, res.headers);
    return { ok: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message };
  } catch (thrown) {
    const failure = classifyThrown(thrown);
    if (failure === null) return { ok: false, message: 'Talking to SnapTrade failed unexpectedly.' };
    if (failure.kind === 'retry' && failure.error.code === 'provider_unavailable') return unreachable('SnapTrade', profile.baseUrl, 'could not be reached');
    return { ok: false, message: failure.kind === 'waiting' ? failure.message : failure.error.message };
  }
}
