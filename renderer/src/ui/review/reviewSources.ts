/**
 * The review inbox's sources: everything Ledgerline guessed that the user should confirm, from one
 * list of sources. Each source reads its own open items and says, per item, what Confirm and
 * (if it has one) Reject do and how each is undone. Adding a kind of guess — held syncs, and later
 * transfers between the user's accounts, and later recurring payments — is one entry in `REVIEW_SOURCES`; the view, the count in the
 * top bar, keyboard navigation and Undo come with it. Transfer pairs are the exception: the ledger
 * index worker resolves them over every row, and `loadTransferItems` turns the ones to ask about into items.
 */
import { formatMoney } from '../../../../shared/money';
import { describeDaysToPost, describePosting } from '../../../../shared/reconcile/describePosting';
import { acceptBankBalance, undoAcceptBankBalance } from '../../db/apply/balanceCheck';
import { applyHeld, discardHeld } from '../../db/heldUpdates';
import { answerSuggestion, undoSuggestionAnswer } from '../../db/resolveSuggestion';
import { revertRun } from '../../db/revertRun';
import { answerTransfer, undoTransferAnswer, type TransferAnswerUndo } from '../../db/transferDecisions';
import type { ResolvedTransfer } from '../../ledger/transfers';
import { TRANSFER_REASON_TEXT } from '../../../../shared/ledger/transfers';
import { localDate } from '../../../../shared/isoDate';
import { addDays } from '../../../../shared/ledger/recurring';
import type { AccountRow, LedgerlineDb, TransactionRow } from '../../db/schema';
import { describeDisagreement, describeExplanation, EXACT_NOTE } from '../balance/describeBalance';
import { runCountParts, SUGGEST_REASON } from '../changes/changeText';
import { discardText, holdReasonText } from '../changes/heldText';
import { shortDay } from '../format';

/** Puts an answer back; false when it can no longer be (something changed since). */
export interface ReviewUndo {
  run: (db: LedgerlineDb) => Promise<boolean>;
}

export interface ReviewAction {
  /** The button's text ("Confirm"). */
  label: string;
  /** What it does, for its accessible name and the announcement ("Merged Zuni Cafe with its pending charge"). */
  done: string;
  /** Null when there was nothing left to answer (another window answered first). */
  run: (db: LedgerlineDb) => Promise<ReviewUndo | null>;
}

export interface ReviewLine {
  text: string;
  /** An amount shown beside the line, aligned with the others. */
  amount?: { minor: number; currency: string };
  /** Marks the line as the likeliest explanation. */
  strong?: boolean;
}

export interface ReviewItem {
  /** Unique across sources: `<source>:<id>`. */
  key: string;
  source: ReviewSourceId;
  /** The badge before the title ("Same purchase?", "Balance check"). */
  kindLabel: string;
  title: string;
  lines: ReviewLine[];
  /** Newest first across sources. */
  at: string;
  confirm: ReviewAction;
  reject?: ReviewAction;
}

export type ReviewSourceId = 'suggestion' | 'balance' | 'held' | 'transfer';

export interface ReviewSource {
  id: ReviewSourceId;
  load: (db: LedgerlineDb, now: Date) => Promise<ReviewItem[]>;
}

const accountName = (a: AccountRow | undefined) => (a ? (a.mask ? `${a.name} ••${a.mask}` : a.name) : 'An account');

/** Pending → posted pairs Ledgerline would not merge on its own (db/resolveSuggestion.ts). */
const suggestions: ReviewSource = {
  id: 'suggestion',
  async load(db, now) {
    const open = await db.suggestions.filter((s) => s.status === 'open').toArray();
    if (open.length === 0) return [];
    const rows = await db.transactions.bulkGet(open.flatMap((s) => [s.postedId, s.pendingId]));
    const accounts = new Map((await db.accounts.toArray()).map((a) => [a.id, a]));
    return open.map((s, i): ReviewItem => {
      const posted = rows[2 * i];
      const pending = rows[2 * i + 1];
      const currency = posted?.currency ?? pending?.currency ?? '?';
      const name = posted?.merchant ?? posted?.description ?? 'A posted charge';
      const words = describePosting(pending?.amountMinor ?? 0, posted?.amountMinor ?? 0, currency, posted?.category ?? null);
      const undo = (answered: Awaited<ReturnType<typeof answerSuggestion>>): ReviewUndo | null =>
        answered === null ? null : { run: (d) => undoSuggestionAnswer(d, answered) };
      return {
        key: `suggestion:${s.postedId}`,
        source: 'suggestion',
        kindLabel: 'Same purchase?',
        title: `${name} may be the pending charge from ${pending ? shortDay(pending.date, now) : 'earlier'}`,
        lines: [
          { text: `Pending ${pending ? shortDay(pending.date, now) : ''} · ${pending?.description ?? 'gone'}`.trim(), ...(pending ? { amount: { minor: pending.amountMinor, currency } } : {}) },
          { text: `Posted ${posted ? shortDay(posted.date, now) : ''} · ${words.text} · ${describeDaysToPost(s.daysToPost)}`, ...(posted ? { amount: { minor: posted.amountMinor, currency } } : {}) },
          { text: `${s.reason ? SUGGEST_REASON[s.reason] : 'A likely pair'} · ${accountName(accounts.get(posted?.accountId ?? pending?.accountId ?? ''))}` },
        ],
        at: s.createdAt,
        confirm: { label: 'Confirm', done: `Merged ${name} with its pending charge`, run: async (d) => undo(await answerSuggestion(d, s.postedId, 'confirm')) },
        reject: { label: 'Reject', done: `Kept ${name} and the pending charge apart`, run: async (d) => undo(await answerSuggestion(d, s.postedId, 'reject')) },
      };
    });
  },
};

/** Accounts whose bank balance and rows disagree (db/apply/balanceCheck.ts). */
const balances: ReviewSource = {
  id: 'balance',
  async load(db, now) {
    const disagreeing = await db.balances.filter((b) => b.status === 'disagrees').toArray();
    if (disagreeing.length === 0) return [];
    const accounts = new Map((await db.accounts.toArray()).map((a) => [a.id, a]));
    return disagreeing.map((b): ReviewItem => {
      const name = accountName(accounts.get(b.accountId));
      return {
        key: `balance:${b.id}`,
        source: 'balance',
        kindLabel: 'Balance check',
        title: `${name}: ${describeDisagreement(b, now)}`,
        lines: [
          ...b.explanations.map((e) => ({
            text: `${e.description} — ${describeExplanation(e, now)}${e.exact ? ` (${EXACT_NOTE.toLowerCase()})` : ''}`,
            amount: { minor: e.kind === 'duplicate' ? -e.explainsMinor : e.explainsMinor, currency: b.currency },
            strong: e.exact,
          })),
          { text: b.explanations.length > 0 ? 'Ledgerline changed nothing. Check these rows at the bank; accept the bank\'s balance once the rows are right.' : 'No row here explains it. Ledgerline changed nothing; accept the bank\'s balance to start checking from it again.' },
        ],
        at: b.sinceAt ?? b.checkedAt,
        confirm: {
          label: 'Accept bank balance',
          done: `Accepted the bank's balance of ${formatMoney(b.providerMinor, b.currency)} for ${name}; the check starts again from it`,
          run: async (d) => {
            const before = await acceptBankBalance(d, b.id);
            return before === null ? null : { run: (dd) => undoAcceptBankBalance(dd, before) };
          },
        },
      };
    });
  },
};

/**
 * Syncs held instead of applied (db/heldUpdates.ts): Confirm applies one, Reject discards it. A
 * discard is undone by holding the same update again, while the connection's cursor is still the
 * one it starts from and no newer answer is held; an apply is undone as any sync is (revertRun).
 */
const held: ReviewSource = {
  id: 'held',
  async load(db) {
    const rows = await db.heldUpdates.toArray();
    if (rows.length === 0) return [];
    const accounts = new Map((await db.accounts.toArray()).map((a) => [a.id, a]));
    const connections = new Map((await db.connections.toArray()).map((c) => [c.id, c]));
    return rows.map((h): ReviewItem => {
      const connection = connections.get(h.connectionId);
      const institution = connection?.institutionName ?? 'the bank';
      return {
        key: `held:${h.id}`,
        source: 'held',
        kindLabel: 'Sync held',
        title: `A sync from ${institution} was held for review`,
        lines: [
          ...h.reasons.map((r) => ({ text: holdReasonText(r, (id) => accountName(accounts.get(id))), strong: true })),
          { text: `If applied: ${runCountParts(h.counts).map((p) => p.text).join(' · ') || 'no change to any transaction'}` },
          { text: discardText(institution, connection?.provider) },
        ],
        at: h.heldAt,
        confirm: {
          label: 'Apply',
          done: `Applied the held sync from ${institution}`,
          run: async (d) => {
            const applied = await applyHeld(d, h.id);
            // Undone as any sync is (db/revertRun.ts): refused, changing nothing, once a later sync built on it.
            return applied.outcome === 'applied' ? { run: async (dd) => (await revertRun(dd, applied.runId)).outcome === 'reverted' } : null;
          },
        },
        reject: {
          label: 'Discard',
          done: `Discarded the held sync from ${institution}; nothing changed`,
          run: async (d) => {
            if (!(await d.heldUpdates.get(h.id))) return null;
            await discardHeld(d, h.id);
            return {
              run: (dd) => dd.transaction('rw', [dd.heldUpdates, dd.cursors], async () => {
                const cursor = (await dd.cursors.get(h.connectionId))?.cursor ?? null;
                if (cursor !== h.fromCursor || (await dd.heldUpdates.where('connectionId').equals(h.connectionId).count()) > 0) return false;
                await dd.heldUpdates.add(h);
                return true;
              }),
            };
          },
        },
      };
    });
  },
};

/** How far back the inbox asks about detected transfers: older ones are settled as detected. */
export const TRANSFER_REVIEW_DAYS = 45;

/**
 * The transfer pairs between the user's own accounts the inbox asks about: unanswered, with the
 * inflow from the last TRANSFER_REVIEW_DAYS — those below the counting threshold, and counted ones
 * across two connections (an inference no bank states). A confident pair within one bank (its own
 * transfer, described and categorized as one by it) is counted without asking; "Not a transfer" in
 * the detail undoes it.
 */
export function transfersToAsk(pairs: readonly ResolvedTransfer[], now: Date): ResolvedTransfer[] {
  const shownFrom = addDays(localDate(now), -TRANSFER_REVIEW_DAYS);
  return pairs.filter((p) => p.status === 'detected' && p.inDate >= shownFrom && (!p.counted || p.reasons.includes('otherConnection')));
}

/**
 * The inbox's transfer questions, from the pairs the ledger index worker resolved over every row
 * (`usePatterns`: once per ledger state, off the main thread, the same pairs Budgets and the badges
 * use). Reading the recent rows here and resolving them again on the main thread cost every app
 * start about 650 ms at 100k rows (the top bar's count mounts with the app). Only the asked pairs'
 * rows are read. Pairs resolved before the latest change are checked against it: a side a sync
 * removed, or a pair answered since, is not asked about. Confirm counts the pair as a transfer,
 * Reject never proposes it again; both are undone by putting the previous answer back
 * (db/transferDecisions.ts).
 */
export async function loadTransferItems(db: LedgerlineDb, pairs: readonly ResolvedTransfer[], now: Date): Promise<ReviewItem[]> {
  const asked = transfersToAsk(pairs, now);
  if (asked.length === 0) return [];
  const [rows, accountRows, answered] = await Promise.all([
    db.transactions.bulkGet(asked.flatMap((p) => [p.outId, p.inId])),
    db.accounts.toArray(),
    db.transferDecisions.bulkGet(asked.map((p) => p.id)),
  ]);
  const byId = new Map<string, TransactionRow>();
  for (const r of rows) if (r && r.removedAt === null) byId.set(r.id, r);
  const decided = new Set(answered.flatMap((d) => (d ? [d.id] : [])));
  const accounts = new Map(accountRows.map((a) => [a.id, a]));
  return asked.flatMap((p): ReviewItem[] => {
    const out = byId.get(p.outId);
    const inn = byId.get(p.inId);
    if (!out || !inn || decided.has(p.id)) return [];
    const from = accountName(accounts.get(out.accountId));
    const to = accountName(accounts.get(inn.accountId));
    const percent = Math.round(p.confidence * 100);
    const undo = (u: TransferAnswerUndo): ReviewUndo => ({ run: (d) => undoTransferAnswer(d, u) });
    const money = formatMoney(p.amountMinor, p.currency);
    return [{
      key: `transfer:${p.id}`,
      source: 'transfer',
      kindLabel: 'Transfer?',
      title: `${money} from ${from} to ${to} may be a transfer between your accounts`,
      lines: [
        { text: `Out ${shortDay(p.outDate, now)} · ${out.merchant ?? out.description} · ${from}`, amount: { minor: -p.amountMinor, currency: p.currency } },
        { text: `In ${shortDay(p.inDate, now)} · ${inn.merchant ?? inn.description} · ${to}`, amount: { minor: p.amountMinor, currency: p.currency } },
        { text: `${percent}% sure · ${p.reasons.map((r) => TRANSFER_REASON_TEXT[r]).join(' · ')}${p.counted ? ' · counted as a transfer until you say otherwise' : ' · not counted as a transfer unless you confirm'}`, strong: p.counted },
      ],
      at: [out.firstSeenAt, inn.firstSeenAt].sort().at(-1) ?? '',
      confirm: { label: 'Confirm', done: `Counted ${money} from ${from} to ${to} as a transfer`, run: async (d) => undo(await answerTransfer(d, p, 'confirm')) },
      reject: { label: 'Not a transfer', done: `Kept ${money} from ${from} to ${to} as spending and income`, run: async (d) => undo(await answerTransfer(d, p, 'reject')) },
    }];
  });
}

/** The sources read from IndexedDB, in the order their items are shown when they are equally new (transfers, from the worker's pairs, come last). */
export const REVIEW_SOURCES: readonly ReviewSource[] = [held, balances, suggestions];

/** Every open item of every source, newest first. */
export async function loadReviewItems(
  db: LedgerlineDb,
  now: Date = new Date(),
  sources: readonly ReviewSource[] = REVIEW_SOURCES,
  transferPairs: readonly ResolvedTransfer[] = [],
): Promise<ReviewItem[]> {
  const [fromSources, fromPairs] = await Promise.all([Promise.all(sources.map((s) => s.load(db, now))), loadTransferItems(db, transferPairs, now)]);
  const all = [...fromSources.flat(), ...fromPairs];
  const order = new Map<ReviewSourceId, number>(sources.map((s, i) => [s.id, i]));
  order.set('transfer', sources.length);
  return all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0)));
}
