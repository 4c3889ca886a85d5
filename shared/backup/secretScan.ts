/**
 * The last guard before a backup leaves the page: no keychain secret may be in it. Secrets live in
 * main only (the renderer never holds one), so this should never fire; it is here so that a future
 * table or field that copies one in fails the backup loudly instead of writing it to a file.
 *
 * A value is secret-like by its property name (token, secret, password, API key, authorization)
 * or by its shape (the access and public tokens Plaid, MoneyKit and SnapTrade issue, a bearer
 * header). Hand-written: a few regular expressions over the rows the backup already walks.
 */

const SECRET_NAME = /token|secret|password|passphrase|api_?key|consumer_?key|authorization/i;
const SECRET_VALUE = /^(access|public|link)-(sandbox|development|production|demo)-[0-9a-f-]{8,}|^Bearer\s+\S{16,}/i;

/** The path of the first secret-like field or value in `value`, or null. */
export function findSecretLike(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? path || '(value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecretLike(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (SECRET_NAME.test(k) && v !== null && v !== undefined && v !== '') return here;
      const hit = findSecretLike(v, here);
      if (hit) return hit;
    }
  }
  return null;
}
