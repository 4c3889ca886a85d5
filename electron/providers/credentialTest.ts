/** Pieces of "Test connection" that every provider's credential test shares. */
import type { TestResult } from './provider';

/** Where a provider is, for a message: the origin only (a URL could carry userinfo). */
export function describeBase(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured address';
  }
}

/** The provider could not be reached (or timed out) at the configured base URL. */
export const unreachable = (name: string, baseUrl: string, why: string): TestResult => ({
  ok: false,
  message: `${name} ${why} at ${describeBase(baseUrl)}. Check the network and the API base URL.`,
});
