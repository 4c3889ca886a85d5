// `npm run soak`: the sync-correctness tests at soak strength (not part of `npm test`).
// LEDGERLINE_MODEL_RUNS and LEDGERLINE_CRASH_TRIALS override the defaults below.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  LEDGERLINE_MODEL_RUNS: process.env.LEDGERLINE_MODEL_RUNS ?? '1000',
  LEDGERLINE_CRASH_TRIALS: process.env.LEDGERLINE_CRASH_TRIALS ?? '100',
  LEDGERLINE_MODEL_RANDOM_SEED: '1',
  // The soak searches for a bad moment: a new seed each run (printed by the test), unless given.
  LEDGERLINE_CRASH_SEED: process.env.LEDGERLINE_CRASH_SEED ?? String(Date.now() % 100000),
};
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync('npx', ['vitest', 'run', 'test/integration/syncModel/syncModelPlaid.test.ts', 'test/integration/syncModel/syncModelMoneykit.test.ts', 'test/integration/syncModel/syncModelSnaptrade.test.ts', 'test/e2e/crashConsistency.test.ts', '--testTimeout=3600000'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
