import { describe, expect, it } from 'vitest';
import { backgroundSyncNotification } from '../../../../shared/schedule/notifySummary';

describe('backgroundSyncNotification', () => {
  it('counts new transactions, names the institutions (most news first) and the largest amount', () => {
    const n = backgroundSyncNotification([
      { institutionName: 'Acorn Credit Union', added: 4, posted: 0 },
      { institutionName: 'First Platypus Bank', added: 8, posted: 2 },
    ], { amountMinor: -12_000, currency: 'USD' }, 'en-US');
    expect(n?.title).toBe('12 new transactions · 2 posted');
    expect(n?.body).toBe('First Platypus Bank: 8 new, 2 posted; Acorn Credit Union: 4 new. Largest: -$120.00.');
  });

  it('one transaction, singular; postings only say posted and give no largest amount', () => {
    expect(backgroundSyncNotification([{ institutionName: 'B', added: 1, posted: 0 }], null)?.title).toBe('1 new transaction');
    const posted = backgroundSyncNotification([{ institutionName: 'B', added: 0, posted: 3 }], { amountMinor: 500, currency: 'USD' });
    expect(posted).toEqual({ title: '3 transactions posted', body: 'B: 3 posted.' });
  });

  it('nothing new: no notification', () => {
    expect(backgroundSyncNotification([], null)).toBeNull();
    expect(backgroundSyncNotification([{ institutionName: 'B', added: 0, posted: 0 }], null)).toBeNull();
  });

  it('adds up several runs of one institution', () => {
    const n = backgroundSyncNotification([
      { institutionName: 'B', added: 2, posted: 0 },
      { institutionName: 'B', added: 3, posted: 1 },
    ], null);
    expect(n).toEqual({ title: '5 new transactions · 1 posted', body: 'B: 5 new, 1 posted.' });
  });

  it('stays within the channel limits however many institutions there are', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ institutionName: `Institution with a long name number ${i}`, added: 1, posted: 0 }));
    const n = backgroundSyncNotification(many, { amountMinor: 100, currency: 'EUR' });
    expect(n?.title.length).toBeLessThanOrEqual(120);
    expect(n?.body.length).toBeLessThanOrEqual(400);
    expect(n?.body).toMatch(/; and \d+ more\. Largest: \+€1\.00\.$/);
  });
});
