/**
 * The IPC contract between the renderer and main: one entry per channel (`domain:action`), each
 * with the zod schema its input must pass and the schema of its reply. Electron's ipcMain and the
 * browser host's WebSocket are two transports for this one table.
 */
import { z } from 'zod';
import {
  ConnectionIdSchema, ConnectionInfoSchema, PullResultSchema, SyncTriggerSchema,
} from '../types';

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
  /** applied: rows and cursor committed; stale: another window already applied it; failed: nothing stored. */
  outcome: z.enum(['applied', 'stale', 'failed']),
  message: z.string().max(500).nullable(),
});

/** What a demo-mode user can make the demo bank do, to see how Ledgerline handles it. */
export const DemoActionSchema = z.enum(['new_activity', 'login_required', 'bank_outage', 'rate_limit', 'repair']);
export type DemoAction = z.infer<typeof DemoActionSchema>;

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
  'sync:report': { input: SyncReportSchema.strict(), output: z.undefined() },
  'demo:simulate': {
    input: z.strictObject({ connectionId: ConnectionIdSchema, action: DemoActionSchema }),
    output: z.object({ message: z.string() }),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** Pushed from main to every renderer; carries no data beyond what `connections:list` returns. */
export const EVENTS = {
  'connections:changed': z.array(ConnectionInfoSchema),
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/**
 * The object the preload exposes as `window.ledgerline` (and the browser host's client mirrors):
 * named methods only — no generic invoke, no ipcRenderer.
 */
export interface LedgerlineApi {
  appInfo(): Promise<ChannelOutput<'app:info'>>;
  listConnections(): Promise<ChannelOutput<'connections:list'>>;
  requestRefresh(input: ChannelInput<'sync:refresh'>): Promise<ChannelOutput<'sync:refresh'>>;
  pull(input: ChannelInput<'sync:pull'>): Promise<ChannelOutput<'sync:pull'>>;
  reportSync(input: ChannelInput<'sync:report'>): Promise<void>;
  simulateDemo(input: ChannelInput<'demo:simulate'>): Promise<ChannelOutput<'demo:simulate'>>;
  onConnectionsChanged(listener: (connections: EventPayload<'connections:changed'>) => void): () => void;
}

/** Which channel each API method speaks on: the preload and the browser client both derive from this. */
export const API_CHANNELS = {
  appInfo: 'app:info',
  listConnections: 'connections:list',
  requestRefresh: 'sync:refresh',
  pull: 'sync:pull',
  reportSync: 'sync:report',
  simulateDemo: 'demo:simulate',
} as const satisfies Record<Exclude<keyof LedgerlineApi, 'onConnectionsChanged'>, Channel>;

/** A handler error that is safe to show: the transport sends only `code` and `message`. */
export interface IpcErrorReply {
  code: 'invalid_input' | 'forbidden' | 'unknown_channel' | 'internal';
  message: string;
}
