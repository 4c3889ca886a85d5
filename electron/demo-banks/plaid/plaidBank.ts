/**
 * The Plaid demo bank: a wire-compatible Plaid server on 127.0.0.1 over seeded ledger simulations
 * (First Platypus Bank). It is the app's built-in Plaid demo connection, the double behind every
 * Plaid integration test, and fault-injectable. The HTTP face is handler.ts and the endpoint modules
 * it routes to; items, tokens and steps live in itemStore.ts; `/__admin/*` is admin.ts.
 */
import { startBankServer } from '../common/loopbackServer';
import type { ScriptedEvent } from '../ledger/ledgerSim';
import { createPlaidAdmin } from './admin';
import type { FaultPlan } from './faults';
import { createPlaidHandler } from './handler';
import { ItemStore, type ItemStoreOptions } from './itemStore';
import { INSTITUTION, type PlaidAccountWire, type PlaidTransactionWire } from './wire';

export type { FaultPlan, PlaidAccountWire, PlaidTransactionWire, ScriptedEvent };

/** The credentials the embedded demo banks are started with unless told otherwise. */
export const DEMO_CREDENTIALS = { clientId: 'ledgerline-demo', secret: 'ledgerline-demo-secret' } as const;

export interface PlaidBankOptions extends ItemStoreOptions {
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  now?: () => Date;
  /**
   * Serve the `/__admin/*` test endpoints over HTTP (default true). The app's embedded bank turns
   * them off: it drives the bank in-process, and no other local program needs its tokens.
   */
  adminHttp?: boolean;
}

export interface PlaidBank {
  /** http://127.0.0.1:<port> */
  plaidUrl: string;
  close(): Promise<void>;
  advance(itemId: string, steps?: number): void;
  /**
   * Tests: the item's next `/transactions/refresh` makes exactly these events instead of a seeded
   * step (so a test builds the scenario it asserts). Resolves, once that refresh ran, to the ids
   * the events created by key. Refused where the bank keeps a state file (not replayable).
   */
  scriptNextRefresh(itemId: string, events: readonly ScriptedEvent[]): Promise<Map<string, string>>;
  /** Replaces the item's fault plan. */
  setFaults(itemId: string, faults: FaultPlan): void;
  /** The item's current live set, in the exact wire form /transactions/sync returns. */
  truth(itemId: string): { accounts: PlaidAccountWire[]; transactions: PlaidTransactionWire[] };
  items(): { item_id: string; institution_id: string; created_at: string }[];
  /** Every token and the client secret issued or accepted by this process, for secret-leak tests. */
  issuedSecrets(): string[];
}

export async function startPlaidBank(options: PlaidBankOptions): Promise<PlaidBank> {
  const store = new ItemStore(options, options.now ?? (() => new Date()));
  const log = options.logger ?? ((): void => undefined);
  let plaidUrl = '';
  const plaid = createPlaidHandler(store, log, () => plaidUrl);
  const server = await startBankServer({
    port: options.port,
    adminHttp: options.adminHttp,
    admin: createPlaidAdmin(store),
    api: (req, res) => plaid(req, res),
    name: 'plaid bank',
    log,
    failureBody: { error: 'internal error' },
  });
  plaidUrl = server.url;
  log(`plaid bank (${INSTITUTION.name}) listening on ${plaidUrl}`);

  return {
    plaidUrl,
    close: server.close,
    advance: (itemId, steps = 1) => store.advance(itemId, steps),
    scriptNextRefresh: (itemId, events) => store.scriptNextRefresh(itemId, events),
    setFaults: (itemId, faults) => store.setFaults(itemId, faults),
    truth: (itemId) => store.truth(itemId),
    items: () => store.listItems(),
    issuedSecrets: () => store.issuedSecrets(),
  };
}
