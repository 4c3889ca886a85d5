/**
 * The demo bank's stand-in for MoneyKit Connect: `GET /connect/<link_session_token>` shows a small
 * consent page (no script, no external resource, a strict CSP) and `POST` to the same path carries
 * the user's answer. The bank then sends the browser back to the session's redirect_uri with 303:
 * `?exchangeable_token=…` for a new link, `?link_id=…&relinked=true` for a repaired one, and
 * `?error=user_cancelled` when the user cancels (LinkStore.consent).
 *
 * The path carries the link-session token, so nothing here logs a path, and every page is sent with
 * `Referrer-Policy: no-referrer` so the token never travels on to the redirect target.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, styleSource } from '../common/html';
import { isLoopbackHost, readForm } from '../common/http';
import type { LinkStore } from './linkStore';
import { INSTITUTION } from './wire';

const CONNECT_PATH = /^\/connect\/([A-Za-z0-9_-]{1,128})$/;

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;background:#f4f1ea;color:#1f2a24;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}',
  'main{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:2rem;max-width:26rem}',
  'h1{font-size:1.3rem;margin:0 0 .5rem}p{margin:.5rem 0 1.25rem}.row{display:flex;gap:.75rem;justify-content:flex-end}',
  'button{font:inherit;border-radius:8px;padding:.5rem 1.1rem;cursor:pointer;border:1px solid #2f5d46}',
  '.allow{background:#2f5d46;color:#fff}.cancel{background:#fff;color:#2f5d46}',
].join('');
const STYLE_HASH = styleSource(STYLE);

/** Whether `path` is a consent-page path (the demo bank's server routes it here). */
export function isConnectPath(path: string): boolean {
  return CONNECT_PATH.test(path);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string, formTarget: string | null): void {
  // form-action also governs the redirect that follows a submission, so it names the return origin.
  const formAction = formTarget === null ? "'none'" : `'self' ${formTarget}`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
  res.end(html);
}

const GONE = page(
  'Sign-in link expired',
  '<h1>This sign-in link has expired or was already used</h1><p>Return to Ledgerline and start connecting the account again.</p>',
);

/** Serves `/connect/<token>`. `log` gets one line per request, never the path (it holds the token). */
export async function handleConnect(store: LinkStore, req: IncomingMessage, res: ServerResponse, path: string, log: (line: string) => void): Promise<void> {
  const token = CONNECT_PATH.exec(path)?.[1] ?? '';
  const done = (status: number, what: string): void => log(`moneykit connect ${req.method ?? '?'} ${status} ${what}`);
  if (!isLoopbackHost(req.headers.host)) {
    sendHtml(res, 403, page('Forbidden', '<h1>Forbidden</h1>'), null);
    return done(403, 'not a loopback host');
  }
  if (req.method === 'GET') {
    const view = store.consentView(token);
    if (view === null) {
      sendHtml(res, 404, GONE, null);
      return done(404, 'unknown or used session');
    }
    const name = escapeHtml(INSTITUTION.name);
    const lead = view.relink
      ? `<p>Sign in to ${name} again so Ledgerline can keep reading your accounts and transactions.</p>`
      : '<p>Ledgerline will be able to read your account balances and transactions. It cannot move money.</p>';
    const html = page(
      `${INSTITUTION.name} — MoneyKit`,
      `<h1>${name} — Allow Ledgerline to read your accounts and transactions</h1>${lead}`
        + '<form method="post"><div class="row">'
        + '<button class="cancel" type="submit" name="decision" value="cancel">Cancel</button>'
        + '<button class="allow" type="submit" name="decision" value="allow">Continue</button>'
        + '</div></form>',
    );
    sendHtml(res, 200, html, new URL(view.redirectUri).origin);
    return done(200, view.relink ? 'relink consent page' : 'consent page');
  }
  if (req.method === 'POST') {
    const decision = (await readForm(req))?.get('decision') ?? null;
    if (decision !== 'allow' && decision !== 'cancel') {
      sendHtml(res, 400, page('Bad request', '<h1>Choose Continue or Cancel</h1>'), null);
      return done(400, 'no decision');
    }
    const outcome = store.consent(token, decision === 'allow');
    if (outcome === 'invalid') {
      sendHtml(res, 404, GONE, null);
      return done(404, 'unknown or used session');
    }
    res.writeHead(303, { location: outcome.redirect, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
    return done(303, decision === 'allow' ? 'allowed' : 'cancelled');
  }
  res.writeHead(405, { allow: 'GET, POST', 'content-length': '0' });
  res.end();
  return done(405, 'method not allowed');
}
