/**
 * The transaction detail's "Transfer" section: the pair a row is part of (counted, or only
 * proposed), with "Not a transfer" / "Count as a transfer"; for a row in no pair, "Mark as
 * transfer…" lists the rows that could be its other side — the same amount the other way, same
 * currency, another account, within TRANSFER_PICK_DAYS — read from IndexedDB by date range.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { TRANSFER_REASON_TEXT } from '../../../../shared/ledger/transfers';
import { addDays } from '../../../../shared/ledger/recurring';
import { answerTransfer, markTransfer, unmarkTransfer } from '../../db/transferDecisions';
import type { LedgerlineDb, TransactionRow } from '../../db/schema';
import { useAccountNames } from '../../hooks/useAccountNames';
import { useLedgerline } from '../../hooks/useLedgerline';
import { usePatterns } from '../../hooks/usePatterns';
import { shortDay } from '../format';
import { Money } from '../Money';

export const TRANSFER_PICK_DAYS = 10;

/** Rows that could be the other side of `row` (live, posted, equal and opposite, another account). */
export async function transferCandidates(db: LedgerlineDb, row: TransactionRow): Promise<TransactionRow[]> {
  const from = addDays(row.date, -TRANSFER_PICK_DAYS);
  const to = addDays(row.date, TRANSFER_PICK_DAYS);
  const near = await db.transactions.where('listKey').between(`${from}|`, `${to}|\uffff`, true, true).toArray();
  return near
    .filter((t) => t.removedAt === null && !t.pending && t.accountId !== row.accountId && t.currency === row.currency && t.amountMinor === -row.amountMinor)
    .sort((a, b) => Math.abs(Date.parse(a.date) - Date.parse(row.date)) - Math.abs(Date.parse(b.date) - Date.parse(row.date)) || (a.id < b.id ? -1 : 1));
}

export function TransferSection({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const accounts = useAccountNames();
  const { pairOf } = usePatterns();
  const pair = pairOf.get(row.id);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const otherId = pair ? (pair.outId === row.id ? pair.inId : pair.outId) : null;
  const other = useLiveQuery(() => (otherId ? db.transactions.get(otherId) : undefined), [db, otherId]);
  const candidates = useLiveQuery(() => (picking && !pair ? transferCandidates(db, row) : Promise.resolve([])), [db, row, picking, pair]);
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    void work().finally(() => {
      setBusy(false);
      setPicking(false);
    });
  };
  if (row.pending || row.removedAt) return null;

  return (
    <section className="detail__transfer" aria-labelledby="transfer-title" data-testid="detail-transfer">
      <h3 className="detail__section-title" id="transfer-title">Transfer</h3>
      {pair && (
        <>
          <p className="detail__transfer-status" data-testid="detail-transfer-status">
            {pair.counted
              ? pair.manual ? 'Marked by you as a transfer between your accounts.' : pair.status === 'confirmed' ? 'Confirmed as a transfer between your accounts.' : `Detected as a transfer between your accounts (${Math.round(pair.confidence * 100)}% sure).`
              : `Maybe a transfer between your accounts (${Math.round(pair.confidence * 100)}% sure); not counted as one unless you say so.`}
            {' '}Transfers count as neither spending nor income.
          </p>
          {other && (
            <p className="detail__transfer-other" data-testid="detail-transfer-other">
              <span>{pair.outId === row.id ? 'To' : 'From'} {accounts.get(other.accountId) ?? other.accountId} · {shortDay(other.date)} · {other.merchant ?? other.description}</span>
              <Money minor={other.amountMinor} currency={other.currency} />
            </p>
          )}
          {pair.reasons.length > 0 && <p className="detail__muted">{pair.reasons.map((r) => TRANSFER_REASON_TEXT[r]).join(' · ')}</p>}
          <div className="detail__transfer-actions">
            {!pair.counted && (
              <button type="button" className="button button--primary button--small" disabled={busy} data-testid="transfer-confirm" onClick={() => act(() => answerTransfer(db, pair, 'confirm'))}>
                Count as a transfer
              </button>
            )}
            <button type="button" className="button button--small" disabled={busy} data-testid="transfer-unmark" onClick={() => act(() => unmarkTransfer(db, pair))}>
              Not a transfer
            </button>
          </div>
        </>
      )}
      {!pair && !picking && (
        <button type="button" className="button button--small" data-testid="transfer-mark" onClick={() => setPicking(true)}>
          Mark as transfer…
        </button>
      )}
      {!pair && picking && (
        <div className="detail__transfer-pick" data-testid="transfer-pick">
          <p className="detail__muted">The other side: {row.amountMinor < 0 ? 'money in' : 'money out'} of the same amount in another account, within {TRANSFER_PICK_DAYS} days.</p>
          {candidates?.length === 0 && <p className="detail__muted" data-testid="transfer-pick-none">No such row.</p>}
          <ul className="detail__transfer-candidates">
            {candidates?.map((c) => (
              <li key={c.id}>
                <button type="button" className="detail__transfer-candidate" disabled={busy} data-testid="transfer-candidate" data-tx-id={c.id} onClick={() => act(() => markTransfer(db, row, c))}>
                  <span>{shortDay(c.date)} · {accounts.get(c.accountId) ?? c.accountId} · {c.merchant ?? c.description}</span>
                  <Money minor={c.amountMinor} currency={c.currency} />
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="link-button" onClick={() => setPicking(false)}>Cancel</button>
        </div>
      )}
    </section>
  );
}
