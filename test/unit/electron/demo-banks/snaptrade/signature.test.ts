import { AccountInformationApi, AuthenticationApi, Configuration, ConnectionsApi, SnaptradeAuth } from 'snaptrade-typescript-sdk';
import { describe, expect, it } from 'vitest';
import { canonicalJson, candidatePaths, signatureFor, signedContent, verifySignature } from '../../../../../electron/demo-banks/snaptrade/signature';

const KEY = 'consumer-key-0123456789';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ query: 'q', path: '/p', content: { b: 1, a: { z: [3, { y: 2, x: 1 }], c: null } } }))
      .toBe('{"content":{"a":{"c":null,"z":[3,{"x":1,"y":2}]},"b":1},"path":"/p","query":"q"}');
  });

  it('sorts integer-like keys as strings, as the SDK does (JavaScript objects would put "2" before "10")', () => {
    expect(canonicalJson({ 2: 'two', 10: 'ten', a: 'a' })).toBe('{"10":"ten","2":"two","a":"a"}');
  });

  it('keeps array order, drops undefined members and escapes strings like JSON.stringify', () => {
    expect(canonicalJson({ list: ['b', 'a'], gone: undefined, text: 'é "quoted"\n' })).toBe('{"list":["b","a"],"text":"é \\"quoted\\"\\n"}');
  });

  it('gives the reference document\'s canonical message for a GET', () => {
    const query = 'clientId=CLIENT&userId=u1&userSecret=s1&startDate=2024-01-01&offset=0&limit=2&timestamp=1795258448';
    expect(canonicalJson({ content: null, path: '/accounts/acc1/activities', query }))
      .toBe(`{"content":null,"path":"/accounts/acc1/activities","query":"${query}"}`);
  });
});

describe('signedContent', () => {
  it('is null for no body and for exactly {}; the parsed body otherwise', () => {
    expect(signedContent('')).toBeNull();
    expect(signedContent('  ')).toBeNull();
    expect(signedContent('{}')).toBeNull();
    expect(signedContent('{"userId":"u"}')).toEqual({ userId: 'u' });
    expect(signedContent('[]')).toEqual([]);
    expect(() => signedContent('{oops')).toThrow(SyntaxError);
  });
});

describe('verifySignature', () => {
  const request = { path: '/accounts', query: 'clientId=C&timestamp=1', content: null };

  it('accepts the path with or without the legacy /api/v1 prefix, whichever was requested', () => {
    expect(candidatePaths('/accounts')).toEqual(['/accounts', '/api/v1/accounts']);
    expect(candidatePaths('/api/v1/accounts')).toEqual(['/api/v1/accounts', '/accounts']);
    const legacySigned = signatureFor(KEY, { ...request, path: '/api/v1/accounts' });
    expect(verifySignature(KEY, request, legacySigned)).toBe(true);
    expect(verifySignature(KEY, { ...request, path: '/api/v1/accounts' }, signatureFor(KEY, request))).toBe(true);
    expect(verifySignature(KEY, request, signatureFor(KEY, { ...request, path: '/api/v2/accounts' }))).toBe(false);
  });

  it('rejects another key, query or content, a missing header and garbage', () => {
    const good = signatureFor(KEY, request);
    expect(verifySignature(KEY, request, good)).toBe(true);
    expect(verifySignature('other-key', request, good)).toBe(false);
    expect(verifySignature(KEY, { ...request, query: 'timestamp=1&clientId=C' }, good)).toBe(false);
    expect(verifySignature(KEY, { ...request, content: {} }, good)).toBe(false);
    expect(verifySignature(KEY, request, undefined)).toBe(false);
    expect(verifySignature(KEY, request, '')).toBe(false);
    expect(verifySignature(KEY, request, 'not base64 at all!')).toBe(false);
  });
});

/**
 * The ground truth: requests the official SDK (11.0.3) signs must verify. The SDK is given an
 * axios stand-in that records the request instead of sending it.
 */
describe('signatures made by the official SDK', () => {
  type Captured = { url: string; data?: string; headers: Record<string, string> };
  function capturingSdk(consumerKey: string) {
    const sent: Captured[] = [];
    const axios = { request: async (config: Captured) => (sent.push(config), { status: 200, data: {}, headers: {} }) };
    const configuration = new Configuration({ auth: SnaptradeAuth.commercialApiKey({ clientId: 'CLIENT', consumerKey }), basePath: 'http://sdk.invalid' });
    type AxiosArg = ConstructorParameters<typeof AccountInformationApi>[2];
    const fake = axios as unknown as AxiosArg;
    return {
      sent,
      accounts: new AccountInformationApi(configuration, undefined, fake),
      auth: new AuthenticationApi(configuration, undefined, fake),
      connections: new ConnectionsApi(configuration, undefined, fake),
    };
  }
  const verifies = (consumerKey: string, c: Captured | undefined): boolean => {
    if (!c) throw new Error('nothing was sent');
    const url = new URL(c.url);
    const query = c.url.slice(c.url.indexOf('?') + 1);
    return verifySignature(consumerKey, { path: url.pathname, query, content: signedContent(c.data ?? '') }, c.headers.Signature);
  };
  const user = { userId: 'u1', userSecret: 's1' };

  it('verifies a GET with query parameters, a POST with a body, and a body-less POST', async () => {
    const sdk = capturingSdk(KEY);
    await sdk.accounts.getAccountActivities({ ...user, accountId: 'acc 1/x', startDate: '2024-01-01', offset: 0, limit: 2 });
    await sdk.auth.registerSnapTradeUser({ userId: 'new user é' });
    await sdk.auth.loginSnapTradeUser({ ...user }); // body "{}": signed as null
    await sdk.auth.loginSnapTradeUser({ ...user, reconnect: 'auth-1', customRedirect: 'http://127.0.0.1/done', connectionType: 'read' });
    await sdk.connections.syncBrokerageAuthorizationTransactions({ ...user, authorizationId: 'auth-1' });
    expect(sdk.sent).toHaveLength(5);
    expect(sdk.sent[2]?.data).toBe('{}');
    for (const c of sdk.sent) expect(verifies(KEY, c), c.url).toBe(true);
  });

  it('keys the HMAC with encodeURI(consumerKey), so keys with spaces and accents still verify', async () => {
    const odd = 'kéy with spaces/and%25';
    const sdk = capturingSdk(odd);
    await sdk.connections.listBrokerageAuthorizations(user);
    expect(verifies(odd, sdk.sent[0])).toBe(true);
    expect(verifies(KEY, sdk.sent[0])).toBe(false);
  });

  it('puts clientId, userId, userSecret first and timestamp last in the signed query', async () => {
    const sdk = capturingSdk(KEY);
    await sdk.accounts.getAccountActivities({ ...user, accountId: 'acc1', startDate: '2024-01-01', offset: 0, limit: 2 });
    expect(sdk.sent[0]?.url).toMatch(/\/accounts\/acc1\/activities\?clientId=CLIENT&userId=u1&userSecret=s1&startDate=2024-01-01&offset=0&limit=2&timestamp=\d+$/);
  });
});
