import { describe, expect, it } from 'vitest';
import { cacheControl, requestPath } from '../../../../electron/host/staticFiles';

describe('requestPath', () => {
  it('decodes a request target to its path', () => {
    expect(requestPath('/assets/a%20b.js?x=1')).toBe('/assets/a b.js');
    expect(requestPath(undefined)).toBe('/');
    expect(requestPath('/a%2F..%2F..%2Fetc')).toBe('/a/../../etc'); // decoded after URL parsing: the caller's root check refuses it
  });

  it('says null, instead of throwing, for targets that are not a URL path', () => {
    for (const target of ['/%E0%A4%A', '/%ZZ', '/%', '//[', '/a%00b']) expect(requestPath(target), target).toBeNull();
  });
});

describe('cacheControl', () => {
  it('lets the browser keep (and compile once) the content-hashed assets Vite builds', () => {
    for (const p of ['/assets/index-BYV3AFT6.js', '/assets/ledgerIndex.worker-CekcTjGP.js', '/assets/index-CJDJBCDF.css', '/assets/a_b-x-Dwi1TFDC.js']) {
      expect(cacheControl(p), p).toBe('public, max-age=31536000, immutable');
    }
  });

  it('has everything else fetched afresh: index.html names the current hashes', () => {
    for (const p of ['/', '/index.html', '/favicon.svg', '/assets/index.js', '/assets/sub/x-BYV3AFT6.js', '/other/x-BYV3AFT6.js', '/assets/x-BYV3.js']) {
      expect(cacheControl(p), p).toBe('no-store');
    }
  });
});
