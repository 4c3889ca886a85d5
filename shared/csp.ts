/**
 * The renderer's Content Security Policy, identical under Electron (custom app:// protocol) and the
 * browser host. No inline script, no eval, no remote origin; `connect-src 'self'` also admits the
 * browser host's same-origin WebSocket.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** As an HTTP header the policy can also forbid framing (a <meta> policy cannot). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
