/**
 * Step 5 of applying an update: the balance check. For each account the update names, per
 * currency, the provider's current balance is compared — exactly, in integer minor units — with
 * what the stored rows imply: the balance last checked plus the change in *posted* rows since
 * (rows added, modified or removed; a pending row never counts). The result is written in the
 * apply's own transaction: one `balanceChecks` row per run, account and currency, and the latest
 * state per account and currency in `balances`, from which the next check continues. Nothing here
 * ever changes a transaction: a disagreement is reported with the rows that may explain it
 * (explainGap.ts), and only the user acts on it.
 *
 * Which balances can be checked, and why:
 * - depository and credit accounts, in the account's currency: Plaid's and MoneyKit's `current`
 *   is the posted balance (pending activity is in `available`, not in `current`; the demo banks
 *   model exactly that), and every posted movement of it is a row — purchases, payments, fees,
 *   interest. A card's balance is stored with the net-worth sign (owed = negative), and a purchase
 *   is money out (negative), so both move the same way.
 * - not investment accounts: their `current` includes the market value of holdings, which moves
 *   without any row. Not even SnapTrade's per-currency `cashBalances`: its activities are cached
 *   daily and arrive a day late while cash is live, so a check would disagree after every trade day.
 * - not loans: interest accrues into the balance daily without a row.
 * - not `other` accounts, whose balance means whatever the institution decided.
 * - rows in a currency other than the account's are tracked in their own implied balance and are
 *   never compared (the provider gives no balance in that currency) — and never summed with it.
 * A checkable account's first check (no state yet: its first sync, or the first sync after this
 * check was added) takes the provider's balance as the starting point: no provider tells us an
 * account's opening balance, and history (Plaid: up to 730 days) rarely starts at the opening, so
 * "the sum of all rows" would disagree for nearly every account. From then on the rows must
 * account for every posted movement.
 *
 * Never a false disagreement: a provider reads its balance and its transactions at different
 * moments (MoneyKit's accounts and transactions refresh separately; any bank can post between the
 * last page and the balance). A posting in the balance but not yet in the rows makes a difference
 * that the next sync's rows close; at the starting point it would stay forever. So the starting
 * point is provisional until a later check agrees with it (a difference before then moves it), and
 * a difference is shown only once two checks in a row found the same one (`decide`). A real gap
 * at the very first syncs is missed rather than a false one reported. The check can only disagree when a posted movement of the
 * bank's balance has no row here (a posting the feed never delivered, a pending the bank settled
 * that stays pending here, a removal the bank did not make) or a row here has no movement there
 * (a duplicate). When a later sync delivers what was missing, the gap closes by itself.
 */
import type { Account } from '../../../../shared/types';
import type { BalanceCheckRow, BalanceStateRow, BalanceStatus, LedgerlineDb, TransactionRow } from '../schema';
import { explainGap } from './explainGap';

/** The account kinds whose current balance is the sum of their posted rows (see the header). */
const CHECKED_KINDS: ReadonlySet<Account['kind']> = new Set(['depository', 'credit']);

/** The balances of an account that can be checked: at most one, in the account's currency. */
export function checkableBalances(account: Account): { currency: string; amountMinor: number }[] {
  if (!CHECKED_KINDS.has(account.kind) || account.currentMinor === null) return [];
  return [{ currency: account.currency, amountMinor: account.currentMinor }];
}

export const balanceKey = (accountId: string, currency: string): string => `${accountId}\u0000${currency}`;
export const checkKey = (runId: string, accountId: string, currency: string): string => `${runId}\u0000${accountId}\u0000${currency}`;

/** What one row adds to its account's posted balance: its amount if it is live and posted. */
const posted = (row: TransactionRow | undefined): number => (row && row.removedAt === null && !row.pending ? row.amountMinor : 0);

export interface PostedDelta {
  accountId: string;
  currency: string;
  deltaMinor: number;
}

/**
 * The change in posted balance per account and currency that writing `rows` over `before` makes.
 * A row that moved account or currency counts out of the old one and into the new one.
 */
export function postedDeltas(rows: readonly TransactionRow[], before: (id: string) => TransactionRow | undefined): Map<string, PostedDelta> {
  const out = new Map<string, PostedDelta>();
  const add = (row: TransactionRow | undefined, sign: 1 | -1) => {
    const amount = posted(row);
    if (row === undefined || amount === 0) return;
    const key = balanceKey(row.accountId, row.currency);
    const entry = out.get(key) ?? { accountId: row.accountId, currency: row.currency, deltaMinor: 0 };
    entry.deltaMinor += sign * amount;
    out.set(key, entry);
  };
  for (const row of rows) {
    add(before(row.id), -1);
    add(row, 1);
  }
  return out;
}

export interface BalanceCheckInput {
  runId: string;
  connectionId: string;
  accounts: readonly Account[];
  deltas: ReadonlyMap<string, PostedDelta>;
  /** The apply's timestamp (ISO): the check's time and the local "today" stale pendings count from. */
  now: string;
  /** Start every account given from its provider balance, whatever was stored (a first sync). */
  restart?: boolean;
}

export interface BalanceCheckResult {
  checks: BalanceCheckRow[];
  states: BalanceStateRow[];
}

/**
 * Reads the previous states the update touches and decides each check. Runs inside the apply's
 * transaction after its rows were written (a transaction reads its own writes), so the
 * explanations see the rows as this update leaves them.
 */
export async function checkBalances(db: LedgerlineDb, input: BalanceCheckInput): Promise<BalanceCheckResult> {
  const { runId, connectionId, deltas, now } = input;
  const balances = new Map<string, { accountId: string; currency: string; amountMinor: number }>();
  for (const account of input.accounts) {
    for (const b of checkableBalances(account)) balances.set(balanceKey(account.id, b.currency), { accountId: account.id, ...b });
  }
  const keys = [...new Set([...balances.keys(), ...deltas.keys()])];
  const previous = input.restart ? keys.map(() => undefined) : await db.balances.bulkGet(keys);
  const checks: BalanceCheckRow[] = [];
  const states: BalanceStateRow[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const prev = previous[i];
    const delta = deltas.get(key)?.deltaMinor ?? 0;
    const balance = balances.get(key);
    if (balance === undefined) {
      // Rows moved but the provider sent no balance to check against (or none that can be checked):
      // carry the implied balance forward so the next check is still exact.
      if (prev && delta !== 0) states.push({ ...prev, impliedMinor: prev.impliedMinor + delta });
      continue;
    }
    // The first check starts from the provider's balance (see the header).
    const implied = prev ? prev.impliedMinor + delta : balance.amountMinor;
    const difference = balance.amountMinor - implied;
    const status = decide(prev, difference);
    const shownSince = status === 'disagrees' && prev ? { sinceRunId: prev.sinceRunId ?? runId, sinceAt: prev.sinceAt ?? now } : null;
    const since = shownSince ?? (status === 'unconfirmed' ? { sinceRunId: runId, sinceAt: now } : { sinceRunId: null, sinceAt: null });
    const explanations = status === 'unconfirmed' || status === 'disagrees'
      ? await explainGap(db, { accountId: balance.accountId, currency: balance.currency, gapMinor: difference, now })
      : [];
    const common = { connectionId, accountId: balance.accountId, currency: balance.currency, providerMinor: balance.amountMinor, differenceMinor: difference, status, ...since, explanations };
    checks.push({ id: checkKey(runId, balance.accountId, balance.currency), runId, impliedMinor: implied, checkedAt: now, ...common });
    states.push({
      id: key, checkedRunId: runId, checkedAt: now, acceptedAt: null, ...common,
      // Until a check agrees, the starting point is provisional: a difference moves it (see the header).
      impliedMinor: status === 'rebased' ? balance.amountMinor : implied,
      anchored: prev !== undefined && (prev.anchored || status === 'agrees'),
    });
  }
  return { checks, states };
}

/**
 * What a check's difference means, given the state before it:
 * - agrees: no difference;
 * - rebased: the starting point has not yet been confirmed by an agreeing check, so a difference
 *   is taken to be the provider's balance and rows read at different moments at the first sync
 *   (a posting in one and not yet in the other), and the starting point moves to this balance;
 * - unconfirmed: a difference seen once — possibly a posting that reached the balance between the
 *   feed's read and the balance's, which the next sync's rows account for;
 * - disagrees: the same difference at two checks in a row, shown to the user.
 */
function decide(prev: BalanceStateRow | undefined, difference: number): BalanceStatus {
  if (difference === 0) return 'agrees';
  if (!prev?.anchored) return 'rebased';
  const seen = prev.status === 'unconfirmed' || prev.status === 'disagrees';
  return seen && prev.differenceMinor === difference ? 'disagrees' : 'unconfirmed';
}

/**
 * Moves the implied balances by what an undo does to the rows (db/revertRun.ts): `final` maps
 * each row the undo touches to what it leaves (null: deleted), `current` holds those rows as they
 * are before it. Only accounts already checked move; the next check then compares the bank's
 * balance with the rows as the undo left them. Runs inside the undo's transaction.
 */
export async function moveImpliedForUndo(
  db: LedgerlineDb, current: ReadonlyMap<string, TransactionRow>, final: ReadonlyMap<string, TransactionRow | null>,
): Promise<void> {
  const deltas = postedDeltas([...final.values()].filter((r): r is TransactionRow => r !== null), (id) => current.get(id));
  for (const [id, row] of final) {
    const was = current.get(id);
    if (row !== null || posted(was) === 0 || was === undefined) continue;
    const key = balanceKey(was.accountId, was.currency);
    const entry = deltas.get(key) ?? { accountId: was.accountId, currency: was.currency, deltaMinor: 0 };
    entry.deltaMinor -= posted(was);
    deltas.set(key, entry);
  }
  const moved = [...deltas].filter(([, d]) => d.deltaMinor !== 0);
  if (moved.length === 0) return;
  const states = await db.balances.bulkGet(moved.map(([key]) => key));
  const next = states.flatMap((state, i) => (state ? [{ ...state, impliedMinor: state.impliedMinor + (moved[i]?.[1].deltaMinor ?? 0) }] : []));
  if (next.length > 0) await db.balances.bulkPut(next);
}

/** Issues the checks and states (the caller awaits them with its other writes). */
export function writeBalanceChecks(db: LedgerlineDb, result: BalanceCheckResult): Promise<unknown> {
  return Promise.all([
    result.checks.length > 0 ? db.balanceChecks.bulkPut(result.checks) : undefined,
    result.states.length > 0 ? db.balances.bulkPut(result.states) : undefined,
  ]);
}

/**
 * The user accepts the bank's balance as right: the implied balance starts again from it, and the
 * disagreement is closed (the run's check keeps its record). Changes no transaction.
 */
export async function acceptBankBalance(db: LedgerlineDb, id: string, now: Date = new Date()): Promise<BalanceStateRow | null> {
  return db.transaction('rw', db.balances, async () => {
    const state = await db.balances.get(id);
    if (!state || state.differenceMinor === 0) return null;
    const accepted: BalanceStateRow = {
      ...state, impliedMinor: state.impliedMinor + state.differenceMinor, differenceMinor: 0, status: 'agrees', anchored: true,
      sinceRunId: null, sinceAt: null, explanations: [], acceptedAt: now.toISOString(),
    };
    await db.balances.put(accepted);
    return state;
  });
}

/** Undoes an acceptance: the state goes back to what it was, if nothing checked it since. */
export async function undoAcceptBankBalance(db: LedgerlineDb, before: BalanceStateRow): Promise<boolean> {
  return db.transaction('rw', db.balances, async () => {
    const state = await db.balances.get(before.id);
    if (!state || state.checkedRunId !== before.checkedRunId || !state.acceptedAt) return false;
    await db.balances.put(before);
    return true;
  });
}
