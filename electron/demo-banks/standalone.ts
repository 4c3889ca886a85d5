/**
 * `npm run demo-banks`: the demo banks as their own process — the Plaid bank, the MoneyKit credit
 * union and the SnapTrade brokerage — for poking at with curl or pointing the app at with
 * LEDGERLINE_PLAID_URL / LEDGERLINE_MONEYKIT_URL / LEDGERLINE_SNAPTRADE_URL. Configured from the
 * environment:
 *   LEDGERLINE_DEMO_SEED       integer seed (default 1)
 *   PORT                       the Plaid bank's port on 127.0.0.1 (default 0: any free port);
 *                              MoneyKit and SnapTrade take the next two when PORT is set
 *   LEDGERLINE_DEMO_STATE      optional folder for state files, so links survive restarts
 *   LEDGERLINE_DEMO_CLIENT_ID / LEDGERLINE_DEMO_SECRET   credentials to accept (default: the demo pair)
 *   LEDGERLINE_DEMO_PROFILE    the Plaid bank's ledger size, `accounts,historyDays,txPerDay`
 *                              (e.g. `10,730,137` ≈ 100k rows — what `npm run bench` uses)
 */
import path from 'node:path';
import { DEMO_CREDENTIALS, startPlaidBank } from './plaid/plaidBank';
import type { LedgerProfile } from './ledger/ledgerSim';
import { startMoneykitBank } from './moneykit/moneykitBank';
import { startSnaptradeBank } from './snaptrade/snaptradeBank';

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function profileFromEnv(name: string): Partial<LedgerProfile> {
  const raw = process.env[name]?.trim();
  if (!raw) return {};
  const parts = raw.split(',').map(Number);
  const [accounts, historyDays, txPerDay] = parts;
  if (parts.length !== 3 || !parts.every((n) => Number.isFinite(n) && n > 0) || accounts === undefined || historyDays === undefined || txPerDay === undefined) {
    throw new Error(`${name} must be "accounts,historyDays,txPerDay" (positive numbers), got "${raw}"`);
  }
  return { accounts, historyDays, txPerDay };
}

async function main(): Promise<void> {
  const clientId = process.env.LEDGERLINE_DEMO_CLIENT_ID ?? DEMO_CREDENTIALS.clientId;
  const secret = process.env.LEDGERLINE_DEMO_SECRET ?? DEMO_CREDENTIALS.secret;
  const seed = integerFromEnv('LEDGERLINE_DEMO_SEED', 1);
  const port = integerFromEnv('PORT', 0);
  const stateDir = process.env.LEDGERLINE_DEMO_STATE || null;
  const state = (name: string) => (stateDir ? { stateFile: path.join(stateDir, name) } : {});
  const log = (name: string) => (line: string) => console.error(`${name}: ${line}`);
  const profile = profileFromEnv('LEDGERLINE_DEMO_PROFILE');
  const plaid = await startPlaidBank({ seed, port, clientId, secret, profile, household: 'payer', logger: log('plaid'), ...state('demo-bank.json') });
  const moneykit = await startMoneykitBank({ seed, port: port && port + 1, clientId, clientSecret: secret, household: 'card', logger: log('moneykit'), ...state('demo-moneykit.json') });
  const snaptrade = await startSnaptradeBank({ seed, port: port && port + 2, clientId, consumerKey: secret, logger: log('snaptrade'), ...state('demo-snaptrade.json') });
  // stdout carries only these lines, so scripts can read them; the log goes to stderr.
  console.log(`LEDGERLINE_PLAID_URL=${plaid.plaidUrl}`);
  console.log(`LEDGERLINE_MONEYKIT_URL=${moneykit.url}`);
  console.log(`LEDGERLINE_SNAPTRADE_URL=${snaptrade.url}`);
  console.log(`LEDGERLINE_DEMO_CLIENT_ID=${clientId}`);
  console.log(`LEDGERLINE_DEMO_SECRET=${secret}`);

  const stop = (): void => {
    Promise.all([plaid.close(), moneykit.close(), snaptrade.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
