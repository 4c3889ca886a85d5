/**
 * Starting and closing the demo banks' HTTP servers, which listen on 127.0.0.1 only, and the one
 * request dispatch they share: `/__admin/*` to the test controls (when served over HTTP), the rest
 * to the bank's API, and a 500 for whatever a handler throws.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathOf, send } from './http';

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

export interface BankServerOptions {
  /** 0 or absent: any free port. */
  port: number | undefined;
  /** Serve `/__admin/*` over HTTP (default true); the app's embedded banks are driven in-process. */
  adminHttp: boolean | undefined;
  admin: Handler;
  api: Handler;
  /** Names the bank in the log line of a failed request. */
  name: string;
  log: (line: string) => void;
  /** The JSON body of the 500 a failed request gets, in the provider's error shape. */
  failureBody: unknown;
  /** How a failed request's path is logged (a path that carries a token must not be). */
  loggedPath?: (path: string) => string;
}

/** Starts a bank's server on 127.0.0.1; resolves with its base URL and a way to close it. */
export async function startBankServer(options: BankServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const { log } = options;
  const server = createServer((req, res) => {
    const path = pathOf(req);
    const admin = path.startsWith('/__admin/') && options.adminHttp !== false;
    const handled = admin ? options.admin(req, res, path) : options.api(req, res, path);
    handled.catch((error: unknown) => {
      log(`${options.name}: ${options.loggedPath?.(path) ?? path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify(options.failureBody));
    });
  });
  const url = await listenOnLoopback(server, options.port ?? 0);
  return { url, close: () => closeServer(server) };
}

/** Listens on 127.0.0.1 (port 0: any free one) and resolves with the server's base URL. */
export async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from SDK and fetch clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}
