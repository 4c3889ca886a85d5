import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UNLINKED_POSTINGS, LedgerSim, UNREPORTED_CENTS, type LedgerParams, type SimTransaction } from '../../../../../electron/demo-banks/ledger/ledgerSim';
import { createRng } from '../../../../../electron/demo-banks/ledger/rng';
import { PlaidError } from '../../../../../electron/demo-banks/plaid/errors';
import { buildSyncPage } from '../../../../../electron/demo-banks/plaid/syncPage';
import { toTransactionWire, type PlaidTransactionWire, type SyncPageWire } from '../../../../../electron/demo-banks/plaid/wire';

const CREATED = new Date('2026-03-01T15:00:00Z');
const HOUR = 3_600_000;
const params = (seed: number, ordinal = 0): LedgerParams => ({ seed, ordinal, createdAt: CREATED });
const stepTime = (i: number): Date => new Date(CREATED.getTime() + (i + 1) * 4 * HOUR);

function withSteps(seed: number, steps: number): LedgerSim {
  const ledger = new LedgerSim(params(seed));
  for (let i = 0; i < steps; i++) ledger.step(stepTime(i));
  return ledger;
}

/** Drains every page from `cursor`, the way a client does; returns the pages and the final cursor. */
function drainPages(ledger: LedgerSim, cursor: string | undefined, count: number): { pages: SyncPageWire[]; cursor: string } {
  const pages: SyncPageWire[] = [];
  let next = cursor;
  for (;;) {
    const page = buildSyncPage(ledger.itemId, ledger, next, count);
    pages.push(page);
    next = page.next_cursor;
    if (!page.has_more) return { pages, cursor: next };
  }
}

/** Applies drained pages to a client's copy, asserting Plaid's guarantees about each kind. */
function apply(state: Map<string, PlaidTransactionWire>, pages: readonly SyncPageWire[]): void {
  for (const page of pages) {
    for (const txn of page.added) {
      expect(state.has(txn.transaction_id), `added ${txn.transaction_id} already known`).toBe(false);
      state.set(txn.transaction_id, txn);
    }
    for (const txn of page.modified) {
      expect(state.has(txn.transaction_id), `modified ${txn.transaction_id} unknown`).toBe(true);
      state.set(txn.transaction_id, txn);
    }
    for (const { transaction_id } of page.removed) {
      expect(state.delete(transaction_id), `removed ${transaction_id} unknown`).toBe(true);
    }
  }
}

const truthById = (ledger: LedgerSim): Map<string, PlaidTransactionWire> =>
  new Map(ledger.liveTransactions().map((txn) => [txn.id, toTransactionWire(txn)]));

describe('rng', () => {
  it('replays from its key and differs across keys', () => {
    const a = createRng(7, 'x');
    const b = createRng(7, 'x');
    const c = createRng(8, 'x');
    const draws = (rng: typeof a): number[] => Array.from({ length: 20 }, () => rng.int(0, 1_000_000));
    const fromA = draws(a);
    expect(fromA).toEqual(draws(b));
    expect(fromA).not.toEqual(draws(c));
  });

  it('makes 37-character base62 ids', () => {
    const rng = createRng(1);
    for (let i = 0; i < 100; i++) expect(rng.id()).toMatch(/^[0-9A-Za-z]{37}$/);
  });
});

describe('ledger simulation', () => {
  it('is identical for the same seed and step times, down to the sync output', () => {
    const a = withSteps(42, 12);
    const b = withSteps(42, 12);
    expect(b.itemId).toBe(a.itemId);
    expect(b.accounts).toEqual(a.accounts);
    expect(b.liveTransactions()).toEqual(a.liveTransactions());
    expect(drainPages(b, undefined, 137)).toEqual(drainPages(a, undefined, 137));
  });

  it('replays recorded step times into the same ledger', () => {
    const original = withSteps(5, 8);
    const replayed = LedgerSim.replay(params(5), original.stepTimes);
    expect(replayed.logLength).toBe(original.logLength);
    expect(drainPages(replayed, undefined, 500)).toEqual(drainPages(original, undefined, 500));
  });

  it('differs across seeds and across items of one seed', () => {
    const base = new LedgerSim(params(1));
    for (const other of [new LedgerSim(params(2)), new LedgerSim(params(1, 1))]) {
      expect(other.itemId).not.toBe(base.itemId);
      expect(other.liveTransactions().map((t) => t.amountCents)).not.toEqual(base.liveTransactions().map((t) => t.amountCents));
    }
  });

  it('generates a year of history with the default profile: 3 accounts, ~5 rows a day', () => {
    const ledger = new LedgerSim(params(3));
    expect(ledger.accounts.map((a) => [a.name, a.mask])).toEqual([
      ['Plaid Checking', '0000'],
      ['Plaid Saving', '1111'],
      ['Plaid Credit Card', '3333'],
    ]);
    const rows = ledger.liveTransactions();
    expect(rows.length).toBeGreaterThan(365 * 4);
    expect(rows.length).toBeLessThan(365 * 6);
    const dates = rows.map((t) => t.date).sort();
    expect(dates[0]).toBe('2025-03-01');
    expect(dates.at(-1)).toBe('2026-03-01');
    expect(rows.some((t) => t.pending)).toBe(true);
    expect(rows.filter((t) => t.payee.name === 'Acme Corp Payroll')).toHaveLength(24);
  });

  it('keeps every amount in integer cents with at most two decimals on the wire', () => {
    for (const txn of withSteps(9, 10).liveTransactions()) {
      expect(Number.isInteger(txn.amountCents)).toBe(true);
      expect(txn.amountCents).not.toBe(0);
      expect(String(toTransactionWire(txn).amount)).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
  });

  it('produces every kind of change over a few dozen steps, each step visibly', () => {
    const ledger = new LedgerSim(params(11));
    const seen = new Map<string, SimTransaction>(ledger.liveTransactions().map((t) => [t.id, t]));
    const kinds = { postedSameAmount: 0, postedNewAmount: 0, vanished: 0, modified: 0, removedPosted: 0, twinCoffees: 0 };
    for (let i = 0; i < 40; i++) {
      const before = ledger.logLength;
      ledger.step(stepTime(i));
      expect(ledger.logLength).toBeGreaterThan(before);
      const changes = ledger.changesBetween(before, ledger.logLength);
      const postedFrom = new Set(changes.flatMap((c) => (c.kind === 'added' && c.txn.pendingTransactionId ? [c.txn.pendingTransactionId] : [])));
      for (const { kind, txn } of changes) {
        if (kind === 'added' && txn.pendingTransactionId !== null) {
          const pending = seen.get(txn.pendingTransactionId);
          // The link points at a pending row of the same account and merchant that is gone now.
          expect(pending?.pending).toBe(true);
          expect(pending?.accountId).toBe(txn.accountId);
          expect(pending?.payee).toBe(txn.payee);
          expect(ledger.liveTransactions().some((t) => t.id === txn.pendingTransactionId)).toBe(false);
          if (pending?.amountCents === txn.amountCents) kinds.postedSameAmount++;
          else kinds.postedNewAmount++;
        }
        if (kind === 'removed' && txn.pending && !postedFrom.has(txn.id)) kinds.vanished++;
        if (kind === 'removed' && !txn.pending) kinds.removedPosted++;
        if (kind === 'modified') kinds.modified++;
        seen.set(txn.id, txn);
      }
      const coffees = changes.filter((c) => c.kind === 'added' && c.txn.pending && c.txn.payee.category.detailed === 'FOOD_AND_DRINK_COFFEE');
      const keys = coffees.map((c) => `${c.txn.payee.name}|${c.txn.amountCents}|${c.txn.date}`);
      if (new Set(keys).size < keys.length) kinds.twinCoffees++;
    }
    for (const [kind, count] of Object.entries(kinds)) expect(count, kind).toBeGreaterThan(0);
  });

  it('changes tips by 15–25% and settles fuel holds of $1 or $100', () => {
    const ledger = new LedgerSim(params(13));
    const pendings = new Map(ledger.liveTransactions().filter((t) => t.pending).map((t) => [t.id, t]));
    const ratios: Record<string, number[]> = { RESTAURANT: [], GAS: [] };
    for (let i = 0; i < 40; i++) {
      const before = ledger.logLength;
      ledger.step(stepTime(i));
      // Judge each row as it posts: later corrections may change its amount again.
      for (const { kind: change, txn } of ledger.changesBetween(before, ledger.logLength)) {
        if (change !== 'added') continue;
        if (txn.pending) pendings.set(txn.id, txn);
        const pending = txn.pendingTransactionId === null ? undefined : pendings.get(txn.pendingTransactionId);
        if (pending === undefined || pending.amountCents === txn.amountCents) continue;
        const kind = pending.payee.category.detailed.replace(/^.*_(RESTAURANT|GAS)$/, '$1');
        if (kind === 'GAS') expect([100, 10_000]).toContain(pending.amountCents);
        ratios[kind]?.push(txn.amountCents / pending.amountCents);
      }
    }
    expect(ratios.RESTAURANT?.length).toBeGreaterThan(0);
    expect(ratios.GAS?.length).toBeGreaterThan(0);
    for (const ratio of ratios.RESTAURANT ?? []) {
      expect(ratio).toBeGreaterThanOrEqual(1.149);
      expect(ratio).toBeLessThanOrEqual(1.251);
    }
  });

  it('reports some postings without pending_transaction_id, as some banks do, and changes nothing else', () => {
    const run = (unlinkedPostings: number) => {
      const ledger = new LedgerSim({ ...params(31), unlinkedPostings });
      for (let i = 0; i < 12; i++) ledger.step(stepTime(i));
      return ledger.liveTransactions();
    };
    const allLinked = run(0);
    const someUnlinked = run(0.5);
    const withoutLinks = (rows: SimTransaction[]) => rows.map((t) => ({ ...t, pendingTransactionId: null }));
    expect(withoutLinks(someUnlinked)).toEqual(withoutLinks(allLinked));
    const links = (rows: SimTransaction[]) => rows.filter((t) => t.pendingTransactionId !== null).length;
    expect(links(someUnlinked)).toBeGreaterThan(0);
    expect(links(someUnlinked)).toBeLessThan(links(allLinked));
    expect(links(run(1))).toBe(0);
    expect(DEFAULT_UNLINKED_POSTINGS).toBeGreaterThan(0); // the demo exercises the heuristic by default
  });

  it('keeps balances consistent with the posted rows', () => {
    const ledger = withSteps(17, 6);
    const [checking, , card] = ledger.accounts;
    if (checking === undefined || card === undefined) throw new Error('default profile has 3 accounts');
    const posted = (accountId: string): number =>
      ledger.liveTransactions().filter((t) => t.accountId === accountId && !t.pending).reduce((sum, t) => sum + t.amountCents, 0);
    const held = (accountId: string): number =>
      ledger.liveTransactions().filter((t) => t.accountId === accountId && t.pending && t.amountCents > 0).reduce((sum, t) => sum + t.amountCents, 0);
    const checkingBalance = ledger.balance(checking);
    expect(checkingBalance.currentCents).toBe(checking.openingCents - posted(checking.id));
    expect(checkingBalance.availableCents).toBe(checkingBalance.currentCents - held(checking.id));
    const cardBalance = ledger.balance(card);
    expect(cardBalance.currentCents).toBe(posted(card.id));
    expect(cardBalance.currentCents).toBeGreaterThanOrEqual(0);
    expect(cardBalance.availableCents).toBe(1_000_000 - cardBalance.currentCents - held(card.id));
  });

  it('the unreported settlement: a stale pending the bank counts at its second step while the feed keeps it pending, nothing else changed', () => {
    const plain = withSteps(17, 0);
    const ledger = new LedgerSim({ ...params(17), unreportedSettle: true });
    const checking = ledger.accounts.find((a) => a.role === 'checking');
    if (checking === undefined) throw new Error('default profile has a checking account');
    const id = ledger.unreportedPendingId;
    const planted = ledger.liveTransactions().find((t) => t.id === id);
    expect(planted).toMatchObject({ pending: true, amountCents: UNREPORTED_CENTS, date: '2026-02-17', accountId: checking.id, name: 'AMAZON MKTPL*2K4LT83B2' });
    // Everything else is the ledger without the scenario, and before the first step the balance excludes the pending.
    expect(ledger.liveTransactions().filter((t) => t.id !== id)).toEqual(plain.liveTransactions());
    expect(ledger.balance(checking)).toEqual({ ...plain.balance(checking), availableCents: plain.balance(checking).availableCents - UNREPORTED_CENTS });
    const postedSum = (l: LedgerSim) => l.liveTransactions().filter((t) => t.accountId === checking.id && !t.pending).reduce((sum, t) => sum + t.amountCents, 0);
    ledger.step(stepTime(0));
    expect(ledger.balance(checking).currentCents).toBe(checking.openingCents - postedSum(ledger));
    for (let i = 1; i < 8; i++) ledger.step(stepTime(i));
    // The bank's balance now counts the charge; its feed still lists it as pending, and it never settles.
    expect(ledger.balance(checking).currentCents).toBe(checking.openingCents - postedSum(ledger) - UNREPORTED_CENTS);
    expect(ledger.liveTransactions().find((t) => t.id === id)).toEqual(planted);
    expect(LedgerSim.replay({ ...params(17), unreportedSettle: true }, ledger.stepTimes).balance(checking)).toEqual(ledger.balance(checking));
  });

  it('generates the 100k-row bench profile (its speed is the bench\'s to measure)', () => {
    const ledger = new LedgerSim({ ...params(1), profile: { accounts: 10, historyDays: 730, txPerDay: 137 } });
    expect(ledger.accounts).toHaveLength(10);
    expect(ledger.logLength).toBeGreaterThan(95_000);
  });
});

describe('cursor sync over the ledger', () => {
  it('drains from position 0 to exactly the live set, and an unchanged ledger yields an empty page', () => {
    const ledger = withSteps(21, 5);
    const state = new Map<string, PlaidTransactionWire>();
    const { pages, cursor } = drainPages(ledger, undefined, 500);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    apply(state, pages);
    expect(state).toEqual(truthById(ledger));
    const again = buildSyncPage(ledger.itemId, ledger, cursor, 500);
    expect([again.added, again.modified, again.removed, again.has_more]).toEqual([[], [], [], false]);
    expect(again.next_cursor).toBe(cursor);
  });

  it('reports pending → posted as a removal plus an addition linked by pending_transaction_id', () => {
    const ledger = new LedgerSim(params(23));
    const { cursor } = drainPages(ledger, undefined, 500);
    ledger.step(stepTime(0));
    const { pages } = drainPages(ledger, cursor, 3);
    const removed = new Set(pages.flatMap((p) => p.removed.map((r) => r.transaction_id)));
    const posted = pages.flatMap((p) => p.added).filter((t) => t.pending_transaction_id !== null);
    expect(posted.length).toBeGreaterThan(0);
    for (const txn of posted) expect(removed.has(txn.pending_transaction_id ?? '')).toBe(true);
  });

  it('fails a later page once the log grew, and a restart from the pinned cursor recovers', () => {
    const ledger = new LedgerSim(params(25));
    const first = buildSyncPage(ledger.itemId, ledger, undefined, 100);
    expect(first.has_more).toBe(true);
    ledger.step(stepTime(0));
    expect(() => buildSyncPage(ledger.itemId, ledger, first.next_cursor, 100)).toThrow(
      expect.objectContaining({ code: 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION', status: 400 }),
    );
    const state = new Map<string, PlaidTransactionWire>();
    apply(state, drainPages(ledger, undefined, 100).pages);
    expect(state).toEqual(truthById(ledger));
  });

  it('rejects cursors it did not issue for this item', () => {
    const ledger = new LedgerSim(params(27));
    const other = new LedgerSim(params(27, 1));
    const foreign = buildSyncPage(other.itemId, other, undefined, 10).next_cursor;
    for (const cursor of [foreign, 'not-a-cursor', Buffer.from('{"item":1}').toString('base64url')]) {
      expect(() => buildSyncPage(ledger.itemId, ledger, cursor, 10)).toThrow(PlaidError);
      expect(() => buildSyncPage(ledger.itemId, ledger, cursor, 10)).toThrow(expect.objectContaining({ code: 'INVALID_FIELD' }));
    }
  });

  it('keeps cursors short (Plaid allows up to 256 characters)', () => {
    const ledger = new LedgerSim({ ...params(1), profile: { historyDays: 60 } });
    expect(buildSyncPage(ledger.itemId, ledger, undefined, 1).next_cursor.length).toBeLessThanOrEqual(256);
  });

  it('converges on the truth for any page sizes and steps interleaved between pages', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('page' as const), count: fc.integer({ min: 1, max: 500 }) }),
      fc.record({ kind: fc.constant('step' as const), hours: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(op, { maxLength: 40 }), (seed, ops) => {
        const ledger = new LedgerSim({ ...params(seed), profile: { historyDays: 20 } });
        const state = new Map<string, PlaidTransactionWire>();
        let clock = CREATED.getTime();
        // The client protocol: pin the cursor an update starts from, collect its pages, apply them
        // only when has_more is false, and restart from the pinned cursor on a mutation error.
        let pinned: string | undefined;
        let next: string | undefined;
        let collected: SyncPageWire[] = [];
        /** Requests one page; true when it completed an update. */
        const requestPage = (count: number): boolean => {
          try {
            const page = buildSyncPage(ledger.itemId, ledger, next, count);
            collected.push(page);
            next = page.next_cursor;
            if (page.has_more) return false;
            apply(state, collected);
            collected = [];
            pinned = next;
            return true;
          } catch (error) {
            expect(error).toMatchObject({ code: 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION' });
            collected = [];
            next = pinned;
            return false;
          }
        };
        for (const action of ops) {
          if (action.kind === 'step') {
            clock += action.hours * HOUR;
            ledger.step(new Date(clock));
          } else {
            requestPage(action.count);
          }
        }
        // With the ledger now still, one complete update must bring the client to the truth.
        let completed = false;
        for (let attempt = 0; attempt < 100 && !completed; attempt++) completed = requestPage(500);
        expect(completed).toBe(true);
        expect(state).toEqual(truthById(ledger));
      }),
      { numRuns: 60 },
    );
  });
});

describe('burst (the benchmark\'s incremental sync)', () => {
  it('makes exactly the changes asked for: postings of open pendings, additions, revisions and withdrawals', () => {
    const ledger = new LedgerSim({ ...params(5), profile: { accounts: 4, historyDays: 90, txPerDay: 40 } });
    const at = new Date(CREATED.getTime() + HOUR);
    ledger.burst(at, { authorize: 200, post: 0, add: 0, modify: 0, remove: 0 });
    const start = ledger.logLength;
    ledger.burst(at, { authorize: 0, post: 200, add: 700, modify: 80, remove: 20 });
    const changes = ledger.changesBetween(start, ledger.logLength);
    const count = (kind: string) => changes.filter((c) => c.kind === kind).length;
    expect({ added: count('added'), modified: count('modified'), removed: count('removed') }).toEqual({ added: 900, modified: 80, removed: 220 });
    // The 200 removals beyond the 20 withdrawals are the pendings that posted; most postings name theirs.
    const removedPendings = new Set(changes.filter((c) => c.kind === 'removed' && c.txn.pending).map((c) => c.txn.id));
    expect(removedPendings.size).toBe(200);
    const linked = changes.filter((c) => c.kind === 'added' && c.txn.pendingTransactionId !== null);
    expect(linked.length).toBeGreaterThan(100);
    for (const c of linked) expect(removedPendings.has(c.txn.pendingTransactionId ?? '')).toBe(true);
    expect(changes.filter((c) => c.kind === 'added' && !c.txn.pending).length).toBe(900);
  });
});
