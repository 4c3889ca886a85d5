/** Serves the built renderer from one folder, refusing anything outside it. */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
} as const;

export function staticHandler(root: string) {
  const base = path.resolve(root);
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const pathname = requestPath(req.url);
    if (pathname === null) {
      res.writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('bad request');
      return;
    }
    let file = path.resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // A missing asset is a 404; only extension-less paths are app routes served by index.html.
      if (path.extname(file)) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      file = path.join(base, 'index.html');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cacheControl(pathname) });
    if (req.method === 'HEAD') res.end();
    // A file that goes away between the check and the read (a rebuild) ends this response, not the host.
    else fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}

/**
 * Vite names every built asset by its content's hash (`/assets/index-BYV3AFT6.js`): such a file
 * never changes, so the browser keeps it — and, for scripts, V8's compiled code with it, which is
 * what spares a start the bundle's compile (the installed app gets the same from its `app://`
 * scheme's `codeCache`, electron/ipc/appProtocol.ts). Everything else, index.html first (it names
 * the current hashes), is fetched afresh every time.
 */
export function cacheControl(pathname: string): string {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-store';
}

/**
 * The request target's path, percent-decoded; null when it is not one (`/%E0%A4%A`, `//[`, a NUL):
 * both `new URL` and `decodeURIComponent` throw on such input, and a throw here would be uncaught.
 */
export function requestPath(url: string | undefined): string | null {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://host').pathname);
    return pathname.includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}
