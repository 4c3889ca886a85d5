/**
 * For the demo banks' consent pages (Plaid's Hosted Link, MoneyKit Connect's and SnapTrade's
 * connection portal stand-ins): HTML escaping, and the CSP source that allows exactly one inline
 * style sheet and nothing else.
 */
import { createHash } from 'node:crypto';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The CSP `style-src` source for this inline style sheet: `'sha256-…'`. */
export const styleSource = (css: string): string => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
