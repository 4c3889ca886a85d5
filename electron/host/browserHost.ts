/**
 * The browser host: the same main-process services, without Electron. It serves the built renderer
 * and carries the IPC contract over a WebSocket on 127.0.0.1, guarded by a per-launch secret that
 * only the printed URL carries. A development and test tool; never packaged.
 *
 * First line on stdout: `LEDGERLINE_URL=<url to open>`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { IPC_PATH, IPC_PROTOCOL, KEY_PROTOCOL_PREFIX } from '../../shared/ipc/wsProtocol';
import { dispatch } from '../ipc/dispatch';
import { loadHostConfig } from '../services/config';
import { createServices } from '../services/createServices';
import { createLogger, type Logger } from '../core/logger';
import { installProcessGuards } from '../services/processGuards';
import { staticHandler } from './staticFiles';

const MAX_MESSAGE_BYTES = 1 << 20;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Whether a request target is exactly `path`; a target that is not a URL (`//[`) is not. */
function pathIs(target: string | undefined, origin: string, wanted: string): boolean {
  try {
    return new URL(target ?? '/', origin).pathname === wanted;
  } catch {
    return false;
  }
}

export async function startBrowserHost(opts: { rendererDir: string; port?: number; version: string }) {
  const config = loadHostConfig(process.env);
  const services = await createServices({ config, host: 'browser', version: opts.version, echo: (l) => process.stderr.write(`${l}\n`) });
  const secret = crypto.randomBytes(32).toString('base64url');
  const server = http.createServer(staticHandler(opts.rendererDir));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => IPC_PROTOCOL });
  const clients = new Set<WebSocket>();

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (req, socket, head) => {
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const key = offered.find((p) => p.startsWith(KEY_PROTOCOL_PREFIX))?.slice(KEY_PROTOCOL_PREFIX.length) ?? '';
    const okPath = pathIs(req.url, origin, IPC_PATH);
    // Same-origin pages only (a web page elsewhere cannot know the secret, and cannot spoof Origin).
    if (!okPath || req.headers.origin !== origin || !offered.includes(IPC_PROTOCOL) || !safeEqual(key, secret)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      services.logger.warn(`refused an IPC connection (${okPath ? 'bad origin or key' : 'bad path'})`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // An oversized or malformed frame: ws closes that connection (1009/1002). Without a listener the
      // 'error' event would crash the host for every window.
      ws.on('error', (e) => services.logger.warn(`closed an IPC connection: ${e instanceof RangeError ? e.message : 'protocol error'}`));
      ws.on('message', async (raw) => {
        let msg: unknown;
        try {
          msg = JSON.parse(raw.toString());
        } catch {
          ws.send(JSON.stringify({ id: null, ok: false, error: { code: 'invalid_input', message: 'IPC message is not JSON.' } }));
          return;
        }
        const m = (typeof msg === 'object' && msg !== null ? msg : {}) as { id?: unknown; channel?: unknown; payload?: unknown };
        const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null;
        const reply = id === null
          ? { ok: false as const, error: { code: 'invalid_input' as const, message: 'IPC message needs a numeric id.' } }
          : await dispatch(services.handlers, m.channel, m.payload, services.logger);
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ...reply }));
      });
    });
  });

  services.events.on('connections:changed', (payload) => {
    const text = JSON.stringify({ event: 'connections:changed', payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  return {
    url: `${origin}/#key=${secret}`,
    logger: services.logger,
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}

// Entry point when run as a program (dist/host/browserHost.js).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = path.resolve(here, '../renderer');
  const pkg = JSON.parse(fs.readFileSync(path.resolve(here, '../../package.json'), 'utf8')) as { version: string };
  const port = process.env.LEDGERLINE_HOST_PORT ? Number(process.env.LEDGERLINE_HOST_PORT) : 0;
  // Until the services' logger (file + stderr, redacting) exists, errors go to stderr alone.
  let logger: Logger = createLogger({ echo: (l) => process.stderr.write(`${l}\n`) });
  installProcessGuards(process, { logger: () => logger, exit: (code) => process.exit(code) });
  startBrowserHost({ rendererDir, port, version: pkg.version }).then(
    (host) => {
      logger = host.logger;
      process.stdout.write(`LEDGERLINE_URL=${host.url}\n`);
      process.stdout.write('Open that URL in Chromium or Chrome. Ctrl+C stops Ledgerline.\n');
      const stop = () => void host.close().finally(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`Ledgerline could not start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
