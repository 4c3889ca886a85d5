/**
 * Where a provider's secret may be sent. The renderer chooses the API base URL and environment in
 * Settings, and main sends the stored secret (and every access token) to that address; so the
 * address is main's decision to check, not the form's:
 * - https anywhere; plain http only to this computer (a local test server or the demo banks);
 * - no user name or password in the URL (it would be written to settings.json in clear);
 * - a new address or environment needs the secret typed again (see settingsService.saveProvider).
 */
import type { ProviderEntry } from './settingsStore';

/** Hosts `new URL()` leaves for loopback: it has already turned `0x7f.1`, `2130706433` etc. into dotted IPv4. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** What is wrong with `url` as a provider's API base URL, in words for the user; null when nothing is. */
export function baseUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'that is not a valid address.';
  }
  if (u.username || u.password) return 'the address must not contain a user name or password.';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:') {
    return isLoopbackHost(u.hostname) ? null : 'plain http:// is allowed only to this computer (localhost, 127.0.0.1 or [::1]); use https://.';
  }
  return 'use an https:// address.';
}

/** Whether a save would send the secret somewhere other than where it was entered for. */
export function endpointChanges(before: Pick<ProviderEntry, 'environment' | 'baseUrl'> | undefined, after: Pick<ProviderEntry, 'environment' | 'baseUrl'>): boolean {
  // No entry (e.g. settings.json was lost) but a secret in the keychain: where it belonged is unknown.
  if (!before) return true;
  return before.environment !== after.environment || (before.baseUrl ?? null) !== (after.baseUrl ?? null);
}
