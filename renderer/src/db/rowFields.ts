/**
 * Which fields of a stored transaction belong to whom. A provider update replaces exactly the
 * provider's fields; the user's fields and Ledgerline's own bookkeeping are carried over by name,
 * so no upsert can clobber a category or note the user set.
 */
import { TransactionSchema, type Transaction } from '../../../shared/types';
import type { TransactionRow, UserFields } from './schema';

const PROVIDER_FIELDS = Object.keys(TransactionSchema.shape) as (keyof Transaction)[];

export const USER_FIELDS = ['userCategory', 'note', 'excludedAt', 'tags', 'splits'] as const satisfies readonly (keyof UserFields)[];

/**
 * Do two values of one user field say the same (tags and splits are arrays: compared by content,
 * so a row read back from IndexedDB equals its image)? Absent and null are the same: not set.
 */
export function sameUserValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Everything on a stored row that no provider sent: bookkeeping, links and the user's fields. */
export const LOCAL_FIELDS = [
  'listKey', 'pendingKey', 'postedFromId', 'removedAt', 'firstSeenAt', 'updatedAt', ...USER_FIELDS,
] as const satisfies readonly Exclude<keyof TransactionRow, keyof Transaction>[];

/** Only the provider's fields of `tx`, even if something upstream let another key through. */
export function providerFields(tx: Transaction): Transaction {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_FIELDS) if (tx[field] !== undefined) out[field] = tx[field];
  return out as Transaction;
}

/** The user's fields of a row, omitting the ones never set. */
export function userFieldsOf(row: UserFields | undefined): UserFields {
  const out: Record<string, unknown> = {};
  if (!row) return out;
  for (const field of USER_FIELDS) if (row[field] !== undefined) out[field] = row[field];
  return out as UserFields;
}

/**
 * The user's fields a posted row inherits from its pending predecessor: each one the posted row
 * does not already have (a value the user set on the posted row itself wins).
 */
export function inheritUserFields(posted: UserFields, pending: UserFields): UserFields {
  const out: Record<string, unknown> = {};
  for (const field of USER_FIELDS) {
    const own = posted[field];
    const inherited = pending[field];
    if ((own === undefined || own === null) && inherited !== undefined && inherited !== null) out[field] = inherited;
  }
  return out as UserFields;
}
