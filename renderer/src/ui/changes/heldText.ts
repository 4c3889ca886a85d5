/**
 * Words for a held update (db/heldUpdates.ts): why Ledgerline held it, in plain words with the
 * numbers and account names, what applying it would do, and what Discard means.
 */
import { formatMoney } from '../../../../shared/money';
import { providerName } from '../../../../shared/providers';
import type { HoldReason } from '../../../../shared/sync/suspicion';
import type { Provider } from '../../../../shared/types';

const rows = (n: number) => `${n.toLocaleString()} transaction${n === 1 ? '' : 's'}`;
const percent = (part: number, whole: number) => `${Math.round((part / Math.max(1, whole)) * 100)}%`;

/** One reason as a sentence: "It would remove 240 of the 312 transactions in Everyday Checking ••0000 (77%)." */
export function holdReasonText(reason: HoldReason, account: (id: string) => string): string {
  const name = account(reason.accountId);
  switch (reason.kind) {
    case 'massRemoval':
      return `It would remove ${reason.removed.toLocaleString()} of the ${rows(reason.liveBefore)} in ${name} (${percent(reason.removed, reason.liveBefore)}).`;
    case 'emptiedHistory':
      return `It would leave ${name} with no transactions: all ${rows(reason.liveBefore)} would be removed.`;
    case 'massReidentify':
      return `It would re-issue ${reason.reidentified.toLocaleString()} of the ${rows(reason.liveBefore)} in ${name} under new ids (${percent(reason.reidentified, reason.liveBefore)}).`;
    case 'balanceJump':
      return `It would change the balance of ${name} from ${formatMoney(reason.beforeMinor, reason.currency)} to ${formatMoney(reason.afterMinor, reason.currency)}.`;
  }
}

/** What Discard does, for this connection. */
export function discardText(institution: string, provider: Provider | undefined): string {
  const via = provider ? ` through ${providerName(provider)}` : '';
  return `Discard keeps everything as it is. Ledgerline will ask ${institution || 'the bank'}${via} again at the next sync, from where it left off; if the answer is the same, it will be held again.`;
}

/** The top bar's and the connection's words while a sync waits for the user. */
export const HELD_STATUS = 'Sync held for review — see Changes';
