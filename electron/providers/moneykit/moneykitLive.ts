/**
 * MoneyKit with the user's keys: the live adapter, and "Test connection" — `POST /auth/token`,
 * which proves the client id and secret without reading any link. No thrown error's details reach
 * a message.
 */
import type { ProviderAdapter } from '../adapter';
import { unreachable } from '../credentialTest';
import type { LiveDeps, ProviderProfile, TestResult } from '../provider';
import { classifyMoneykitError } from './classifyMoneykitError';
import { moneykitAdapter } from './moneykitAdapter';
import { createMoneykitClient } from './moneykitClient';
import { MoneykitRequestError } from './moneykitFailure';

const clientFor = (profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>) =>
  createMoneykitClient(
    { baseUrl: profile.baseUrl, clientId: profile.clientId, clientSecret: profile.secret, timeoutMs: deps.timeoutMs },
    { onSecret: (value) => deps.logger.addSecret(value) },
  );

export function moneykitLiveAdapter(profile: ProviderProfile, deps: LiveDeps): ProviderAdapter {
  deps.logger.addSecret(profile.secret);
  return moneykitAdapter(clientFor(profile, deps), deps.retry);
}

export async function testMoneykitCredentials(profile: ProviderProfile, deps: Pick<LiveDeps, 'logger' | 'timeoutMs'>): Promise<TestResult> {
  deps.logger.addSecret(profile.secret);
  const client = clientFor(profile, deps);
  try {
    await client.verifyCredentials();
    return { ok: true, message: 'MoneyKit accepted the keys.' };
  } catch (thrown) {
    if (!(thrown instanceof MoneykitRequestError)) return { ok: false, message: 'Talking to MoneyKit failed unexpectedly.' };
    const f = thrown.failure;
    if (f.kind === 'network') return unreachable('MoneyKit', profile.baseUrl, f.reason === 'timeout' ? 'timed out' : 'could not be reached');
    if (f.kind === 'http' && (f.status === 400 || f.status === 401 || f.status === 403)) return { ok: false, message: 'MoneyKit refused the client id or secret.' };
    return { ok: false, message: classifyMoneykitError(thrown).error.message };
  }
}
