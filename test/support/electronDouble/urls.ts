/**
 * Chromium outside Electron cannot load a custom scheme, so the double loads `app://ledgerline/x`
 * as `https://ledgerline.app.electron-double.invalid/x` (a reserved TLD, never resolved: every
 * request to it is intercepted and answered by main's own `protocol.handle` handler). Everything
 * main sees — frame URLs, `will-navigate` URLs, the protocol handler's `request.url` — is translated
 * back, so main only ever meets the exact `app://…` strings real Electron gives it.
 */
export const DOUBLE_SUFFIX = '.electron-double.invalid';

/** Requests under this path on a window's own origin carry the preload bridge, never the app. */
export const BRIDGE_PREFIX = '/__electron_double__/';

/** `app://ledgerline/x?y#z` → `https://ledgerline.app.electron-double.invalid/x?y#z` (standard schemes only). */
export function toChromiumUrl(url: string, standardSchemes: ReadonlySet<string>): string {
  const u = new URL(url);
  const scheme = u.protocol.slice(0, -1);
  if (!standardSchemes.has(scheme)) return url;
  if (u.port !== '' || u.username !== '' || u.password !== '') throw new Error(`electron double: cannot map ${url}`);
  return `https://${u.hostname}.${scheme}${DOUBLE_SUFFIX}${u.pathname}${u.search}${u.hash}`;
}

/** The inverse of toChromiumUrl; any other URL is returned unchanged. */
export function toElectronUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'https:' || !u.hostname.endsWith(DOUBLE_SUFFIX)) return url;
  const labels = u.hostname.slice(0, -DOUBLE_SUFFIX.length).split('.');
  const scheme = labels.pop();
  if (!scheme || labels.length === 0) return url;
  return `${scheme}://${labels.join('.')}${u.pathname}${u.search}${u.hash}`;
}

/** The scheme a Chromium-side URL stands for, if it is one of the double's mapped URLs. */
export function mappedScheme(url: string): string | null {
  const e = toElectronUrl(url);
  return e === url ? null : e.slice(0, e.indexOf(':'));
}
