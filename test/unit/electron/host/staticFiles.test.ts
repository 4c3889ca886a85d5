import { describe, expect, it } from 'vitest';
import { requestPath } from '../../../../electron/host/staticFiles';

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
