/** Shared by the MoneyKit integration tests: linking through the real flow, and the bank's truth as Ledgerline rows. */
import { mapMoneykitAccount, mapMoneykitTransaction } from '../../../electron/providers/moneykit/mapMoneykit';
import type { MoneykitClient } from '../../../electron/providers/moneykit/moneykitClient';
import { MoneykitAccountSchema, MoneykitTransactionSchema } from '../../../electron/providers/moneykit/moneykitSchemas';
import type { MoneykitBank } from '../../../electron/demo-banks/moneykit/moneykitBank';
import type { Account, Transaction } from '../../../shared/types';

/** POST /link-session → (demo consent) → POST /link-session/exchange-token; returns the link_id. */
export async function linkThroughConnect(client: MoneykitClient, userId = 'test-user-1'): Promise<string> {
  const token = await client.createLinkSession({
    customer_user: { id: userId },
    redirect_uri: 'https://ledgerline.test/moneykit/connected',
    settings: { products: { transactions: { required: true, prefetch: true } } },
  });
  return (await client.exchangeToken(token)).link_id;
}

/** The bank's live set, pendings included, exactly as the client maps it. */
export function truthTransactions(bank: MoneykitBank, linkId: string, connectionId: string): Transaction[] {
  return bank.truth(linkId).transactions.map((w) => mapMoneykitTransaction(MoneykitTransactionSchema.parse(w), connectionId));
}

export function truthAccounts(bank: MoneykitBank, linkId: string, connectionId: string): Account[] {
  return bank
    .truth(linkId)
    .accounts.map((w) => mapMoneykitAccount(MoneykitAccountSchema.parse(w), connectionId))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));
