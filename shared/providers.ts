/**
 * The providers Ledgerline knows, as main and renderer alike see them: one row per provider, keyed
 * by its id. Everything outside `electron/providers/` that differs per provider derives from here —
 * the id list (`PROVIDERS`, and with it the zod enum in types.ts, the settings view in the IPC
 * contract and the settings file), the names and secret label the Settings form, the link dialog
 * and main's messages use, the sentences that list every provider, and the background-sync floor
 * (schedule/autoSync.ts). Zod-free and pure. Adding a provider is one row here plus its folder and
 * row in main's registry (docs/ARCHITECTURE.md, "Adding a provider").
 */

export interface ProviderInfo {
  /** The provider's name in every message: "Plaid". */
  name: string;
  /** What it connects, for the Settings form and the link dialog. */
  about: string;
  /** Where its API keys are found, for the Settings form. */
  whereKeys: string;
  /** What the provider calls the secret half of its key pair, as a label ("Client secret"); sentences lowercase it. */
  secretLabel: string;
  /**
   * The least time between two background syncs of one connection, whatever the user chose.
   * Background syncs never ask the provider to fetch from the bank (only Refresh now does); they
   * read what the provider already has, so syncing more often than its data changes only costs
   * requests (each row says why its floor is what it is).
   */
  minSyncIntervalMs: number;
  /**
   * In its sandbox environment, the provider can add a test item without a sign-in page (main's
   * module has a `sandboxLinkDriver`): the link dialog's "Add sandbox item" says what it adds.
   */
  sandboxItem: string | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const PROVIDER_INFO = {
  plaid: {
    name: 'Plaid',
    about: 'Bank and card accounts.',
    whereKeys: 'Keys are in the Plaid Dashboard under Developers → Keys.',
    secretLabel: 'Secret',
    // 15 min (the same as the recent window): Plaid checks an institution 1–4 times a day at times
    // we cannot know (a desktop app gets no webhooks), `/transactions/sync` is free and allows 50
    // calls a minute per Item, so a short floor picks new data up soonest at no cost.
    minSyncIntervalMs: 15 * MINUTE,
    sandboxItem: 'a test item for First Platypus Bank',
  },
  moneykit: {
    name: 'MoneyKit',
    about: 'Bank accounts through MoneyKit.',
    whereKeys: 'Keys are in the MoneyKit dashboard under API keys.',
    secretLabel: 'Client secret',
    // 1 h: a link's transactions refresh is allowed once an hour (`POST /links/{id}/products`
    // answers 429 sooner) and a sync only reads what the last refresh fetched.
    minSyncIntervalMs: 1 * HOUR,
    sandboxItem: null,
  },
  snaptrade: {
    name: 'SnapTrade',
    about: 'Brokerage accounts and investment activity.',
    whereKeys: 'Keys are in the SnapTrade dashboard.',
    secretLabel: 'Consumer key',
    // 24 h: activities are cached once a day and delayed by a day; SnapTrade asks clients not to
    // read an account's activities more than once every 24 hours, and sync triggers are billed.
    minSyncIntervalMs: 24 * HOUR,
    sandboxItem: null,
  },
} as const satisfies Readonly<Record<string, ProviderInfo>>;

export type Provider = keyof typeof PROVIDER_INFO;

/** Every provider id, in the table's order (the order Settings and the link dialog list them in). */
export const PROVIDERS: readonly [Provider, ...Provider[]] = (() => {
  const [first, ...rest] = Object.keys(PROVIDER_INFO) as Provider[];
  if (first === undefined) throw new Error('the provider table is empty');
  return [first, ...rest];
})();

/** The provider's name in messages ("Plaid"). */
export const providerName = (provider: Provider): string => PROVIDER_INFO[provider].name;

/** What the provider calls its secret, inside a sentence ("the client secret"). */
export const secretName = (provider: Provider): string => PROVIDER_INFO[provider].secretLabel.toLowerCase();

/** Every provider's name in one phrase: "Plaid, MoneyKit or SnapTrade". */
export function providerNames(conjunction: 'or' | 'and'): string {
  const names = PROVIDERS.map(providerName);
  const last = names.pop() ?? '';
  return names.length === 0 ? last : `${names.join(', ')} ${conjunction} ${last}`;
}
