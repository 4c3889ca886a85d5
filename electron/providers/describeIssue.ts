import type { z } from 'zod';

/**
 * Names the first offending field of a provider reply that failed its schema:
 * "added[3].amount: expected number, received string" (Plaid), "transactions.created[3].amount: …"
 * (MoneyKit), "data[3].amount: …" (SnapTrade).
 */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid response';
  const where = issue.path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
  return `${where || 'response'}: ${issue.message}`;
}
