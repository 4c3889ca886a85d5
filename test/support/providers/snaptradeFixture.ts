/**
 * Shared set-up for the SnapTrade integration tests: a SnapTrade user and a connection made the
 * way the app makes them (register → login → open the portal → find the new authorization), with
 * the real SDK against the demo service over HTTP, and the bank's truth mapped like the client maps.
 */
import { randomUUID } from 'node:crypto';
import { accountCurrency, mapSnaptradeAccount, mapSnaptradeActivity } from '../../../electron/providers/snaptrade/mapSnaptrade';
import { createSnaptradeApi, type SnaptradeApi, type SnaptradeUser } from '../../../electron/providers/snaptrade/snaptradeClient';
import { AccountSchema, ActivitySchema, BalanceSchema } from '../../../electron/providers/snaptrade/snaptradeSchemas';
import type { SnaptradeBank } from '../../../electron/demo-banks/snaptrade/snaptradeBank';
import type { Account, Transaction } from '../../../shared/types';

export const CLIENT_ID = 'LEDGERLINE-TEST';
export const CONSUMER_KEY = 'test-consumer-key-0123456789abcdef';

export function apiFor(bank: SnaptradeBank, options: { consumerKey?: string; timeoutMs?: number; basePath?: string } = {}): SnaptradeApi {
  return createSnaptradeApi({
    basePath: options.basePath ?? bank.url, clientId: CLIENT_ID, consumerKey: options.consumerKey ?? CONSUMER_KEY, timeoutMs: options.timeoutMs ?? 10_000,
  });
}

export async function registerUser(api: SnaptradeApi): Promise<SnaptradeUser> {
  const res = await api.registerUser({ userId: `test-${randomUUID()}` });
  if (res.status !== 200) throw new Error(`registerUser answered ${res.status}: ${JSON.stringify(res.data)}`);
  return res.data as SnaptradeUser;
}

/** A new connection for `user`, through login and the portal; its authorization id. */
export async function connect(bank: SnaptradeBank, api: SnaptradeApi, user: SnaptradeUser): Promise<string> {
  const before = new Set(bank.authorizations().map((a) => a.id));
  const login = await api.login({ ...user, connectionType: 'read' });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const opened = await fetch((login.data as { redirectURI: string }).redirectURI, { redirect: 'manual' });
  await opened.arrayBuffer();
  const created = bank.authorizations().find((a) => !before.has(a.id));
  if (!created) throw new Error('the portal made no connection');
  return created.id;
}

export async function newConnection(bank: SnaptradeBank): Promise<{ api: SnaptradeApi; user: SnaptradeUser; authorizationId: string }> {
  const api = apiFor(bank);
  const user = await registerUser(api);
  return { api, user, authorizationId: await connect(bank, api, user) };
}

/** The bank's live activities, mapped exactly as the client maps them. */
export function truthTransactions(bank: SnaptradeBank, authorizationId: string, connectionId: string): Transaction[] {
  const truth = bank.truth(authorizationId);
  return truth.accounts.flatMap((wire) => {
    const account = AccountSchema.parse(wire);
    const balances = (truth.balances[account.id] ?? []).map((b) => BalanceSchema.parse(b));
    const currency = accountCurrency(account, balances);
    return (truth.activities[account.id] ?? []).map((a) => mapSnaptradeActivity(ActivitySchema.parse(a), { connectionId, accountId: account.id, accountCurrency: currency }));
  });
}

export function truthAccounts(bank: SnaptradeBank, authorizationId: string, connectionId: string): Account[] {
  const truth = bank.truth(authorizationId);
  return truth.accounts
    .map((wire) => {
      const account = AccountSchema.parse(wire);
      return mapSnaptradeAccount(account, (truth.balances[account.id] ?? []).map((b) => BalanceSchema.parse(b)), connectionId);
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const byId = (rows: readonly Transaction[]): Transaction[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));
