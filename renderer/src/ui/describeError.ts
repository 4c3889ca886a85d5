/** Turns failures into one or two plain sentences: what went wrong, then what to do about it. */
import type { SyncError } from '../../../shared/types';
import { HostConnectionError } from '../api/wsClient';
import { clockTime } from './format';

const sentence = (text: string) => {
  const t = text.trim();
  return t === '' || /[.!?…]$/.test(t) ? t : `${t}.`;
};

const ADVICE: Record<SyncError['code'], (bank: string, retryAt: string | null) => string> = {
  needs_reauth: (bank) => `Sign in to ${bank} again to resume syncing.`,
  action_at_bank: (bank) => `Log in to ${bank}'s own website or app and do what it asks, then sign in again here.`,
  institution_unavailable: (bank, retryAt) =>
    retryAt ? `${bank} isn't answering right now; Ledgerline will try again at ${clockTime(retryAt)}.` : `${bank} isn't answering right now; try again later.`,
  disconnected: (bank) => `${bank} no longer recognizes this connection; reconnect it to resume syncing.`,
  rate_limited: (_bank, retryAt) =>
    retryAt ? `Ledgerline will try again at ${clockTime(retryAt)}.` : 'Wait a few minutes, then choose Retry.',
  provider_unavailable: (bank) => `${bank} isn't responding right now. Try again in a few minutes.`,
  bad_response: () => 'Nothing was changed on this computer. Try again later; if it keeps happening, check the log.',
  credentials: () => "Ledgerline's provider API keys were refused. Check the keys in your configuration.",
  internal: () => 'Choose Retry; if it keeps happening, restart Ledgerline and check the log.',
};

/** Provider messages that already say what to do need no second piece of advice. */
const SAYS_WHAT_TO_DO = /\b(reconnect|sign in|log in)\b/i;

export function describeSyncError(bank: string, error: SyncError): string {
  const reference = error.requestId ? ` Reference for support: ${error.requestId}.` : '';
  const advice = SAYS_WHAT_TO_DO.test(error.message) ? '' : ADVICE[error.code](bank, error.retryAt);
  return `${sentence(error.message)} ${advice}${reference}`.replace(/\s+/g, ' ').trim();
}

function errorCode(e: Error): string | null {
  return 'code' in e && typeof e.code === 'string' ? e.code : null;
}

/** For exceptions: transport failures, refused requests, a database that would not write. */
export function describeThrown(e: unknown): string {
  if (!(e instanceof Error)) return `${sentence(String(e))} Try again; if it keeps happening, restart Ledgerline.`;
  if (e instanceof HostConnectionError) return e.message;
  if (e.name === 'QuotaExceededError') {
    return 'The disk is full (or the storage quota is used up), so the synced data could not be saved. Free some space, then choose Refresh now.';
  }
  if (e.name === 'DatabaseClosedError' || e.name === 'VersionError') {
    return `The local database could not be opened (${e.message}). Close other Ledgerline windows, then reload.`;
  }
  const code = errorCode(e);
  if (code === 'invalid_input' || code === 'forbidden' || code === 'unknown_channel') {
    return `Ledgerline's background service refused the request: ${sentence(e.message)} Restart Ledgerline; if it keeps happening, please report it.`;
  }
  return `${sentence(e.message)} Try again; if it keeps happening, restart Ledgerline.`;
}
