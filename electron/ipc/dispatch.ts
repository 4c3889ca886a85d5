/**
 * The transport-neutral core of every IPC handler: the channel must be in the contract, the input
 * must pass the channel's schema, and only a safe `{ code, message }` ever goes back on failure.
 * Electron's ipcMain registrar and the browser host's WebSocket both call this.
 */
import { contract, type Channel, type IpcErrorReply } from '../../shared/ipc/contract';
import type { Handlers } from '../services/handlers';
import { UserFacingError } from '../core/userFacingError';
import type { Logger } from '../core/logger';

export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: IpcErrorReply };

const isChannel = (c: unknown): c is Channel => typeof c === 'string' && Object.hasOwn(contract, c);

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, logger: Logger): Promise<IpcEnvelope> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: 'Unknown IPC channel.' } };
  }
  const parsed = contract[channel].input.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'input';
    return { ok: false, error: { code: 'invalid_input', message: `${channel}: ${where}: ${issue?.message ?? 'invalid'}` } };
  }
  try {
    // The cast is sound: `parsed.data` is exactly the input type of `handlers[channel]`.
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof UserFacingError) return { ok: false, error: { code: 'invalid_input', message: e.message } };
    logger.error(`${channel} handler failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'non-error thrown'}`);
    return { ok: false, error: { code: 'internal', message: `${channel} failed inside Ledgerline; see the log.` } };
  }
}
