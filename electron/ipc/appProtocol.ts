/**
 * The renderer is served from `app://ledgerline/`, not file://: a real origin for the CSP and the
 * sender check, and no access to the rest of the disk.
 */
import path from 'node:path';
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp';

import { APP_HOST, APP_SCHEME } from './appUrl';

export { APP_ORIGIN, APP_SCHEME } from './appUrl';

/**
 * The scheme's privileges. `codeCache`: Chromium keeps V8's compiled code of the renderer's
 * scripts between launches only for http(s) unless a standard scheme asks for it (Electron's
 * `protocol` and `session.setCodeCachePath` docs); without it every start compiles the ~0.9 MB
 * bundle again (traced in the browser host: ~180 ms of compile before the first render).
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)}`);
    if (!file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY_HEADER);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
