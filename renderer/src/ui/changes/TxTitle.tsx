import type { TransactionRow } from '../../db/schema';
import { useOpenTransaction } from '../../hooks/useOpenTransaction';

/** A transaction's name in the Changes view; opens its detail panel. */
export function TxTitle({ row, fallback }: { row: TransactionRow | undefined; fallback: string }) {
  const open = useOpenTransaction();
  if (!row) return <span className="change__title">{fallback}</span>;
  const name = row.merchant ?? row.description;
  return (
    <button type="button" className="change__title change__title--link" onClick={() => open(row.id)} title={row.description} data-tx-id={row.id}>
      {name}
    </button>
  );
}
