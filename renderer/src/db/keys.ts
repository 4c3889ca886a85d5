/** The derived keys stored on transaction rows so that lists and scopes are index ranges. */
import type { Transaction } from '../../../shared/types';

export const listKeyOf = (t: Pick<Transaction, 'date' | 'id'>) => `${t.date}|${t.id}`;

/** NUL-separated, so one account's keys form a contiguous range whatever its id contains. */
export const pendingKeyOf = (t: Pick<Transaction, 'accountId' | 'date' | 'id'>) => `${t.accountId}\u0000${t.date}\u0000${t.id}`;

/** The `pendingKey` range of an account's pendings dated `from..to` (inclusive; null = open). */
export function pendingKeyRange(accountId: string, from: string | null, to: string | null): [string, string] {
  return [`${accountId}\u0000${from ?? ''}`, `${accountId}\u0000${to === null ? '\uffff' : `${to}\u0000\uffff`}`];
}
