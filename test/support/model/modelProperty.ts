/**
 * The fast-check side of the sync models: the seed and replay knobs, one run with its bank item
 * remembered on failure, the property check with its replay instructions, the figures printed at
 * the end, the coverage every model demands of its figures, and the three tests every model runs.
 *
 * Replaying a failure: the report prints the seed (and a path). LEDGERLINE_MODEL_SEED=<seed> reruns
 * the identical sequence, shrinking included, because the bank is seeded with the same number and
 * its clock is the model's. Adding LEDGERLINE_MODEL_PATH and LEDGERLINE_MODEL_ITEM (also printed)
 * jumps straight to the shrunk counterexample on the same bank item. LEDGERLINE_MODEL_RUNS=<n>
 * raises the number of runs for a soak.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRASH_MODES } from './modelActions';
import type { ModelClock, ModelFigures, ModelRun } from './modelRun';

/** The seed `npm test` searches (see `seed` below). */
const DEFAULT_SEED = 20261121;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

export class ModelSearch {
  /**
   * `npm test` searches one fixed seed, so CI is deterministic and its coverage checks cannot flake;
   * `npm run soak` (LEDGERLINE_MODEL_RANDOM_SEED=1) explores new seeds on every run.
   */
  readonly seed = envInt('LEDGERLINE_MODEL_SEED') ?? (process.env.LEDGERLINE_MODEL_RANDOM_SEED === '1' ? Math.floor(Math.random() * 0x7fff_ffff) : DEFAULT_SEED);
  /** Set when replaying a shrunk counterexample: the tour and the coverage test are skipped then. */
  readonly path = process.env.LEDGERLINE_MODEL_PATH || undefined;
  readonly replayItem = envInt('LEDGERLINE_MODEL_ITEM');
  readonly runs: number;
  /** The bank item (link, connection) the last failing run used: with PATH, a replay must get the same ledger. */
  private lastFailingItem: number | null = null;

  /** `testFile` is the path the replay instructions name. */
  constructor(private readonly testFile: string, readonly defaultRuns: number) {
    this.runs = envInt('LEDGERLINE_MODEL_RUNS') ?? defaultRuns;
  }

  /** The property test's timeout. */
  get timeoutMs(): number {
    return 60_000 + this.runs * 3_000;
  }

  /** At least the default number of runs: rare events must then have shown up. */
  get fullSearch(): boolean {
    return this.runs >= this.defaultRuns;
  }

  /** One run on the bank item with this ordinal: the actions, then the final reckoning. */
  async runOnce<A>(itemOrdinal: number, run: ModelRun<A, unknown>, actions: readonly A[]): Promise<void> {
    run.figures.runs++;
    try {
      await run.play(actions);
      await run.settle();
    } catch (e) {
      this.lastFailingItem = itemOrdinal;
      throw e;
    } finally {
      await run.close();
    }
  }

  /**
   * The property: every generated list of actions survives `runModel`. When replaying a shrunk
   * counterexample, first burns bank items (`linkOne`) until the next one is the item it ran against.
   */
  async check<A>(
    actionArb: fc.Arbitrary<A>,
    runModel: (actions: readonly A[]) => Promise<void>,
    items: { count: () => number; linkOne: () => Promise<unknown> },
  ): Promise<void> {
    if (this.path !== undefined && this.replayItem !== undefined) {
      while (items.count() < this.replayItem) await items.linkOne();
    }
    const property = fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 16 }), async (actions) => {
      await runModel(actions);
    });
    const details = await fc.check(property, {
      seed: this.seed, numRuns: this.runs, includeErrorInReport: true, ...(this.path === undefined ? {} : { path: this.path }),
    });
    if (details.failed) {
      const command = `npx vitest run ${this.testFile}`;
      const replay = `LEDGERLINE_MODEL_SEED=${this.seed}`;
      const shrunk = `${replay} LEDGERLINE_MODEL_PATH=${details.counterexamplePath ?? ''} LEDGERLINE_MODEL_ITEM=${this.lastFailingItem ?? 0}`;
      throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n\nReplay the whole search:  ${replay} ${command}\nReplay the shrunk case:   ${shrunk} ${command}`);
    }
  }

  printFigures(title: string, figures: object): void {
    console.log(`${title} (seed ${this.seed}):\n${JSON.stringify(figures, null, 2)}`);
  }
}

/**
 * What every model's figures must show after the tour and the search: nothing lost, duplicated or
 * resurrected, rows compared, and every fault kind, crash mode, a stale replay and a held update
 * applied and one discarded exercised. The
 * bank's event kinds are only demanded of a full search (fewer runs may legitimately miss a rare one):
 * no demo bank can inject one chosen event, so the model proves the steps produced each kind.
 */
export function expectModelCoverage<F extends string, E extends string>(
  figures: ModelFigures<F, E>,
  kinds: { faults: readonly F[]; bankEvents: readonly E[]; bankEventLabel: string; fullSearch: boolean },
): void {
  expect(figures.rowsLost).toBe(0);
  expect(figures.rowsDuplicated).toBe(0);
  expect(figures.rowsResurrected).toBe(0);
  expect(figures.rowsCompared).toBeGreaterThan(0);
  if (kinds.fullSearch) for (const kind of kinds.bankEvents) expect(figures.bankEvents[kind], `${kinds.bankEventLabel} ${kind}`).toBeGreaterThan(0);
  for (const kind of kinds.faults) expect(figures.faultsInjected[kind], `fault ${kind}`).toBeGreaterThan(0);
  for (const mode of CRASH_MODES) expect(figures.crashes[mode], `crash ${mode}`).toBeGreaterThan(0);
  expect(figures.staleReplays).toBeGreaterThan(0);
  expect(figures.holdsApplied, 'held updates applied').toBeGreaterThan(0);
  expect(figures.holdsDiscarded, 'held updates discarded').toBeGreaterThan(0);
}

/** How one sync model plugs into `describeSyncModel`. `L` is a freshly linked bank item. */
export interface SyncModelSpec<A, L extends { ordinal: number }> {
  title: string;
  /** What the hand-written tour visits, for its test's name ("every fault, crash mode, …"). */
  tourVisits: string;
  /** The provider's side as the property's name says it: "the bank's", "the brokerage's". */
  truthName: string;
  clock: ModelClock;
  /** The first run: a history that visits every fault, crash mode, restart and replay, so coverage never depends on luck. */
  tour: readonly A[];
  actionArb: fc.Arbitrary<A>;
  /** Links a fresh item at the bank; its `ordinal` is how many were linked before it. */
  link: () => Promise<L>;
  /** How many items the bank has linked so far. */
  linked: () => number;
  newRun: (n: number, linked: L) => ModelRun<A, unknown>;
  /** The coverage test: `expectModelCoverage` and whatever the model demands besides. */
  coverage: () => void;
}

/**
 * The tests every sync model runs, in order: the tour, the property search (each run on a fresh
 * bank item and database, the clock reset), then the coverage of the figures both produced. The
 * tour and the coverage test are skipped when replaying a shrunk counterexample.
 */
export function describeSyncModel<A, L extends { ordinal: number }>(search: ModelSearch, spec: SyncModelSpec<A, L>): void {
  let runNumber = 0;
  const runModel = async (actions: readonly A[]): Promise<void> => {
    spec.clock.reset();
    const linked = await spec.link();
    await search.runOnce(linked.ordinal, spec.newRun(++runNumber, linked), actions);
  };
  describe(spec.title, () => {
    it.skipIf(search.path !== undefined)(`survives the tour: ${spec.tourVisits} in one history`, async () => {
      await runModel(spec.tour);
    });

    it(`keeps the local ledger equal to ${spec.truthName}, with nothing lost, duplicated or resurrected`, async () => {
      await search.check(spec.actionArb, runModel, { count: spec.linked, linkOne: spec.link });
    }, search.timeoutMs);

    it.skipIf(search.path !== undefined)('lost, duplicated and resurrected nothing, and exercised every kind of event, fault and crash', spec.coverage);
  });
}
