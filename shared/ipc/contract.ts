/**
 * The IPC contract between the renderer and main: one entry per channel (`domain:action`), each
 * with the zod schema its input must pass and the schema of its reply. Electron's ipcMain and the
 * browser host's WebSocket are two transports for this one table. Which API method speaks on which
 * channel is written once, in the zod-free `channels.ts`; this file must cover exactly its names.
 */
import { z } from 'zod';
import {
  ConnectionIdSchema, ConnectionInfoSchema, IsoDateTimeSchema, ProviderSchema, PullResultSchema, SyncErrorSchema,
  SyncTriggerSchema, SyncUpdateSchema, TransactionSchema,
} from '../types';
import type { API_CHANNELS, API_EVENTS, ApiChannel, ApiEvent, ApiEventMethod, ApiMethod } from './channels';
import { PROVIDERS, type Provider } from '../providers';
import { AccountHoldingsSchema } from '../holdings';

const NoInput = z.undefined();

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  /** Demo mode: no provider credentials are configured; the embedded demo bank serves the data. */
  demo: z.boolean(),
  keychain: z.object({ available: z.boolean(), detail: z.string() }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const RefreshResultSchema = z.object({
  /** The provider accepted the request to fetch fresh data from the bank. */
  requested: z.boolean(),
  /** Why not, in one line, when it did not. */
  message: z.string().nullable(),
  /** When the provider limits refreshes: when the next one is allowed (shown as "refresh available at 14:05"). */
  availableAt: z.string().datetime({ offset: true }).nullable(),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

export const SyncReportSchema = z.object({
  connectionId: ConnectionIdSchema,
  /**
   * applied: rows and cursor committed; stale: another window already applied it; held: stored for
   * the user's review in Changes, nothing else changed (the provider answered); failed: nothing stored.
   */
  outcome: z.enum(['applied', 'stale', 'held', 'failed']),
  message: z.string().max(500).nullable(),
});

/** What a demo-mode user can make the demo bank do, to see how Ledgerline handles it. */
export const DemoActionSchema = z.enum(['new_activity', 'login_required', 'bank_outage', 'rate_limit', 'repair']);
export type DemoAction = z.infer<typeof DemoActionSchema>;

// ─── Settings: provider credentials (secrets go to the keychain through main, never come back) ───

export const EnvironmentSchema = z.enum(['sandbox', 'production']);
/** An override of the provider's API base URL (advanced): http(s) only. */
const BaseUrlSchema = z.string().max(2048).regex(/^https?:\/\/\S+$/, 'expected an http(s) URL').nullable();
/** Credentials are opaque to us but bounded and printable. */
const CredentialSchema = z.string().trim().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'expected printable characters without spaces');

export const ProviderSettingsViewSchema = z.object({
  configured: z.boolean(),
  environment: EnvironmentSchema,
  clientId: z.string().nullable(),
  /** The secret, masked ("••••a1b2"); the secret itself never leaves main. */
  secretMask: z.string().nullable(),
  baseUrl: z.string().nullable(),
  lastTest: z.object({ ok: z.boolean(), message: z.string(), at: z.string() }).nullable(),
});
export type ProviderSettingsView = z.infer<typeof ProviderSettingsViewSchema>;

export const SettingsViewSchema = z.object({
  /** The user's choice; demo connections show while it is on. */
  demoEnabled: z.boolean(),
  keychain: z.object({ available: z.boolean(), detail: z.string() }),
  /** One entry per provider (shared/providers.ts). */
  providers: z.object(Object.fromEntries(PROVIDERS.map((p) => [p, ProviderSettingsViewSchema])) as Record<Provider, typeof ProviderSettingsViewSchema>),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

// ─── Linking: adding a connection, or signing in again to repair one ──────────────────────────

export const LinkFlowIdSchema = z.string().regex(/^lf_[A-Za-z0-9_-]{8,64}$/, 'not a link flow id');
export const LinkStatusSchema = z.object({
  state: z.enum(['waiting', 'linked', 'duplicate', 'failed', 'cancelled', 'expired']),
  /** The new (or repaired) connection once linked; the existing one for a duplicate. */
  connectionId: ConnectionIdSchema.nullable(),
  /** One line for the user: what happened, what to do next. */
  message: z.string(),
});
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

// ─── Export: a CSV or OFX file the renderer built, saved where the user chooses ────────────────

/** The largest export accepted over IPC (characters): about 1M transactions of CSV. */
export const EXPORT_MAX_CHARS = 200_000_000;
export const ExportSaveInputSchema = z.strictObject({
  /** A plain file name (no folders), the dialog's suggestion: `ledgerline-2026-03-20.csv`. */
  suggestedName: z.string().min(1).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/, 'expected a plain file name'),
  format: z.enum(['csv', 'ofx']),
  content: z.string().max(EXPORT_MAX_CHARS),
});
export const ExportSaveResultSchema = z.object({
  /** false: the user cancelled the dialog (or this host cannot save files). */
  saved: z.boolean(),
  /** The chosen file's name (not its folder), for "Saved 1,234 transactions to …". */
  fileName: z.string().nullable(),
  /** Why not saved, in one line, when there is more to say than "cancelled". */
  message: z.string().nullable(),
});
export type ExportSaveResult = z.infer<typeof ExportSaveResultSchema>;

// ─── Backups: a file the renderer built from IndexedDB, written by main where the user chose ──

/**
 * The largest backup accepted over IPC (characters): V8's longest string is about 2^29, and a
 * 100k-row ledger's backup is well under a tenth of this.
 */
export const BACKUP_MAX_CHARS = 500_000_000;
/** A backup's text: a Ledgerline backup file (shared/backup/backup.ts), by its first line. */
export const BackupContentSchema = z.string().max(BACKUP_MAX_CHARS).refine((s) => s.startsWith('LEDGERLINE-BACKUP\n'), 'expected a Ledgerline backup file');
export const BackupSaveInputSchema = z.strictObject({
  /** A plain file name, the dialog's suggestion: `ledgerline-2026-04-05.llbackup`. */
  suggestedName: z.string().min(1).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/, 'expected a plain file name'),
  content: BackupContentSchema,
});
export const AutoBackupViewSchema = z.object({
  /** This host can write automatic backups (Electron); the browser host cannot show a folder dialog. */
  available: z.boolean(),
  enabled: z.boolean(),
  folder: z.string().nullable(),
  keep: z.number().int().min(1),
  lastSuccessAt: z.string().nullable(),
  lastFile: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  /** Main's word: an automatic backup should be written now. */
  due: z.boolean(),
});
export type AutoBackupView = z.infer<typeof AutoBackupViewSchema>;

// ─── Streamed pulls: a first sync's rows arrive in chunks, written as they come, committed once ───

export const StreamIdSchema = z.string().regex(/^ps_[A-Za-z0-9_-]{8,64}$/, 'not a pull stream id');

/** Rows per chunk main hands over at most (a few provider pages). */
export const PULL_CHUNK_ROWS = 2000;

/**
 * One step of a streamed pull. `rows` chunks carry the update's upserts and removals in provider
 * order (a later chunk's word on an id wins); `restart` means the provider restarted its page loop
 * (Plaid's mutation during pagination): every row of this stream so far is void. The stream ends
 * with `done` (the update's header: every field but its rows), `waiting` or `error`.
 */
export const PullChunkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rows'),
    upserts: z.array(TransactionSchema).max(PULL_CHUNK_ROWS),
    removals: z.array(z.string().min(1)).max(PULL_CHUNK_ROWS),
  }),
  z.object({ kind: z.literal('restart') }),
  z.object({ kind: z.literal('done'), update: SyncUpdateSchema }),
  z.object({ kind: z.literal('waiting'), message: z.string(), retryAt: IsoDateTimeSchema }),
  z.object({ kind: z.literal('error'), error: SyncErrorSchema }),
]);
export type PullChunk = z.infer<typeof PullChunkSchema>;

export const contract = {
  'app:info': { input: NoInput, output: AppInfoSchema },
  'connections:list': { input: NoInput, output: z.array(ConnectionInfoSchema) },
  'sync:refresh': {
    input: z.strictObject({ connectionId: ConnectionIdSchema }),
    output: RefreshResultSchema,
  },
  'sync:pull': {
    input: z.strictObject({
      connectionId: ConnectionIdSchema,
      cursor: z.string().min(1).max(4096).nullable(),
      trigger: SyncTriggerSchema,
    }),
    output: PullResultSchema,
  },
  /** A first sync (no cursor yet), streamed: rows come from `sync:pullNext` while main still pages the provider. */
  'sync:pullStream': {
    input: z.strictObject({ connectionId: ConnectionIdSchema, trigger: SyncTriggerSchema }),
    output: z.object({ streamId: StreamIdSchema }),
  },
  'holdings:list': {
    input: z.strictObject({ connectionId: ConnectionIdSchema }),
    output: z.object({ accounts: z.array(AccountHoldingsSchema).max(1_000) }),
  },
  'sync:pullNext': { input: z.strictObject({ streamId: StreamIdSchema }), output: PullChunkSchema },
  'sync:report': { input: SyncReportSchema.strict(), output: z.undefined() },
  'settings:get': { input: NoInput, output: SettingsViewSchema },
  'settings:saveProvider': {
    input: z.strictObject({
      provider: ProviderSchema,
      environment: EnvironmentSchema,
      clientId: CredentialSchema,
      /** Omitted: keep the stored secret. */
      secret: CredentialSchema.optional(),
      baseUrl: BaseUrlSchema,
    }),
    output: SettingsViewSchema,
  },
  'settings:clearProvider': { input: z.strictObject({ provider: ProviderSchema }), output: SettingsViewSchema },
  'settings:testProvider': {
    input: z.strictObject({ provider: ProviderSchema }),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'settings:setDemo': { input: z.strictObject({ enabled: z.boolean() }), output: SettingsViewSchema },
  'connections:remove': {
    input: z.strictObject({ connectionId: ConnectionIdSchema }),
    /** `providerRemoved` false: the provider could not be told (offline); the keychain entries are gone regardless. */
    output: z.object({ providerRemoved: z.boolean(), message: z.string() }),
  },
  'connections:startLink': {
    input: z.strictObject({
      provider: ProviderSchema,
      /** Sign in again to repair this connection (Plaid update mode, MoneyKit relink, SnapTrade reconnect). */
      reauthConnectionId: ConnectionIdSchema.nullable(),
      /** Plaid in its sandbox environment only: add a test item directly (/sandbox/public_token/create), no sign-in page. */
      sandbox: z.boolean().optional(),
    }),
    /** `url`: the provider's sign-in page, opened in the system browser when `opened`, else for the user to open. */
    output: z.object({ flowId: LinkFlowIdSchema, url: z.string(), opened: z.boolean() }),
  },
  'connections:linkStatus': { input: z.strictObject({ flowId: LinkFlowIdSchema }), output: LinkStatusSchema },
  'connections:cancelLink': { input: z.strictObject({ flowId: LinkFlowIdSchema }), output: LinkStatusSchema },
  'demo:simulate': {
    input: z.strictObject({ connectionId: ConnectionIdSchema, action: DemoActionSchema }),
    output: z.object({ message: z.string() }),
  },
  /** A desktop notification (background sync summary); never carries a token or account number. */
  'app:notify': {
    input: z.strictObject({ title: z.string().min(1).max(120), body: z.string().max(400) }),
    /** `shown` false: the OS has no notifications (or they are off for Ledgerline). */
    output: z.object({ shown: z.boolean() }),
  },
  /** The dock / taskbar badge and tray tooltip: the unread-changes count (0 clears it). */
  'app:setBadge': { input: z.strictObject({ count: z.number().int().min(0).max(99_999) }), output: z.undefined() },
  /** Save an export (CSV/OFX) through the system save dialog (Electron); the browser host downloads it in the page instead. */
  'export:save': { input: ExportSaveInputSchema, output: ExportSaveResultSchema },
  /**
   * The user clicked "Restart to update": quit, install the downloaded update, start again.
   * `installing` false: there is no downloaded update (or no updater: the browser host, development).
   */
  'app:installUpdate': { input: NoInput, output: z.object({ installing: z.boolean() }) },
  /** Save a backup through the system save dialog (Electron); main checks it is a backup before writing. */
  'backup:save': { input: BackupSaveInputSchema, output: ExportSaveResultSchema },
  'backup:autoStatus': { input: NoInput, output: AutoBackupViewSchema },
  /** `changed` false: the user cancelled the dialog (or this host has none; `message` says so). */
  'backup:chooseFolder': { input: NoInput, output: z.object({ changed: z.boolean(), message: z.string().nullable(), view: AutoBackupViewSchema }) },
  'backup:setAuto': {
    input: z.strictObject({ enabled: z.boolean(), keep: z.number().int().min(1).max(365) }),
    output: AutoBackupViewSchema,
  },
  'backup:writeAuto': {
    input: z.strictObject({ content: BackupContentSchema }),
    /** `written` false: `view.lastError` says why and what to do; older backups are untouched. */
    output: z.object({ written: z.boolean(), fileName: z.string().nullable(), deleted: z.number().int().min(0), view: AutoBackupViewSchema }),
  },
} as const satisfies Record<ApiChannel, { input: z.ZodType; output: z.ZodType }>; // exactly the channels API_CHANNELS names

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** Pushed from main to every renderer; carries no data beyond what `connections:list` returns. */
export const EVENTS = {
  'connections:changed': z.array(ConnectionInfoSchema),
  /** Electron: the machine woke from sleep or the screen was unlocked (powerMonitor). */
  'power:resume': z.undefined(),
  /** Electron: the application menu's Refresh now (its Ctrl/Cmd+R accelerator). */
  'app:refreshRequested': z.undefined(),
  /** Electron, installed app: an update was downloaded and is installed on "Restart to update". */
  'app:updateReady': z.object({ version: z.string().min(1).max(64) }),
} as const satisfies Record<ApiEvent, z.ZodType>; // exactly the events API_EVENTS names
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** A call's reply as the API returns it: a channel whose reply is `undefined` resolves to `void`. */
type Reply<C extends Channel> = [ChannelOutput<C>] extends [undefined] ? void : ChannelOutput<C>;
/** A call method: no argument for a channel without input, else the channel's input. */
type CallMethod<C extends Channel> = [ChannelInput<C>] extends [undefined]
  ? () => Promise<Reply<C>>
  : (input: ChannelInput<C>) => Promise<Reply<C>>;
/** A subscription method: the listener gets the event's payload, or nothing for a bare signal. */
type SubscribeMethod<E extends EventName> = (
  listener: [EventPayload<E>] extends [undefined] ? () => void : (payload: EventPayload<E>) => void,
) => () => void;

/**
 * The object the preload exposes as `window.ledgerline` (and the browser host's client mirrors):
 * named methods only — no generic invoke, no ipcRenderer. Derived from the name tables in
 * channels.ts (`API_CHANNELS`, `API_EVENTS`) and this file's schemas.
 */
export type LedgerlineApi = { [M in ApiMethod]: CallMethod<(typeof API_CHANNELS)[M]> } & {
  [M in ApiEventMethod]: SubscribeMethod<(typeof API_EVENTS)[M]>;
};

/** A handler error that is safe to show: the transport sends only `code` and `message`. */
export interface IpcErrorReply {
  code: 'invalid_input' | 'forbidden' | 'unknown_channel' | 'internal';
  message: string;
}

export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorReply };

/**
 * What the Electron preload exposes as `window.ledgerline`: the same named methods, but a call
 * resolves to its envelope instead of throwing. Electron's contextBridge copies only an Error's
 * message into the page, so a coded error thrown in the preload would reach the renderer without
 * its code; the renderer unwraps envelopes on its own side of the bridge (`renderer/src/api/api.ts`).
 */
export type BridgeApi = {
  [K in keyof LedgerlineApi]: LedgerlineApi[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<IpcEnvelope<R>> : LedgerlineApi[K];
};

/** The error a failed envelope becomes on the renderer's side: its `code` says what kind of refusal. */
export class IpcCallError extends Error {
  constructor(readonly code: IpcErrorReply['code'] | (string & {}), message: string) {
    super(message);
    this.name = 'IpcCallError';
  }
}
