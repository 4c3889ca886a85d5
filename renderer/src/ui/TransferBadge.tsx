import type { ResolvedTransfer } from '../ledger/transfers';

/** "Transfer": the row is one side of a transfer between the user's accounts (neither spending nor income). */
export function TransferBadge({ pair }: { pair: ResolvedTransfer }) {
  const how = pair.manual ? 'marked by you' : pair.status === 'confirmed' ? 'confirmed by you' : `detected, ${Math.round(pair.confidence * 100)}% sure`;
  return (
    <span className="badge badge--transfer" data-testid="transfer-badge" data-pair-id={pair.id} title={`Transfer between your accounts (${how}): counted as neither spending nor income`}>
      Transfer
    </span>
  );
}
