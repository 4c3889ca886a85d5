import { describe, expect, it } from 'vitest';
import { findSecretLike } from '../../../../shared/backup/secretScan';

// The guard a backup passes before it leaves the page: a secret-like field or value anywhere in a
// row stops it, and the app's real row shapes pass.
describe('findSecretLike', () => {
  it('finds secret-like field names at any depth, with their path', () => {
    expect(findSecretLike([{ id: 'c1', accessToken: 'x' }], 'connections')).toBe('connections[0].accessToken');
    expect(findSecretLike({ update: { accounts: [{ meta: { client_secret: 'abc' } }] } }, 'heldUpdates')).toBe('heldUpdates.update.accounts[0].meta.client_secret');
    expect(findSecretLike({ api_key: 'k' })).toBe('api_key');
    expect(findSecretLike({ Authorization: 'Basic x' })).toBe('Authorization');
  });

  it('finds token-shaped values under innocent names', () => {
    expect(findSecretLike({ note: 'access-sandbox-1b2c3d4e-5f60-7181-92a3-b4c5d6e7f809' })).toBe('note');
    expect(findSecretLike({ note: 'public-production-0f1e2d3c-aaaa' })).toBe('note');
    expect(findSecretLike(['Bearer abcdefghijklmnopqrstuvwxyz'])).toBe('[0]');
  });

  it('passes the app\'s own rows, and empty secret-named fields', () => {
    const tx = { id: 'plaid:t1', connectionId: 'c1', description: 'ACCESS HOLLOWAY', note: 'token of thanks? no: a gift', merchant: null, amountMinor: -100 };
    const cursor = { connectionId: 'c1', cursor: 'mk2:p1:0:abc', updatedAt: '2026-04-05T09:00:00.000Z' };
    expect(findSecretLike([tx, cursor])).toBeNull();
    expect(findSecretLike({ secret: null, token: '' })).toBeNull();
  });
});
