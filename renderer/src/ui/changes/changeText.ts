/** Words for sync runs and changes: triggers, match methods, field names and field values. */
import { formatMoney } from '../../../../shared/money';
import type { SuggestReason } from '../../../../shared/reconcile/reconcilePending';
import type { SyncTrigger, TrackedField } from '../../../../shared/types';
import type { RevertCounts, RevertRefusal } from '../../db/revertRun';
import type { ChangeMatch, FieldChange } from '../../db/schema';
import { humanizeCategory, shortDay } from '../format';
import { formatPrice, formatUnits } from '../investmentFormat';

export const TRIGGER_LABEL: Record<SyncTrigger, string> = {
  launch: 'Sync on launch',
  manual: 'Refresh now',
  timer: 'Scheduled sync',
  resume: 'Sync after sleep',
  retry: 'Retry',
};

export const MATCH_LABEL: Record<ChangeMatch['method'], string> = {
  link: 'bank link',
  sameId: 'same id',
  exact: 'matched by amount and date',
  fuelHold: 'matched as a fuel hold',
  tolerant: 'suggestion',
  confirmed: 'confirmed by you',
};

export const MATCH_TITLE: Record<ChangeMatch['method'], string> = {
  link: 'The bank said which pending charge this posted row replaced',
  sameId: 'The bank turned the pending row itself into a posted one',
  exact: 'No link from the bank: same account, same amount, pending dated up to 8 days before',
  fuelHold: 'No link from the bank: a fuel-pump hold at the same station, settled at the real amount',
  tolerant: 'A likely pair that Ledgerline did not merge on its own',
  confirmed: 'Ledgerline suggested this pair and you confirmed it',
};

export const SUGGEST_REASON: Record<SuggestReason, string> = {
  tolerantAmount: 'Amount differs: a tip or a hold?',
  fuelHold: 'A fuel-pump hold at the same station',
  ambiguous: 'Two pending charges fit equally well',
  merchantDiffers: 'Same amount, but the names differ',
};

const FIELD_LABEL: Record<TrackedField, string> = {
  amountMinor: 'Amount',
  currency: 'Currency',
  date: 'Date',
  authorizedDate: 'Authorized',
  description: 'Description',
  merchant: 'Merchant',
  category: 'Category',
  pending: 'Status',
  accountId: 'Account',
  activityType: 'Activity',
  symbol: 'Symbol',
  units: 'Units',
  price: 'Price',
  feeMinor: 'Fee',
  settlementDate: 'Settles',
};

export const fieldLabel = (field: TrackedField) => FIELD_LABEL[field];

/**
 * The currency each side of a diff is in: the row's, unless the same change moved it (a row first
 * stored in the account's currency and corrected to the coin it is counted in shows "-$0.01 →
 * -0.0123 BTC", not two BTC amounts).
 */
export function diffCurrencies(fields: readonly FieldChange[], current: string): { before: string; after: string } {
  const moved = fields.find((f) => f.field === 'currency');
  const side = (v: FieldChange['before'] | undefined) => (typeof v === 'string' && v !== '' ? v : current);
  return moved ? { before: side(moved.before), after: side(moved.after) } : { before: current, after: current };
}

/** A field's value as the user reads it: money as money, dates as dates, nothing as a dash. */
export function formatFieldValue(field: TrackedField, value: FieldChange['before'], currency: string, accountName?: (id: string) => string): string {
  if (value === null || value === '') return '—';
  switch (field) {
    case 'amountMinor':
      return typeof value === 'number' ? formatMoney(value, currency, { signed: value > 0 }) : String(value);
    case 'feeMinor': // a cost as reported, not a flow: no sign
      return typeof value === 'number' ? formatMoney(value, currency) : String(value);
    case 'units':
      return typeof value === 'string' ? formatUnits(value) : String(value);
    case 'price':
      return typeof value === 'string' ? formatPrice(value, currency) : String(value);
    case 'date':
    case 'authorizedDate':
    case 'settlementDate':
      return typeof value === 'string' ? shortDay(value) : String(value);
    case 'pending':
      return value ? 'Pending' : 'Posted';
    case 'category':
      return typeof value === 'string' ? humanizeCategory(value) : String(value);
    case 'accountId':
      return typeof value === 'string' ? (accountName?.(value) ?? value) : String(value);
    default:
      return String(value);
  }
}

export type CountKey = 'review' | 'removed' | 'modified' | 'posted' | 'reidentified' | 'added';

/** A run's counts in the order its sections come, the ones that are zero left out. */
export function runCountParts(run: { added: number; posted: number; modified: number; removed: number; suggested: number; reidentified?: number }): { key: CountKey; count: number; text: string }[] {
  const parts: { key: CountKey; count: number; text: string }[] = [
    { key: 'review', count: run.suggested, text: 'to review' },
    { key: 'removed', count: run.removed, text: 'removed' },
    { key: 'modified', count: run.modified, text: 'updated' },
    { key: 'posted', count: run.posted, text: 'posted' },
    { key: 'reidentified', count: run.reidentified ?? 0, text: 're-identified' },
    { key: 'added', count: run.added, text: 'new' },
  ];
  return parts.filter((p) => p.count > 0).map((p) => ({ ...p, text: `${p.count.toLocaleString()} ${p.text}` }));
}

/** "1 to review · 1 removed · 1 updated · 2 posted · 3 new" (`suggested`: the ones still open). */
export function runCounts(run: { added: number; posted: number; modified: number; removed: number; suggested: number; reidentified?: number }): string {
  return runCountParts(run).map((p) => p.text).join(' · ') || 'No changes';
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Today, 14:05", "Yesterday, 09:12", then "Nov 20, 14:05". */
export function runTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const days = Math.round((new Date(now).setHours(0, 0, 0, 0) - new Date(at).setHours(0, 0, 0, 0)) / 86_400_000);
  if (days === 0) return `Today, ${timeOnly.format(at)}`;
  if (days === 1) return `Yesterday, ${timeOnly.format(at)}`;
  return dayAndTime.format(at);
}

/** Plural-aware "1 row" / "3 rows". */
const rows = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'row' : 'rows'}`;

/** What undoing a sync will do, for its confirm step. */
export function revertConfirmText(counts: RevertCounts): string[] {
  const lines: string[] = [];
  if (counts.deleted > 0) {
    const edited = counts.deletedWithUserFields > 0 ? ` (${counts.deletedWithUserFields.toLocaleString()} with a note or category, which go with them)` : '';
    lines.push(`${rows(counts.deleted)} it added will be deleted${edited}.`);
  }
  if (counts.restored > 0) lines.push(`${rows(counts.restored)} it changed, posted or removed ${counts.restored === 1 ? 'goes' : 'go'} back to how ${counts.restored === 1 ? 'it was' : 'they were'} before it.`);
  lines.push('Notes and categories you set on rows that stay are kept. The bank is not asked again: the next sync continues from here, so what this sync brought comes back only if the bank changes it again.');
  return lines;
}

/** Why a sync cannot be undone, and what the user can do instead. */
export function describeRevertRefusal(refusal: RevertRefusal, now: Date = new Date()): string {
  switch (refusal.kind) {
    case 'missing': return 'This sync or its connection is no longer here.';
    case 'import': return 'A first sync can\'t be undone on its own. To take its transactions out, remove the connection in Settings.';
    case 'isRevert': return 'An undo can\'t itself be undone.';
    case 'alreadyReverted': return refusal.revertedAt ? `This sync was already undone (${runTime(refusal.revertedAt, now)}).` : 'This sync was already undone.';
    case 'noChanges': return 'This sync changed nothing, so there is nothing to undo.';
    case 'noImages': return 'This sync was recorded before undo existed: Ledgerline did not keep how its rows were before it, so it can\'t put them back exactly.';
    case 'blocked': {
      const { run, change, description } = refusal.by;
      const name = description ? `“${description}”` : 'one of its rows';
      const what = change.kind === 'modified'
        ? `changed the ${change.fields.map((f) => fieldLabel(f.field).toLowerCase()).join(' and ') || 'details'} of ${name} again`
        : change.kind === 'removed' ? `removed ${name}`
          : change.kind === 'posted' ? `posted ${name}, continuing one of this sync's rows`
            : change.kind === 'reidentified' ? `re-identified ${name}` : `added ${name} again`;
      return `Blocked: the sync on ${dayAndTime.format(new Date(run.finishedAt))} ${what}. Undo that sync first, then this one.`;
    }
  }
}
