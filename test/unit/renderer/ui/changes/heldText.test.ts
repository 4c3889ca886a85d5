import { describe, expect, it } from 'vitest';
import { discardText, holdReasonText } from '../../../../../renderer/src/ui/changes/heldText';
import { summaryText } from '../../../../../renderer/src/sync/syncActivity';

const name = (id: string) => (id === 'plaid:chk' ? 'Everyday Checking ••0000' : '?');

describe('a held sync in words', () => {
  it('says each reason with its numbers and the account name', () => {
    expect(holdReasonText({ kind: 'massRemoval', accountId: 'plaid:chk', removed: 240, liveBefore: 312 }, name))
      .toBe('It would remove 240 of the 312 transactions in Everyday Checking ••0000 (77%).');
    expect(holdReasonText({ kind: 'emptiedHistory', accountId: 'plaid:chk', liveBefore: 1 }, name))
      .toBe('It would leave Everyday Checking ••0000 with no transactions: all 1 transaction would be removed.');
    expect(holdReasonText({ kind: 'massReidentify', accountId: 'plaid:chk', reidentified: 30, liveBefore: 40 }, name))
      .toBe('It would re-issue 30 of the 40 transactions in Everyday Checking ••0000 under new ids (75%).');
    expect(holdReasonText({ kind: 'balanceJump', accountId: 'plaid:chk', currency: 'USD', beforeMinor: 120_410, afterMinor: 12_041_000 }, name))
      .toMatch(/^It would change the balance of Everyday Checking ••0000 from \$1,204\.10 to \$120,410\.00\.$/);
  });

  it('says what Discard means, naming the institution and the provider', () => {
    expect(discardText('First Platypus Bank', 'plaid')).toBe(
      'Discard keeps everything as it is. Ledgerline will ask First Platypus Bank through Plaid again at the next sync, from where it left off; if the answer is the same, it will be held again.',
    );
  });

  it('puts a held sync first in the top bar summary, as a warning, not a failure', () => {
    const t = { applied: 1, added: 2, posted: 0, modified: 0, removed: 0, suggested: 0, failed: [], waiting: [] };
    expect(summaryText({ ...t, held: ['First Platypus Bank'] })).toEqual({ text: 'Sync held for review: First Platypus Bank · 2 new', tone: 'warn' });
    expect(summaryText({ ...t, held: [] })).toEqual({ text: '2 new', tone: 'ok' });
  });
});
