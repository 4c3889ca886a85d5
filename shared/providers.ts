/**
 * The providers Ledgerline knows, as main and renderer alike see them: one row per provider, keyed
 * by its id. Everything outside `electron/providers/` that differs per provider derives from here —
 * the id list (`PROVIDERS`, and with it the zod enum in types.ts, the settings view in the IPC
 * contract and the settings file), the names and secret label the Settings form, the link dialog
 * and main's messages use, the sentences that list every provider, and the background-sync floor
 * (schedule/autoSync.ts). Zod-free and pure. Adding a provider is one row here plus its folder and
 * row in main's registry (docs/ARCHITECTURE.md, "Adding a provider").
 */
import type { HoldThresholds } from './sync/suspicion';

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
  /**
   * When a sync is held for the user instead of applied (shared/sync/suspicion.ts): the numbers,
   * each with why it is what it is, per provider. docs/ARCHITECTURE.md "Held updates" tabulates them.
   */
  hold: HoldThresholds;
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
    hold: {
      // Plaid removes rows one by one (`removed`), nearly always pendings that posted or lapsed: a
      // day's pendings are a few percent of an account's history, so half of it leaving in one
      // sync is never ordinary; 20 rows so a new account with a week of pendings is not held.
      removedShare: 0.5, minRemoved: 20,
      // Plaid keeps transaction_ids stable; a mass re-issue is an institution migration, worth a look.
      reidentifiedShare: 0.5, minReidentified: 20,
      // A cursor delta that leaves an account with 5+ rows empty is the empty-response failure.
      minEmptied: 5,
      // 10× the old balance (at least $1,000 → a $10,000 move): a salary, a rent or a card payment
      // stays well inside it; a balance in the wrong unit (×100) or another account's does not.
      balanceFactor: 10, balanceFloorMajor: 1_000,
    },
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
    hold: {
      // MoneyKit's pending-only replace scope drops every pending a refresh no longer lists, which is
      // ordinary; pendings are a small share of an account, so the same half / 20 as Plaid holds
      // only a drain that takes posted history with them.
      removedShare: 0.5, minRemoved: 20,
      reidentifiedShare: 0.5, minReidentified: 20,
      minEmptied: 5,
      balanceFactor: 10, balanceFloorMajor: 1_000,
    },
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
    hold: {
      // SnapTrade has no removal events: its date-window (and every 30 days unbounded) replace scope
      // turns whatever a read leaves out into removals, so a short or empty answer from the broker is
      // a mass removal. Brokerages almost never delete activities, so a quarter of an account (at
      // least 10) leaving in one read is held.
      removedShare: 0.25, minRemoved: 10,
      reidentifiedShare: 0.5, minReidentified: 10,
      // Brokerage accounts often hold few activities; an account with 3+ read back as empty is the
      // wealthfolio #1028 failure (an empty broker response taken as the truth).
      minEmptied: 3,
      // Holdings move with the market, and a transfer in (ACATS) can fill an empty account: 20× the
      // old value, at least $5,000 → a $100,000 move.
      balanceFactor: 20, balanceFloorMajor: 5_000,
    },
  },
} as const satisfies Readonly<Record<string, ProviderInfo>>;

export type Provider = keyof typeof PROVIDER_INFO;

/** Every provider id, in the table's order (the order Settings and the link dialog list them in). */
export const PROVIDERS: readonly [Provider, ...Provider[]] = (() => {
  const [first, ...rest] = Object.keys(PROVIDER_INFO) as Provider[];
  if (first === undefined) throw new Error('the provider table is empty');
  return [first, ...rest];
})();

/** The hold thresholds for a provider; an unknown one (a connection row not yet stored) gets Plaid's. */
export const holdThresholds = (provider: Provider | undefined): HoldThresholds => PROVIDER_INFO[provider ?? 'plaid'].hold;

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
