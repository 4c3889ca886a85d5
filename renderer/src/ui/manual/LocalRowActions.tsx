/**
 * In a transaction's detail panel, for a row that is Ledgerline's own (typed in: `manual:`, or
 * imported from a file: `import:`): where it came from, and Edit… (date, description, amount,
 * note; Delete) — no sync will ever bring such a row back or change it.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { TransactionRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { ManualTransactionDialog } from './ManualTransactionDialog';
import './manual.css';

export function LocalRowActions({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const account = useLiveQuery(() => db.accounts.get(row.accountId), [db, row.accountId]);
  const [editing, setEditing] = useState(false);
  if (!account || row.listKey === undefined) return null;
  return (
    <p className="local-row" data-testid="local-row">
      <span className="local-row__source">{row.id.startsWith('import:') ? 'Imported from a file' : 'Added by hand'}</span>
      <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)} data-testid="local-row-edit">Edit or delete…</button>
      {editing && <ManualTransactionDialog account={account} row={row} onClose={() => setEditing(false)} />}
    </p>
  );
}
