/**
 * Which fields of a stored transaction belong to whom. A provider update replaces exactly the
 * provider's fields; the user's fields and Ledgerline's own bookkeeping are carried over by name,
 * so no upsert can clobber a category or note the user set.
 */
import { TransactionSchema, type Transaction } from '../../../shared/types';
import type { TransactionRow, UserFields } from './schema';

const PROVIDER_FIELDS = Object.keys(TransactionSchema.shape) as (keyof Transaction)[];

export const USER_FIELDS = ['userCategory', 'note'] as const satisfies readonly (keyof UserFields)[];

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
  const out: UserFields = {};
  if (!row) return out;
  for (const field of USER_FIELDS) if (row[field] !== undefined) out[field] = row[field];
  return out;
}

/**
 * The user's fields a posted row inherits from its pending predecessor: each one the posted row
 * does not already have (a value the user set on the posted row itself wins).
 */
export function inheritUserFields(posted: UserFields, pending: UserFields): UserFields {
  const out: UserFields = {};
  for (const field of USER_FIELDS) {
    const own = posted[field];
    const inherited = pending[field];
    if ((own === undefined || own === null) && inherited !== undefined && inherited !== null) out[field] = inherited;
  }
  return out;
}
