/**
 * A test double of the `electron` module, as far as Ledgerline's main process uses it. Test-only:
 * never bundled into the app. `launch.ts` runs the BUILT `dist/electron/main.js` unchanged in a
 * child Node process whose module resolution maps `electron` to this file (`hooks.ts`). Written
 * from Electron's documented API semantics (electronjs.org/docs/latest/api/*), hand-written because
 * no maintained library stands in for Electron around a real Chromium.
 *
 * Over 300 lines because it is the one `electron` module main imports: app, BrowserWindow,
 * webContents and ipcMain share one process-wide state (windows, handlers, the Chromium behind
 * them), as Electron's do. What can stand alone already does (pageBridge.ts, control.ts, hooks.ts).
 *
 * Modelled (what a test against the double can rely on):
 * - app: `ready` after main's module has been evaluated and Chromium is up; whenReady/isReady;
 *   quit → before-quit (preventable) → windows close → will-quit → quit → process exit;
 *   `window-all-closed` (quit by default when nobody listens); getPath (userData from
 *   LEDGERLINE_DOUBLE_USER_DATA, which also holds Chromium's profile as in Electron), getVersion and
 *   getName from the app's package.json, isPackaged=false, setBadgeCount (recorded),
 *   requestSingleInstanceLock (always granted: one double per profile).
 * - BrowserWindow + webContents + webContents.mainFrame: each window is a real Chromium page
 *   (Playwright over CDP). loadURL/reload, getURL, send, setWindowOpenHandler, will-navigate
 *   (renderer-initiated main-frame navigations only, as documented: not loadURL/reload, not
 *   in-page), did-finish-load, dom-ready, ready-to-show, closed, getLastWebPreferences (the
 *   effective preferences with Electron's defaults). Frame and webContents objects keep their
 *   identity, and `frame.url` is the URL Electron reports (`app://ledgerline/index.html`).
 * - protocol.registerSchemesAsPrivileged (before ready only) and protocol.handle (after ready):
 *   every request of a window to a registered standard scheme is answered by main's handler,
 *   which gets a WHATWG Request whose url is the `app://…` URL. `net.fetch` for file: and http(s).
 * - ipcMain.handle/removeHandler (a second handler for a channel throws) and ipcRenderer.invoke
 *   from the preload: arguments and results go through structuredClone; the handler's event has
 *   `sender` (the window's webContents) and `senderFrame` (its main frame, or null once the
 *   invoking document is gone); a rejection reaches the renderer as
 *   "Error invoking remote method '<channel>': <error>". webContents.send → ipcRenderer.on.
 * - The sandboxed preload: evaluated per document, before the page's scripts, with only the
 *   sandbox's require set; contextBridge.exposeInMainWorld copies values and proxies functions
 *   synchronously into the page (see pageBridge.ts); an Error crosses as its message alone.
 * - session.defaultSession: the permission handlers are stored (not consulted: headless Chromium
 *   denies every prompt by itself); `will-download` is emitted for a page download, which is
 *   cancelled when prevented.
 * - setWindowOpenHandler: window.open and target=_blank reach the opener's handler with the exact
 *   URL (Chromium's Page.windowOpen, in order); the popup itself never opens (below).
 * - shell.openExternal, dialog.showSaveDialog (answers scripted by the test, else cancelled),
 *   Menu (template kept; items clicked by label from the test), Notification, Tray, nativeImage,
 *   powerMonitor (events emitted by the test), protocol requests: recorded and reported to the
 *   test (control.ts).
 *
 * Not modelled (only real Electron, e.g. the CI workflow, can prove these):
 * - process sandboxing and the isolated world: the preload runs in a Node vm context in this
 *   process, with no DOM; Chromium runs with --no-sandbox; real site isolation of app://.
 * - the real Chromium privileges of a custom scheme (standard/secure/supportFetchAPI/CSP bypass):
 *   the page runs on an https origin that stands for `app://ledgerline`; `app://` links written
 *   into a page cannot be followed; `location.origin` in the page is the https one.
 * - fuses, asar, code signing, auto-update, single-instance across processes (`second-instance`),
 *   native menus and accelerators (keys never reach the menu), native dialogs, notifications,
 *   tray, dock, GPU, window geometry, focus and visibility (the page is a headless tab).
 * - sendSync, MessagePorts, subframes' webContents, webviews, popups that a window open handler
 *   allows (Electron would make a BrowserWindow; the double closes every popup).
 * - the bridge is not invisible: it is a same-origin request under BRIDGE_PREFIX, so the preload
 *   runs only in documents on an http(s) or mapped origin (not about:blank, data: or file:), a page
 *   could see those requests in Resource Timing, and a page callback the preload calls runs later
 *   and returns undefined to the preload (Electron's bridge is synchronous both ways).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request as PwRequest, Route } from 'playwright-core';
import { launchChromium, type DoubleChromium } from './chromium';
import { record, startControl } from './control';
import { installPageBridge, type Wire } from './pageBridge';
import { PreloadWorld, type WorldHost } from './preloadWorld';
import { BRIDGE_PREFIX, mappedScheme, toChromiumUrl, toElectronUrl } from './urls';

/** Electron's Event: listeners may prevent the default action. */
class ElectronEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------- app

const userData = process.env.LEDGERLINE_DOUBLE_USER_DATA ?? fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'electron-double-'));
fs.mkdirSync(userData, { recursive: true });

function appPackage(): { name?: string; productName?: string; version?: string } {
  let dir = path.dirname(path.resolve(process.argv[1] ?? '.'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; productName?: string; version?: string };
    const up = path.dirname(dir);
    if (up === dir) return {};
    dir = up;
  }
}

let ready = false;
let quitting = false;
let chromium: DoubleChromium | null = null;
let resolveReady: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

class App extends EventEmitter {
  readonly isPackaged = false;
  private readonly pkg = appPackage();
  whenReady(): Promise<void> {
    return readyPromise;
  }
  isReady(): boolean {
    return ready;
  }
  getName(): string {
    return this.pkg.productName ?? this.pkg.name ?? 'Electron';
  }
  getVersion(): string {
    return this.pkg.version ?? '0.0.0';
  }
  getPath(name: string): string {
    const dirs: Record<string, string> = {
      userData,
      appData: path.dirname(userData),
      sessionData: userData,
      temp: process.env.TMPDIR ?? '/tmp',
      logs: path.join(userData, 'logs'),
      downloads: path.join(userData, 'Downloads'),
      documents: path.join(userData, 'Documents'),
      home: path.join(userData, 'home'),
    };
    const dir = dirs[name];
    if (!dir) throw new Error(`Failed to get '${name}' path`);
    return dir;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  setBadgeCount(count?: number): boolean {
    record('app.setBadgeCount', { count: count ?? 0 });
    return true;
  }
  quit(): void {
    void quitApp(0);
  }
  exit(code = 0): void {
    void shutdown(code);
  }
}
export const app = new App();

async function quitApp(code: number): Promise<void> {
  if (quitting) return;
  const before = new ElectronEvent();
  app.emit('before-quit', before);
  if (before.defaultPrevented) return;
  quitting = true;
  for (const w of [...windows]) {
    w.close();
    if (!w.isDestroyed()) {
      quitting = false; // a window refused to close
      return;
    }
  }
  const will = new ElectronEvent();
  app.emit('will-quit', will);
  if (will.defaultPrevented) {
    quitting = false;
    return;
  }
  app.emit('quit', new ElectronEvent(), code);
  await shutdown(code);
}

async function shutdown(code: number): Promise<void> {
  record('app.exit', { code });
  await chromium?.browser.close().catch(() => undefined);
  chromium?.kill();
  process.exit(code);
}

// ---------------------------------------------------------------- protocol, net, session

interface Privileges {
  standard?: boolean;
  secure?: boolean;
  supportFetchAPI?: boolean;
  bypassCSP?: boolean;
  corsEnabled?: boolean;
  stream?: boolean;
  /** Recorded only: the double serves pages through Chromium's own cache, it cannot model Electron's code cache. */
  codeCache?: boolean;
}
const privileged = new Map<string, Privileges>();
const standardSchemes = new Set<string>();
const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
let schemesRegistered = false;

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Privileges }[]): void {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (schemesRegistered) throw new Error('protocol.registerSchemesAsPrivileged can only be called once');
    schemesRegistered = true;
    for (const { scheme, privileges = {} } of schemes) {
      privileged.set(scheme, privileges);
      if (privileges.standard) standardSchemes.add(scheme);
    }
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!ready) throw new Error('protocol.handle cannot be called before the app is ready');
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    if (!standardSchemes.has(scheme)) throw new Error(`electron double: only privileged standard schemes can be served (${scheme})`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
};

const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json',
};

export const net = {
  /** Chromium's network stack in Electron; here file: is read from disk (type by extension, like Chromium's file handler). */
  async fetch(input: string, init?: RequestInit): Promise<Response> {
    const u = new URL(input);
    if (u.protocol === 'file:') {
      const file = fileURLToPath(u);
      let body: Buffer;
      try {
        body = await fs.promises.readFile(file);
      } catch {
        throw new Error('net::ERR_FILE_NOT_FOUND');
      }
      return new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' } });
    }
    if (u.protocol === 'http:' || u.protocol === 'https:') return fetch(input, init);
    throw new Error('net::ERR_UNKNOWN_URL_SCHEME');
  },
};

type PermissionRequestHandler = (wc: WebContents, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (wc: WebContents | null, permission: string, origin: string, details: unknown) => boolean;

class Session extends EventEmitter {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
}
const defaultSession = new Session();
export const session = { defaultSession };

// ---------------------------------------------------------------- ipcMain

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
interface IpcMainInvokeEvent {
  type: 'frame';
  sender: WebContents;
  senderFrame: WebFrameMain | null;
  frameId: number;
  processId: number;
}

class IpcMain extends EventEmitter {
  readonly invokeHandlers = new Map<string, InvokeHandler>();
  handle(channel: string, listener: InvokeHandler): void {
    if (this.invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.invokeHandlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.invokeHandlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();

// ---------------------------------------------------------------- windows

const PROCESS_ID = 4; // one renderer process per window in the double; any stable number does
let nextId = 1;
const windows: BrowserWindow[] = [];
const byPage = new Map<Page, BrowserWindow>();

class WebFrameMain {
  readonly frameTreeNodeId = nextId++;
  readonly routingId = 1;
  readonly processId = PROCESS_ID;
  readonly parent = null;
  readonly frames: WebFrameMain[] = [];
  constructor(private readonly wc: WebContents) {}
  get top(): WebFrameMain {
    return this;
  }
  get url(): string {
    return this.wc.getURL();
  }
  get origin(): string {
    const u = new URL(this.url);
    // Chromium's origin of a privileged standard scheme is scheme://host (not Node's "null").
    return standardSchemes.has(u.protocol.slice(0, -1)) ? `${u.protocol}//${u.host}` : u.origin;
  }
  get detached(): boolean {
    return this.wc.isDestroyed();
  }
  isDestroyed(): boolean {
    return this.wc.isDestroyed();
  }
}

interface WindowOpenDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: string;
  referrer: { url: string; policy: string };
}
type WindowOpenHandler = (details: WindowOpenDetails) => { action: 'allow' | 'deny' };

class WebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new WebFrameMain(this);
  readonly session = defaultSession;
  page: Page | null = null;
  world: PreloadWorld | null = null;
  windowOpenHandler: WindowOpenHandler | null = null;
  private destroyed = false;
  /** Chromium URLs of navigations main started (loadURL, reload): no will-navigate for those. */
  private readonly programmatic = new Set<string>();

  constructor(readonly prefs: Required<Pick<WebPreferences, 'contextIsolation' | 'sandbox' | 'nodeIntegration' | 'webSecurity'>> & WebPreferences, readonly pageReady: Promise<Page>) {
    super();
  }

  getURL(): string {
    return this.page ? toElectronUrl(this.page.url()) : '';
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  markDestroyed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.world?.dispose();
    this.emit('destroyed');
  }
  getLastWebPreferences(): WebPreferences {
    return { ...this.prefs };
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  isProgrammatic(chromiumUrl: string): boolean {
    return this.programmatic.delete(chromiumUrl);
  }

  async loadURL(url: string): Promise<void> {
    const page = await this.pageReady;
    const target = toChromiumUrl(url, standardSchemes);
    this.programmatic.add(target);
    this.emit('did-start-loading');
    const res = await page.goto(target, { waitUntil: 'load' }).catch((e: unknown) => {
      this.emit('did-fail-load', new ElectronEvent(), -2, String(e), url, true);
      throw e;
    });
    if (res && !res.ok()) this.emit('did-fail-load', new ElectronEvent(), -300, `HTTP ${res.status()}`, url, true);
  }
  reload(): void {
    const page = this.page;
    if (!page) return;
    this.programmatic.add(page.url());
    void page.reload().catch(() => undefined);
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.world?.deliver(channel, structuredClone(args));
  }
  toggleDevTools(): void {
    record('webContents.toggleDevTools', { id: this.id });
  }
  openDevTools(): void {
    record('webContents.openDevTools', { id: this.id });
  }
  async executeJavaScript(code: string): Promise<unknown> {
    const page = await this.pageReady;
    return page.evaluate(code);
  }
}

interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
  devTools?: boolean;
}
interface BrowserWindowOptions {
  width?: number;
  height?: number;
  title?: string;
  show?: boolean;
  webPreferences?: WebPreferences;
  [other: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  readonly id = nextId++;
  readonly webContents: WebContents;
  private visible: boolean;
  private minimized = false;
  private destroyed = false;
  private title: string;
  private shownOnce = false;
  private maximized = false;
  private bounds: { x: number; y: number; width: number; height: number };

  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return windows.find((w) => w.visible) ?? null;
  }
  static fromWebContents(wc: WebContents): BrowserWindow | null {
    return windows.find((w) => w.webContents === wc) ?? null;
  }

  constructor(readonly options: BrowserWindowOptions = {}) {
    super();
    if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
    const web = options.webPreferences ?? {};
    if (web.preload !== undefined && !path.isAbsolute(web.preload)) throw new Error('preload must be an absolute path'); // Electron ignores a relative one; refusing is stricter
    const prefs = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, ...web };
    if (!prefs.contextIsolation || !prefs.sandbox || prefs.nodeIntegration) throw new Error('electron double: only isolated, sandboxed windows without Node are modelled');
    this.visible = options.show !== false;
    this.title = options.title ?? app.getName();
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    const x = typeof options.x === 'number' ? options.x : Math.round((DISPLAY.workArea.width - width) / 2);
    const y = typeof options.y === 'number' ? options.y : Math.round((DISPLAY.workArea.height - height) / 2);
    this.bounds = { x, y, width, height };
    const pageReady = openPage(this);
    this.webContents = new WebContents(prefs, pageReady);
    windows.push(this);
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.visible = true;
    this.emit('focus');
  }
  minimize(): void {
    this.minimized = true;
    this.emit('minimize');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.emit('restore');
  }
  maximize(): void {
    this.maximized = true;
    this.visible = true;
    this.emit('maximize');
  }
  unmaximize(): void {
    this.maximized = false;
    this.emit('unmaximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  setBounds(b: Partial<{ x: number; y: number; width: number; height: number }>): void {
    this.bounds = { ...this.bounds, ...b };
    this.emit('resize');
    this.emit('move');
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  close(): void {
    if (this.destroyed) return;
    const e = new ElectronEvent();
    this.emit('close', e);
    if (e.defaultPrevented && !quitting) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const page = this.webContents.page;
    this.webContents.markDestroyed();
    windows.splice(windows.indexOf(this), 1);
    if (page) {
      byPage.delete(page);
      void page.close().catch(() => undefined);
    }
    this.emit('closed');
    if (windows.length === 0 && !quitting) {
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
      else app.quit();
    }
  }
  /** Electron's ready-to-show: the first render after the window's first load. */
  firstRendered(): void {
    if (this.shownOnce) return;
    this.shownOnce = true;
    this.emit('ready-to-show');
  }
}

async function openPage(win: BrowserWindow): Promise<Page> {
  if (!chromium) throw new Error('Chromium is not running');
  const page = await chromium.context.newPage();
  const wc = win.webContents;
  wc.page = page;
  byPage.set(page, win);
  page.on('domcontentloaded', () => {
    wc.emit('dom-ready', new ElectronEvent());
    win.firstRendered();
  });
  page.on('load', () => wc.emit('did-finish-load', new ElectronEvent()));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) wc.emit('did-navigate', new ElectronEvent(), wc.getURL(), 200, 'OK');
  });
  page.on('crash', () => wc.emit('render-process-gone', new ElectronEvent(), { reason: 'crashed', exitCode: -1 }));
  page.on('close', () => win.destroy());
  page.on('download', (download) => {
    const e = new ElectronEvent();
    const item = { getURL: () => toElectronUrl(download.url()), getFilename: () => download.suggestedFilename(), cancel: () => void download.cancel() };
    defaultSession.emit('will-download', e, item, wc);
    if (e.defaultPrevented) void download.cancel();
  });
  const cdp = await chromium.context.newCDPSession(page);
  const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
  await cdp.send('Page.enable');
  cdp.on('Page.windowOpen', (e: { url: string; windowName: string; windowFeatures: string[] }) => decideWindowOpen(win, e.url, e.windowName, e.windowFeatures));
  record('window', { id: win.id, targetId: targetInfo.targetId });
  return page;
}

// ---------------------------------------------------------------- preload worlds and IPC

const worldHost: WorldHost = {
  async invoke(world, channel, args) {
    const wc = windows.map((w) => w.webContents).find((c) => c.world === world || worldsOf.get(c)?.has(world));
    const handler = ipcMain.invokeHandlers.get(channel);
    if (!wc || !handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event: IpcMainInvokeEvent = {
      type: 'frame',
      sender: wc,
      senderFrame: wc.world === world && !wc.isDestroyed() ? wc.mainFrame : null,
      frameId: 1,
      processId: PROCESS_ID,
    };
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      // Electron's renderer gets this message and nothing else of main's error: no cause, no stack.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  },
  send(world, channel, args) {
    const wc = windows.map((w) => w.webContents).find((c) => c.world === world);
    if (!wc) return;
    const event = { type: 'frame', sender: wc, senderFrame: wc.mainFrame, frameId: 1, processId: PROCESS_ID, returnValue: undefined, reply: () => undefined };
    ipcMain.emit(channel, event, ...structuredClone(args));
  },
};
const worldsOf = new WeakMap<WebContents, Set<PreloadWorld>>();

async function answerBridge(win: BrowserWindow, route: Route, request: PwRequest, op: string): Promise<void> {
  const json = (status: number, body: unknown) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const body = JSON.parse(request.postData() ?? '{}') as { doc?: string; fn?: string; args?: Wire[] };
  const wc = win.webContents;
  if (op === 'attach') {
    const preload = wc.prefs.preload;
    if (!preload || !body.doc) return json(200, {});
    wc.world?.dispose();
    const world = new PreloadWorld(body.doc, worldHost);
    wc.world = world;
    worldsOf.set(wc, new Set([...(worldsOf.get(wc) ?? []), world]));
    try {
      world.run(preload);
    } catch (error) {
      // Electron logs the failure and loads the page without the preload's API.
      process.stderr.write(`Unable to load preload script: ${preload}\n${String(error)}\n`);
      return json(200, {});
    }
    return json(200, { exposed: world.exposed.map(([k, v]) => [k, world.encode(v)]) });
  }
  const world = wc.world;
  if (!world || world.doc !== body.doc || world.disposed) return json(410, { error: 'document gone' });
  if (op === 'call') return json(200, world.call(body.fn ?? '', body.args ?? []));
  if (op === 'events') {
    const events = await world.nextEvents();
    if (world.disposed) return json(410, { error: 'document gone' });
    return json(200, events);
  }
  return json(404, { error: 'unknown bridge op' });
}

// ---------------------------------------------------------------- the request router

async function serveScheme(route: Route, request: PwRequest, scheme: string): Promise<void> {
  const handler = handlers.get(scheme);
  if (!handler) return route.abort('failed');
  const headers = await request.allHeaders();
  const method = request.method();
  const raw = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer();
  const body = raw ? new Uint8Array(raw) : undefined;
  let response: Response;
  const electronUrl = toElectronUrl(request.url());
  record('protocol.request', { url: electronUrl, method });
  try {
    response = await handler(new Request(electronUrl, { method, headers, body }));
  } catch (error) {
    process.stderr.write(`protocol handler for ${scheme}: failed: ${String(error)}\n`);
    return route.abort('failed');
  }
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => (out[key] = value));
  await route.fulfill({ status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) });
}

/**
 * A window a page opens (window.open, target=_blank): Chromium announces it to the opener's
 * session (CDP Page.windowOpen) with the URL, and the window's open handler decides, as in
 * Electron. Either way the double opens nothing: the popup Chromium creates is closed and its
 * navigations are refused (an allowed popup would be a new BrowserWindow, which is not modelled).
 */
let initialTab: Page | null = null;

function decideWindowOpen(win: BrowserWindow, url: string, windowName: string, windowFeatures: string[]): void {
  const handler = win.webContents.windowOpenHandler;
  const details = { url: toElectronUrl(url), frameName: windowName, features: windowFeatures.join(','), disposition: 'foreground-tab', referrer: { url: '', policy: 'strict-origin-when-cross-origin' } };
  const decision = handler ? handler(details).action : 'allow';
  record('window-open', { url: details.url, decision });
}

async function onNewPage(page: Page): Promise<void> {
  const opener = await page.opener().catch(() => null);
  if (opener && byPage.has(opener)) await page.close().catch(() => undefined);
}

async function router(route: Route, request: PwRequest): Promise<void> {
  let page: Page | null;
  try {
    page = request.frame().page();
  } catch {
    page = null; // a service worker's request
  }
  const win = page ? byPage.get(page) : undefined;
  const url = request.url();
  const u = new URL(url);
  if (win && u.pathname.startsWith(BRIDGE_PREFIX) && request.method() === 'POST') {
    return answerBridge(win, route, request, u.pathname.slice(BRIDGE_PREFIX.length));
  }
  // A popup's navigation (its page may not even be known yet): nothing outside a window loads.
  if (request.isNavigationRequest() && !win && (page === null || page !== initialTab)) return route.abort('blockedbyclient');
  if (request.isNavigationRequest() && win && page && request.frame() === page.mainFrame()) {
    if (!win.webContents.isProgrammatic(url)) {
      const target = toElectronUrl(url);
      const e = new ElectronEvent({ url: target, isMainFrame: true, isSameDocument: false, frame: win.webContents.mainFrame, initiator: win.webContents.mainFrame });
      win.webContents.emit('will-navigate', e, target, false, true, PROCESS_ID, 1);
      record('will-navigate', { url: target, prevented: e.defaultPrevented });
      if (e.defaultPrevented) return route.abort('aborted');
    }
  }
  const scheme = mappedScheme(url);
  if (scheme) return serveScheme(route, request, scheme);
  return route.continue();
}

// ---------------------------------------------------------------- shell, dialog, menu, desktop

export const shell = {
  async openExternal(url: string): Promise<void> {
    new URL(url); // Electron rejects what is not a URL
    record('shell.openExternal', { url });
  },
};

const dialogAnswers: { canceled: boolean; filePath?: string }[] = [];
export function queueSaveDialogAnswer(answer: { canceled: boolean; filePath?: string }): void {
  dialogAnswers.push(answer);
}
export const dialog = {
  async showSaveDialog(winOrOptions: BrowserWindow | Record<string, unknown>, maybeOptions?: Record<string, unknown>): Promise<{ canceled: boolean; filePath: string }> {
    const options = winOrOptions instanceof BrowserWindow ? (maybeOptions ?? {}) : winOrOptions;
    record('dialog.showSaveDialog', { options: JSON.parse(JSON.stringify(options)) as unknown });
    const a = dialogAnswers.shift() ?? { canceled: true };
    return { canceled: a.canceled, filePath: a.filePath ?? '' };
  },
};

interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  click?: (...args: unknown[]) => void;
  submenu?: MenuItemOptions[];
}
/** Electron's MenuItem: what the template said, with `click()` as the native menu would call it. */
class MenuItem {
  readonly label: string;
  readonly role: string | undefined;
  readonly type: string;
  readonly accelerator: string | undefined;
  readonly submenu: MenuDouble | undefined;
  constructor(private readonly options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.role = options.role;
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.accelerator = options.accelerator;
    this.submenu = options.submenu ? new MenuDouble(options.submenu) : undefined;
  }
  click(): void {
    const win = BrowserWindow.getFocusedWindow();
    this.options.click?.(this, win, win?.webContents);
  }
}
class MenuDouble {
  readonly items: MenuItem[];
  constructor(template: MenuItemOptions[]) {
    this.items = template.map((t) => new MenuItem(t));
  }
  /** Clicks the item at a label path (["View", "Refresh now"]), as a user would in the native menu. */
  click(labels: string[]): boolean {
    let menu: MenuDouble | undefined = this.items.length ? this : undefined;
    let item: MenuItem | undefined;
    for (const label of labels) {
      item = menu?.items.find((i) => (i.label || i.role) === label);
      menu = item?.submenu;
    }
    if (!item) return false;
    item.click();
    return true;
  }
}
let applicationMenu: MenuDouble | null = null;
export const Menu = {
  buildFromTemplate(template: MenuItemOptions[]): MenuDouble {
    return new MenuDouble(template);
  },
  setApplicationMenu(menu: MenuDouble | null): void {
    applicationMenu = menu;
    const labels = (items: MenuItem[]): unknown[] => items.map((i) => ({ label: i.label || i.role || i.type, accelerator: i.accelerator, submenu: i.submenu ? labels(i.submenu.items) : undefined }));
    record('Menu.setApplicationMenu', { items: menu ? labels(menu.items) : null });
  },
  getApplicationMenu(): MenuDouble | null {
    return applicationMenu;
  },
};

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  static readonly shown: Notification[] = [];
  constructor(readonly options: { title?: string; body?: string } = {}) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
    record('Notification.show', { title: this.options.title ?? '', body: this.options.body ?? '' });
    this.emit('show', new ElectronEvent());
  }
  close(): void {
    this.emit('close', new ElectronEvent());
  }
}

class NativeImage {
  constructor(private readonly size: { width: number; height: number }, private readonly bitmap: Buffer) {}
  getSize(): { width: number; height: number } {
    return { ...this.size };
  }
  isEmpty(): boolean {
    return this.bitmap.length === 0;
  }
  toBitmap(): Buffer {
    return Buffer.from(this.bitmap);
  }
}
export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage {
    if (buffer.length !== options.width * options.height * 4) throw new Error('invalid buffer size');
    return new NativeImage({ width: options.width, height: options.height }, buffer);
  },
  createEmpty(): NativeImage {
    return new NativeImage({ width: 0, height: 0 }, Buffer.alloc(0));
  },
};

export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  private destroyed = false;
  private tooltip = '';
  constructor(readonly image: NativeImage) {
    super();
    Tray.all.push(this);
    record('Tray.new', { size: image.getSize() });
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
    record('Tray.setToolTip', { tooltip });
  }
  getToolTip(): string {
    return this.tooltip;
  }
  destroy(): void {
    this.destroyed = true;
    record('Tray.destroy', {});
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const powerMonitor = new EventEmitter();

/** One 1280×800 display with no taskbar (the page's viewport). */
const DISPLAY = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 }, workArea: { x: 0, y: 0, width: 1280, height: 800 }, scaleFactor: 1 };
export const screen = {
  getAllDisplays: () => [structuredClone(DISPLAY)],
  getPrimaryDisplay: () => structuredClone(DISPLAY),
};

// ---------------------------------------------------------------- start-up

const electron = { app, BrowserWindow, ipcMain, protocol, net, session, shell, dialog, Menu, Notification, nativeImage, Tray, powerMonitor, screen };
export default electron;

startControl({
  electron,
  clickMenu: (labels) => applicationMenu?.click(labels) ?? false,
  queueSaveDialogAnswer,
  emitPower: (event) => powerMonitor.emit(event, new ElectronEvent()),
  quit: () => app.quit(),
});

// `ready` comes after main's module graph has been evaluated (this module is part of it), once
// Chromium is up — as in Electron, where main's top-level code runs before `ready`.
setImmediate(() => {
  void (async () => {
    const executable = process.env.LEDGERLINE_DOUBLE_CHROMIUM ?? '/usr/bin/chromium';
    const args = JSON.parse(process.env.LEDGERLINE_DOUBLE_CHROMIUM_ARGS ?? '["--headless","--no-sandbox","--disable-gpu"]') as string[];
    chromium = await launchChromium(executable, args, path.join(userData, 'Chromium'));
    await chromium.context.addInitScript(installPageBridge, BRIDGE_PREFIX);
    await chromium.context.route('**/*', (route, request) => router(route, request).catch((error: unknown) => {
      process.stderr.write(`electron double: request ${request.url()} failed: ${String(error)}\n`);
      return route.abort('failed').catch(() => undefined);
    }));
    initialTab = chromium.context.pages()[0] ?? null;
    chromium.context.on('page', (page) => void onNewPage(page));
    record('ready', { endpoint: chromium.endpoint, userData });
    ready = true;
    app.emit('ready', new ElectronEvent(), {});
    resolveReady();
  })().catch((error: unknown) => {
    process.stderr.write(`electron double: failed to start: ${String(error)}\n`);
    process.exit(1);
  });
});
