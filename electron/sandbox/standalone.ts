/**
 * `npm run sandbox`: the demo bank as its own process, for poking at it with curl or pointing a
 * dev build at it. Configured from the environment:
 *   LEDGERLINE_DEMO_SEED       integer seed (default 1)
 *   PORT                       port on 127.0.0.1 (default 0: any free port)
 *   LEDGERLINE_DEMO_STATE      optional state file, so items survive restarts
 *   LEDGERLINE_DEMO_CLIENT_ID / LEDGERLINE_DEMO_SECRET   credentials to accept (default: the demo pair)
 */
import { DEMO_CREDENTIALS, startDemoBank } from './demoBank';

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const clientId = process.env.LEDGERLINE_DEMO_CLIENT_ID ?? DEMO_CREDENTIALS.clientId;
  const secret = process.env.LEDGERLINE_DEMO_SECRET ?? DEMO_CREDENTIALS.secret;
  const bank = await startDemoBank({
    seed: integerFromEnv('LEDGERLINE_DEMO_SEED', 1),
    port: integerFromEnv('PORT', 0),
    clientId,
    secret,
    stateFile: process.env.LEDGERLINE_DEMO_STATE || undefined,
    logger: (line) => console.error(line),
  });
  // stdout carries only these lines, so scripts can read them; the log goes to stderr.
  console.log(`DEMO_BANK_PLAID_URL=${bank.plaidUrl}`);
  console.log(`DEMO_BANK_CLIENT_ID=${clientId}`);
  console.log(`DEMO_BANK_SECRET=${secret}`);

  const stop = (): void => {
    bank.close().then(
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
