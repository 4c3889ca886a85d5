/**
 * The Plaid demo bank's Hosted Link page, `/hosted-link/<link_token>`: the consent page a real
 * sign-in opens in the browser, and what the user's answer does to the link token's session (a new
 * item, a repaired one, or an exit).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, styleSource } from '../common/html';
import { readForm } from '../common/http';
import { PlaidError } from './errors';
import type { PlaidStore } from './items';
import type { LinkSessionState, LinkTokenState, LinkTokens } from './linkTokens';
import { INSTITUTION } from './wire';

const PAGE_CSS = 'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2330}h1{font-size:1.3rem}p.who{color:#5a6275}form{display:flex;gap:.75rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #8a93a6;background:#fff;cursor:pointer}button.go{background:#1f5fd6;border-color:#1f5fd6;color:#fff}';
const PAGE_STYLE_SOURCE = styleSource(PAGE_CSS);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head><body>${body}</body></html>`;
}

function consentPage(state: LinkTokenState): string {
  const client = escapeHtml(state.clientName);
  const bank = escapeHtml(INSTITUTION.name);
  const intro = state.updateItemId === null
    ? `<p>${client} is asking to connect to your accounts at ${bank}.</p>`
    : `<p>${bank} needs you to sign in again so that ${client} can keep reading your accounts.</p>`;
  return page(
    `${INSTITUTION.name} — sign in`,
    `<h1>${bank} — Allow ${client} to read your accounts and transactions</h1>${intro}` +
      `<p class="who">${client} will see account names, the last four digits of account numbers, balances and transactions. It cannot move money.</p>` +
      `<form method="post"><button class="go" type="submit" name="decision" value="continue">Continue</button>` +
      `<button type="submit" name="decision" value="cancel">Cancel</button></form>`,
  );
}

const noticePage = (title: string, text: string): string => page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);


function exitWire(error: PlaidError | null, session: LinkSessionState, requestId: string): LinkSessionState['exit'] {
  return {
    error: error?.toWire(requestId) ?? null,
    metadata: { institution: { name: INSTITUTION.name, institution_id: INSTITUTION.id }, status: null, link_session_id: session.id, request_id: requestId },
  };
}

/** Finishes the session the user answered: a new item, a repaired one, or an exit. */
function finishSession(store: PlaidStore, state: LinkTokenState, session: LinkSessionState, decision: 'continue' | 'cancel', requestId: string): void {
  const now = store.now();
  session.finishedAt = now;
  if (decision === 'cancel') {
    session.exit = exitWire(null, session, requestId);
    return;
  }
  if (state.updateItemId !== null) {
    const item = store.itemById(state.updateItemId);
    if (item === null) {
      session.exit = exitWire(new PlaidError('ITEM_NOT_FOUND'), session, requestId);
      return;
    }
    // Signing in again is what repairs a login-required item.
    delete item.faults.loginRequired;
    return;
  }
  const { publicToken, item } = store.createItem(INSTITUTION.id);
  session.itemAdd = {
    public_token: publicToken,
    accounts: item.ledger.accounts.map((a) => ({ id: a.id, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype })),
    institution: { name: INSTITUTION.name, institution_id: item.institutionId },
  };
}

/**
 * The Hosted Link page, `/hosted-link/<link_token>`: GET shows the consent page, POST (the page's
 * form) finishes the session and redirects (303) to `completion_redirect_uri`, if the token has one.
 * The page loads nothing external and allows only its own inline style and form.
 */
export async function hostedLinkPage(store: PlaidStore, links: LinkTokens, req: IncomingMessage, res: ServerResponse, linkToken: string, requestId: string): Promise<number> {
  const state = links.get(linkToken);
  const redirectOrigin = state?.completionRedirectUri ? ` ${new URL(state.completionRedirectUri).origin}` : '';
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    // form-action also governs the redirect after the POST, so the completion URI's origin is allowed.
    'content-security-policy': `default-src 'none'; style-src ${PAGE_STYLE_SOURCE}; form-action 'self'${redirectOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // The link token is in the URL: never send it on as a Referer, never cache the page.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  const send = (status: number, html: string): number => {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(html) });
    res.end(html);
    return status;
  };
  if (req.method !== 'GET' && req.method !== 'POST') return send(405, noticePage('Not allowed', 'This page only answers GET and POST.'));
  if (state === undefined || !state.hosted) return send(404, noticePage('Unknown sign-in link', 'This sign-in link is not valid. Return to the app and start again.'));
  const now = store.now();
  state.session ??= { id: randomUUID(), startedAt: now, finishedAt: null, itemAdd: null, exit: null };
  const session = state.session;
  if (session.finishedAt !== null) return send(409, noticePage('Already finished', 'This sign-in is already finished. You can close this tab.'));
  if (now.getTime() > state.expiresAt.getTime()) {
    session.finishedAt = now;
    session.exit = exitWire(new PlaidError('INVALID_LINK_TOKEN', 'the link token has expired'), session, requestId);
    return send(410, noticePage('Sign-in link expired', 'This sign-in link has expired. Return to the app and start again.'));
  }
  if (req.method === 'GET') return send(200, consentPage(state));
  const decision = (await readForm(req, 4096))?.get('decision');
  if (decision !== 'continue' && decision !== 'cancel') return send(400, noticePage('Unexpected answer', 'Use the Continue or Cancel button.'));
  finishSession(store, state, session, decision, requestId);
  if (state.completionRedirectUri !== null) {
    res.writeHead(303, { ...headers, location: state.completionRedirectUri, 'content-length': 0 });
    res.end();
    return 303;
  }
  return send(200, noticePage(decision === 'cancel' ? 'Cancelled' : 'All done', 'You can close this tab.'));
}
