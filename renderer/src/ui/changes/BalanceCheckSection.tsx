/**
 * A run's balance check in its Changes entry: for each account whose bank balance and rows
 * disagreed at this sync (db/apply/balanceCheck.ts), the sentence and the rows that may explain
 * it, likeliest first. Nothing when every checked balance agreed.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { formatMoney } from '../../../../shared/money';
import { useLedgerline } from '../../hooks/useLedgerline';
import { describeDisagreement, describeExplanation, EXACT_NOTE } from '../balance/describeBalance';
import '../review/review.css';

export function BalanceCheckSection({ runId }: { runId: string }) {
  const { db } = useLedgerline();
  const data = useLiveQuery(async () => {
    const checks = (await db.balanceChecks.where('runId').equals(runId).toArray()).filter((c) => c.status === 'disagrees');
    if (checks.length === 0) return null;
    const accounts = await db.accounts.bulkGet(checks.map((c) => c.accountId));
    return checks.map((c, i) => ({ check: c, account: accounts[i] }));
  }, [db, runId]);
  if (!data) return null;
  return (
    <>
      {data.map(({ check, account }) => (
        <div key={check.id} className="balance-note" role="note" data-testid="run-balance-check" aria-label={`Balance check for ${account?.name ?? 'an account'}`}>
          <p className="balance-note__sentence">
            <span className="balance-note__badge">Balance check</span>
            <span>{account ? `${account.name}: ` : ''}{describeDisagreement(check)}</span>
          </p>
          {check.explanations.length > 0 && (
            <ul className="review-item__lines" aria-label="Rows that may explain it, likeliest first">
              {check.explanations.map((e) => (
                <li key={`${e.kind}:${e.txIds.join(',')}`} className={`review-item__line${e.exact ? ' review-item__line--strong' : ''}`} data-testid="run-balance-explanation">
                  <span className="review-item__line-text">{e.description} — {describeExplanation(e)}{e.exact ? ` (${EXACT_NOTE.toLowerCase()})` : ''}</span>
                  <span className="review-item__amount amount">{formatMoney(e.kind === 'duplicate' ? -e.explainsMinor : e.explainsMinor, check.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </>
  );
}
