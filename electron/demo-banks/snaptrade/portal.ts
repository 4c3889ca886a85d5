/**
 * The demo SnapTrade service's connection portal (`/snapTrade/redeemToken`): the page a login's
 * redirectURI opens, its consent form, and the redirect back to the app's customRedirect with
 * SnapTrade's status parameters.
 */
import { escapeHtml, styleSource } from '../common/html';
import { INSTITUTION_NAME } from './catalog';
import type { Context, Reply } from './endpoints';

const back = (customRedirect: string, params: string, status: 302 | 303 = 302): Reply => ({
  kind: 'redirect', status, location: `${customRedirect}${customRedirect.includes('?') ? '&' : '?'}${params}`,
});

/** The portal's pages hold the token in their URL or form: never cached, framed or sent as a Referer. */
const PAGE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' };

const PAGE_STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}',
  'main{max-width:26rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 4px #0002}',
  'h1{font-size:1.25rem;margin:0 0 .25rem}p{margin:.5rem 0 1.25rem;color:#4a5163}',
  'form{display:flex;gap:.75rem}button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #b8bfcc;background:#fff;cursor:pointer}',
  'button[value=connect]{background:#1f5fd6;border-color:#1f5fd6;color:#fff}',
].join('');
const STYLE_HASH = styleSource(PAGE_STYLE);

function page(status: number, title: string, body: string, formAction = "'none'"): Reply {
  return {
    kind: 'raw',
    status,
    contentType: 'text/html',
    headers: {
      ...PAGE_HEADERS,
      'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`,
    },
    text: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`,
  };
}

const notice = (status: number, text: string): Reply => page(status, INSTITUTION_NAME, `<h1>${INSTITUTION_NAME}</h1><p>${escapeHtml(text)}</p>`);

/** The origin of an app's customRedirect, for the consent page's CSP (login only accepts http(s) URLs). */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

function consentPage(token: string, customRedirect: string, reconnect: boolean): Reply {
  const what = reconnect
    ? 'Sign in again so Ledgerline can keep reading your accounts and activity.'
    : 'Ledgerline will be able to read your accounts, balances and activity. It cannot trade or move money.';
  return page(
    200,
    `${INSTITUTION_NAME} — connect to Ledgerline`,
    `<h1>${INSTITUTION_NAME} — Allow Ledgerline to read your accounts and activity</h1><p>${what}</p>`
      + '<form method="post" action="/snapTrade/redeemToken">'
      + `<input type="hidden" name="token" value="${escapeHtml(token)}">`
      + '<button type="submit" name="decision" value="connect">Connect</button>'
      + '<button type="submit" name="decision" value="cancel">Cancel</button>'
      + '</form>',
    // The form posts here and is then redirected to the app's customRedirect: both are allowed targets.
    ['\'self\'', originOf(customRedirect)].filter((o) => o !== null).join(' '),
  );
}

/** The demo brokerage consents at once: the connection (or reconnection) is made now. */
function connectNow(ctx: Context, token: string, status: 302 | 303): Reply {
  const result = ctx.store.redeemPortalSession(token);
  if (result.kind === 'connected') {
    if (result.customRedirect !== null) return back(result.customRedirect, `status=SUCCESS&connection_id=${result.authorizationId}`, status);
    return notice(200, `${INSTITUTION_NAME} is connected. You can close this window.`);
  }
  if (result.kind === 'expired') return expired(result.customRedirect, status);
  return notice(404, 'This connection link is not valid.');
}

/** SnapTrade's portal error for a session that is over: 1006. */
function expired(customRedirect: string | null, status: 302 | 303): Reply {
  if (customRedirect !== null) return back(customRedirect, 'status=ERROR&status_code=400&error_code=1006', status);
  return notice(200, 'This connection link has expired. Start again from the app.');
}

/**
 * The connection portal, as a browser opens it. A login with a customRedirect (an app that waits for
 * the redirect) shows a consent page: Connect makes the connection, or with `reconnect` re-enables
 * it, and redirects to customRedirect?status=SUCCESS&connection_id=…; Cancel redirects with
 * status=ABANDONED. A login without one (demo mode's own set-up, which opens the URL itself) is
 * completed by the GET. The URL is good for five minutes and one use.
 */
export function portal(ctx: Context): Reply {
  const token = ctx.query.get('token') ?? '';
  const peek = ctx.store.peekPortalSession(token);
  if (peek.kind === 'unknown') return notice(404, 'This connection link is not valid.');
  if (peek.kind === 'expired') return expired(peek.customRedirect, 302);
  if (peek.customRedirect === null) return connectNow(ctx, token, 302);
  return consentPage(token, peek.customRedirect, peek.reconnect !== null);
}

/** The consent page's answer (a form POST; the single-use token is its only credential). */
export function portalDecision(ctx: Context): Reply {
  const token = ctx.form?.get('token') ?? '';
  const decision = ctx.form?.get('decision');
  if (decision === 'connect') return connectNow(ctx, token, 303);
  if (decision !== 'cancel') return notice(400, 'Choose Connect or Cancel.');
  const left = ctx.store.abandonPortalSession(token);
  if (left.kind === 'unknown') return notice(404, 'This connection link is not valid.');
  if (left.kind === 'expired') return expired(left.customRedirect, 303);
  if (left.customRedirect !== null) return back(left.customRedirect, 'status=ABANDONED', 303);
  return notice(200, 'Nothing was connected. You can close this window.');
}
