/**
 * Linking flows for every provider: start one (new connection or re-authentication), follow it by
 * polling, and finish it once — adding the connection (its token to the keychain), refusing a
 * duplicate, or marking a repaired connection ready to sync again from its stored cursor.
 *
 * Redirect-based providers (MoneyKit, SnapTrade) send the browser back to a loopback callback
 * that main serves on 127.0.0.1, the usual pattern for desktop apps.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { LinkStatus } from '../../../shared/ipc/contract';
import type { Provider } from '../../../shared/types';
import type { ConnectionRecord, ConnectionStore } from '../../core/connectionStore';
import type { Logger } from '../../core/logger';
import { accessTokenKey, type SecretStore } from '../../core/secretStore';
import { UserFacingError } from '../../core/userFacingError';
import type { LinkDriver, LinkedAccountSet, LinkSession } from '../../providers/linkDriver';
import { providerName } from '../../../shared/providers';

const FLOW_TTL_MS = 30 * 60_000;

interface Flow {
  id: string;
  provider: Provider;
  reauth: ConnectionRecord | null;
  session: LinkSession;
  callback: Record<string, string> | null;
  status: LinkStatus;
  expiresAt: number;
  /** One poll at a time: a finished flow must be finished exactly once. */
  polling: Promise<LinkStatus> | null;
}

export interface LinkFlowsDeps {
  /**
   * The driver for a configured provider; throws a UserFacingError when it is not set up.
   * `sandbox`: the provider's direct test-item driver (Plaid sandbox), no sign-in page.
   */
  driverFor(provider: Provider, opts: { sandbox: boolean }): Promise<LinkDriver>;
  connections: ConnectionStore;
  secrets: SecretStore;
  logger: Logger;
  onChange(): void;
  /** Opens a URL in the system browser, where the host can (Electron); false where it cannot. */
  openExternal?(url: string): Promise<boolean>;
  now?: () => number;
}

/** Another connection of the same provider and institution sharing an account mask is the same login. */
export function findDuplicate(connections: ConnectionRecord[], provider: Provider, result: LinkedAccountSet, masksOf: (c: ConnectionRecord) => string[]): ConnectionRecord | null {
  const masks = new Set(result.accountMasks);
  return (
    connections.find(
      (c) =>
        !c.demo && c.provider === provider && c.externalId !== result.externalId &&
        c.institutionId !== null && c.institutionId === result.institutionId &&
        (masks.size === 0 || masksOf(c).some((m) => masks.has(m))),
    ) ?? null
  );
}

export function createLinkFlows(deps: LinkFlowsDeps) {
  const now = deps.now ?? Date.now;
  const flows = new Map<string, Flow>();
  /** Account masks of the connections linked in this process (the registry keeps no accounts). */
  const masks = new Map<string, string[]>();
  let server: { url: string; close(): Promise<void> } | null = null;

  async function callbackServer(): Promise<string> {
    if (server) return server.url;
    const srv = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = /^\/link\/callback\/(lf_[A-Za-z0-9_-]+)$/.exec(url.pathname);
      const flow = match?.[1] ? flows.get(match[1]) : undefined;
      if (req.method !== 'GET' || !flow) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Unknown or finished sign-in.');
        return;
      }
      flow.callback = Object.fromEntries(url.searchParams);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" });
      res.end('<!doctype html><meta charset="utf-8"><title>Ledgerline</title><p>Signed in. You can close this tab and return to Ledgerline.</p>');
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as { port: number }).port;
    server = {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => srv.close(() => resolve())),
    };
    return server.url;
  }

  const flowOf = (id: string): Flow => {
    const flow = flows.get(id);
    if (!flow) throw new UserFacingError('That sign-in is unknown or finished. Start again.');
    return flow;
  };
  const finish = (flow: Flow, status: LinkStatus): LinkStatus => {
    flow.status = status;
    return status;
  };

  async function complete(flow: Flow): Promise<LinkStatus> {
    const name = providerName(flow.provider);
    if (now() > flow.expiresAt) return finish(flow, { state: 'expired', connectionId: null, message: 'The sign-in took too long and expired. Start again.' });
    const polled = await flow.session.poll(flow.callback);
    switch (polled.state) {
      case 'waiting':
        return flow.status;
      case 'failed':
        return finish(flow, { state: 'failed', connectionId: flow.reauth?.id ?? null, message: polled.message });
      case 'cancelled':
        return finish(flow, { state: 'cancelled', connectionId: null, message: 'The sign-in was cancelled.' });
      case 'repaired': {
        const c = flow.reauth;
        if (!c) return finish(flow, { state: 'failed', connectionId: null, message: `${name} reported a repair, but no connection was being repaired.` });
        deps.connections.setStatus(c.id, { state: c.status.lastSuccessAt ? 'ok' : 'never_synced', message: 'Signed in again; syncing resumes from where it stopped.', retryAt: null });
        deps.onChange();
        deps.logger.info(`re-authenticated ${c.id} (${flow.provider})`);
        return finish(flow, { state: 'linked', connectionId: c.id, message: `${c.institutionName} is connected again.` });
      }
      case 'done': {
        const result = polled.result;
        if (result.accessToken) deps.logger.addSecret(result.accessToken);
        const existing = flow.reauth ?? deps.connections.list().find((c) => !c.demo && c.provider === flow.provider && c.externalId === result.externalId);
        if (existing) {
          // Re-linking the same connection (some providers answer a re-authentication with a fresh result).
          if (result.accessToken) await deps.secrets.set(accessTokenKey(existing.id), result.accessToken);
          deps.connections.setStatus(existing.id, { state: existing.status.lastSuccessAt ? 'ok' : 'never_synced', message: 'Signed in again; syncing resumes from where it stopped.', retryAt: null });
          deps.onChange();
          return finish(flow, { state: 'linked', connectionId: existing.id, message: `${existing.institutionName} is connected again.` });
        }
        const duplicate = findDuplicate(deps.connections.list(), flow.provider, result, (c) => masks.get(c.id) ?? []);
        if (duplicate) {
          await flow.session.discard(result).catch(() => undefined);
          deps.logger.info(`refused a duplicate ${flow.provider} link to ${result.institutionName}`);
          return finish(flow, {
            state: 'duplicate',
            connectionId: duplicate.id,
            message: `${result.institutionName} is already connected (accounts ${result.accountMasks.map((m) => `••${m}`).join(', ') || 'the same'}). Ledgerline kept the existing connection; if it needs attention, use "Sign in again" on it.`,
          });
        }
        const record = deps.connections.add({ provider: flow.provider, institutionName: result.institutionName, institutionId: result.institutionId, demo: false, externalId: result.externalId });
        masks.set(record.id, result.accountMasks);
        if (result.accessToken) await deps.secrets.set(accessTokenKey(record.id), result.accessToken);
        deps.onChange();
        deps.logger.info(`linked ${record.id} (${flow.provider}, ${result.institutionName})`);
        return finish(flow, { state: 'linked', connectionId: record.id, message: `${result.institutionName} is connected. Its transactions are syncing now.` });
      }
    }
  }

  return {
    async start(provider: Provider, reauthConnectionId: string | null, sandbox = false): Promise<{ flowId: string; url: string; opened: boolean }> {
      const reauth = reauthConnectionId ? deps.connections.get(reauthConnectionId) ?? null : null;
      if (reauthConnectionId && !reauth) throw new UserFacingError(`Unknown connection ${reauthConnectionId}.`);
      if (reauth && (reauth.demo || reauth.provider !== provider)) {
        throw new UserFacingError(reauth.demo ? 'Demo connections are repaired from "Try a situation" → "Back to normal".' : 'That connection belongs to another provider.');
      }
      if (!deps.secrets.available) throw new UserFacingError('No OS keychain is available, so no account can be connected: Ledgerline will not store its access token in a file.');
      if (sandbox && reauth) throw new UserFacingError('A sandbox connection is added directly; it cannot repair an existing one.');
      const driver = await deps.driverFor(provider, { sandbox });
      const id = `lf_${crypto.randomBytes(12).toString('base64url')}`;
      const callbackUrl = `${await callbackServer()}/link/callback/${id}`;
      const session = await driver.begin({ reauth, callbackUrl });
      flows.set(id, {
        id, provider, reauth, session, callback: null, polling: null, expiresAt: now() + FLOW_TTL_MS,
        status: { state: 'waiting', connectionId: reauth?.id ?? null, message: `Sign in with ${providerName(provider)} in your browser; Ledgerline is waiting.` },
      });
      // A direct (sandbox) session has no page to open.
      const opened = session.url && deps.openExternal ? await deps.openExternal(session.url).catch(() => false) : false;
      deps.logger.info(`started ${reauth ? 're-authentication' : 'linking'} with ${provider} (${id})`);
      return { flowId: id, url: session.url, opened };
    },

    async status(flowId: string): Promise<LinkStatus> {
      const flow = flowOf(flowId);
      if (flow.status.state !== 'waiting') return flow.status;
      flow.polling ??= complete(flow).finally(() => (flow.polling = null));
      return flow.polling;
    },

    async cancel(flowId: string): Promise<LinkStatus> {
      const flow = flowOf(flowId);
      if (flow.status.state === 'waiting') finish(flow, { state: 'cancelled', connectionId: null, message: 'The sign-in was cancelled.' });
      return flow.status;
    },

    close: async () => server?.close(),
  };
}
export type LinkFlows = ReturnType<typeof createLinkFlows>;
