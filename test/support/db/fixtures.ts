/** Rows and updates for the Dexie-layer tests (fake-indexeddb). */
import type { ReplaceScope, SyncUpdate, Transaction } from '../../../shared/types';

export const tx = (id: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, connectionId: 'c1', accountId: 'plaid:a1', amountMinor: -1000, currency: 'USD', date: '2026-11-01',
  authorizedDate: null, description: `T ${id}`, merchant: null, category: null, pending: false, pendingId: null, ...extra,
});

export const update = (
  fromCursor: string | null, nextCursor: string, upserts: Transaction[], removals: string[] = [], replace: ReplaceScope[] = [],
): SyncUpdate => ({
  pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor, nextCursor, upserts, removals, replace, pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0,
  accounts: [{ id: 'plaid:a1', connectionId: 'c1', name: 'Checking', officialName: null, mask: '0000', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 5000, availableMinor: 5000, limitMinor: null }],
});

export const meta = { trigger: 'manual' as const, startedAt: '2026-11-21T10:00:00.000Z' };
