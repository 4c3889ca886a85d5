import { describe, expect, it } from 'vitest';
import { passphraseStrength } from '../../../../renderer/src/backup/passphraseStrength';

// The hint under the backup passphrase: short, repetitive or sequential is weak; several unrelated
// words or a long mix is strong; longer never scores lower.
describe('passphraseStrength', () => {
  it('grades typical passphrases', () => {
    expect(passphraseStrength('').strength).toBe('empty');
    for (const weak of ['password', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '12345678', 'Tr0ub4d']) expect(passphraseStrength(weak).strength, weak).toBe('weak');
    expect(passphraseStrength('violet kettle 47 ferns').strength).toBe('strong');
    expect(passphraseStrength('correct horse battery staple').strength).toBe('strong');
    expect(passphraseStrength('sunflower42').strength).toBe('fair');
  });

  it('a longer passphrase never scores fewer bits', () => {
    let p = '';
    let last = 0;
    for (const c of 'q7#Lm2pX9vR!kd0Zw') {
      p += c;
      const { bits } = passphraseStrength(p);
      expect(bits).toBeGreaterThanOrEqual(last);
      last = bits;
    }
  });
});
