/**
 * Which URLs are the app's own pages. Pure (no `electron` import) so every decision is unit-tested
 * with the exact strings Electron hands main.
 *
 * Why not `new URL(url).origin === 'app://ledgerline'`: in the main process `URL` is Node's, and
 * WHATWG URL gives every non-special scheme (`app:` included) the opaque origin, serialized as
 * the string "null" — the same as `file:` and `data:` URLs. Comparing origins therefore refused
 * every IPC call from our own window. We compare the parsed scheme and host instead, and refuse
 * anything with credentials or a port (Chromium never produces them for our privileged standard
 * scheme, so their presence means the URL is not ours).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ledgerline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for a URL on `app://ledgerline/…`. */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** The parts of Electron's IpcMainInvokeEvent the sender check reads (structural, so tests can build one). */
export interface SenderFrameLike {
  readonly url: string;
}
export interface SenderLike<F extends SenderFrameLike = SenderFrameLike> {
  readonly mainFrame: F;
}
export interface InvokeEventLike<F extends SenderFrameLike, W extends SenderLike<F>> {
  readonly sender: W;
  readonly senderFrame: F | null;
}

/**
 * An IPC message is trusted only from our own window's webContents, from its top frame (not a
 * subframe), on a page of `app://ledgerline`.
 */
export function isTrustedSender<F extends SenderFrameLike, W extends SenderLike<F>>(event: InvokeEventLike<F, W>, trusted: () => W | null): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  const mine = trusted();
  if (mine === null || event.sender !== mine || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** What `will-navigate` does with a URL: stay (our own page) or be prevented. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}
