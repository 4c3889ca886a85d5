/**
 * A hint, not a gate: how hard a passphrase looks to guess, from its length and the kinds of
 * characters in it, with repeats and runs counted once. Hand-written on purpose: the backup's
 * PBKDF2 (600k iterations) does the real work, and a dictionary-based estimator (zxcvbn, ~800 kB)
 * would be the largest thing in the bundle for a one-line hint.
 */
export type Strength = 'empty' | 'weak' | 'fair' | 'strong';

export function passphraseStrength(p: string): { strength: Strength; bits: number; hint: string } {
  if (p.length === 0) return { strength: 'empty', bits: 0, hint: '' };
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^A-Za-z0-9]/.test(p)) pool += 33;
  // A character that repeats the one before, or continues a run (abc, 123), adds little.
  let effective = 0;
  for (let i = 0; i < p.length; i++) {
    const prev = i > 0 ? p.charCodeAt(i - 1) : NaN;
    const c = p.charCodeAt(i);
    effective += c === prev || c === prev + 1 || c === prev - 1 ? 0.25 : 1;
  }
  const bits = Math.round(effective * Math.log2(Math.max(pool, 2)));
  if (bits < 45) return { strength: 'weak', bits, hint: 'Weak: use four or more unrelated words, or a longer mix of characters.' };
  if (bits < 70) return { strength: 'fair', bits, hint: 'Fair: a few more words or characters would make it much harder to guess.' };
  return { strength: 'strong', bits, hint: 'Strong.' };
}
