/**
 * MoneyKit's OAuth client-credentials flow on the demo bank: POST /auth/token (form-encoded, or the
 * same pair as HTTP Basic auth) issues expiring Bearer tokens; every other endpoint requires one.
 */
import { MoneykitApiError, invalidInput } from './errors';
import { readBody, type Context, type Reply } from './http';

/** POST /auth/token: form-encoded client credentials, or the same pair as HTTP Basic auth. */
export async function createToken(ctx: Context): Promise<Reply> {
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw invalidInput(['header', 'content-type'], 'expected application/x-www-form-urlencoded');
  const form = new URLSearchParams(await readBody(ctx.req));
  if (form.get('grant_type') !== 'client_credentials') throw invalidInput(['body', 'grant_type'], 'grant_type must be client_credentials');
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret') ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (basic?.[1] !== undefined && clientId === '' && clientSecret === '') {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = colon < 0 ? decoded : decoded.slice(0, colon);
    clientSecret = colon < 0 ? '' : decoded.slice(colon + 1);
  }
  if (!ctx.store.credentialsMatch(clientId, clientSecret)) {
    throw new MoneykitApiError('api_error.auth.unauthorized', { message: 'Invalid client_id or client_secret.' });
  }
  const { token, expiresInSeconds } = ctx.store.tokens.issue();
  ctx.store.noteIssued(token);
  return { status: 201, body: { access_token: token, token_type: 'bearer', expires_in: expiresInSeconds } };
}

export function requireBearer(ctx: Context): void {
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
  const check = bearer === undefined ? 'invalid' : ctx.store.tokens.check(bearer);
  if (check === 'expired') throw new MoneykitApiError('api_error.auth.expired_access_token');
  if (check === 'invalid') throw new MoneykitApiError('api_error.auth.unauthorized', { message: 'Missing or invalid access token.' });
}
