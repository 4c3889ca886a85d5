/**
 * One document's preload world: the built preload evaluated unchanged (CommonJS) in its own V8
 * context, with the `require` a sandboxed preload gets — `electron` (the renderer modules
 * contextBridge and ipcRenderer), `events`, `timers`, `url`, nothing else — and the Node half of
 * the contextBridge (what the page's bridge calls lands here).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import timers from 'node:timers';
import url from 'node:url';
import vm from 'node:vm';
import type { BridgeEvent, Wire } from './pageBridge';

/** What a preload world needs from the browser process side (main's ipcMain, the window). */
export interface WorldHost {
  invoke(world: PreloadWorld, channel: string, args: unknown[]): Promise<unknown>;
  send(world: PreloadWorld, channel: string, args: unknown[]): void;
}

type Fn = (...args: unknown[]) => unknown;

/** Electron's IpcRenderer, the subset a preload can use (no sendSync: the double has no sync IPC). */
export class IpcRendererDouble extends EventEmitter {
  constructor(private readonly world: PreloadWorld, private readonly host: WorldHost) {
    super();
  }
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.host.invoke(this.world, channel, args);
  }
  send(channel: string, ...args: unknown[]): void {
    this.host.send(this.world, channel, args);
  }
}

export class PreloadWorld {
  readonly ipcRenderer: IpcRendererDouble;
  readonly exposed: [string, unknown][] = [];
  private readonly fns = new Map<string, Fn>();
  private readonly events: BridgeEvent[] = [];
  private waiter: ((events: BridgeEvent[]) => void) | null = null;
  private next = 0;
  disposed = false;

  constructor(readonly doc: string, host: WorldHost) {
    this.ipcRenderer = new IpcRendererDouble(this, host);
  }

  /** Runs the preload file as Electron's sandboxed preload wrapper does (a CommonJS function). */
  run(preloadPath: string): void {
    const source = fs.readFileSync(preloadPath, 'utf8');
    const exposed = this.exposed;
    const electron = Object.freeze({
      contextBridge: Object.freeze({
        exposeInMainWorld(key: string, api: unknown): void {
          if (exposed.some(([k]) => k === key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
          exposed.push([key, api]);
        },
      }),
      ipcRenderer: this.ipcRenderer,
    });
    const allowed: Record<string, unknown> = { electron, events: { EventEmitter, default: EventEmitter }, timers, url };
    const require = (name: string): unknown => {
      if (Object.hasOwn(allowed, name)) return allowed[name];
      throw new Error(`module not found: ${name}`);
    };
    const context = vm.createContext({ console });
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname, process, Buffer, global, setImmediate, clearImmediate, setTimeout, clearTimeout, setInterval, clearInterval) {${source}\n})`,
      context,
      { filename: preloadPath },
    ) as Fn;
    const module = { exports: {} };
    const process = Object.freeze({ type: 'renderer', sandboxed: true, contextIsolated: true, platform: globalThis.process.platform, arch: globalThis.process.arch, versions: globalThis.process.versions, env: {}, argv: [] });
    wrapper(module.exports, require, module, preloadPath, preloadPath.slice(0, preloadPath.lastIndexOf('/')), process, Buffer, vm.runInContext('globalThis', context), setImmediate, clearImmediate, setTimeout, clearTimeout, setInterval, clearInterval);
  }

  /** A main → renderer message (webContents.send): every ipcRenderer listener gets (event, ...args). */
  deliver(channel: string, args: unknown[]): void {
    if (this.disposed) return;
    this.ipcRenderer.emit(channel, { sender: this.ipcRenderer, ports: [] }, ...args);
  }

  encode(v: unknown): Wire {
    if (v === undefined) return { $u: 1 };
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (typeof v === 'function') {
      const id = `m${++this.next}`;
      this.fns.set(id, v as Fn);
      return { $f: id };
    }
    if (Array.isArray(v)) return v.map((x) => this.encode(x));
    if (isThenable(v)) {
      const id = `m${++this.next}`;
      v.then(
        (value) => this.push({ kind: 'settle', promise: id, ok: true, value: this.encode(value) }),
        (error: unknown) => this.push({ kind: 'settle', promise: id, ok: false, value: { $e: messageOf(error) } }),
      );
      return { $p: id };
    }
    // Realm-independent checks: the preload's objects come from its own V8 context.
    const tag = Object.prototype.toString.call(v);
    if (tag === '[object Date]') return { $d: (v as Date).toISOString() };
    if (tag === '[object Error]') return { $e: messageOf(v) };
    if (typeof v === 'object') return { $o: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.encode(x)])) };
    throw new Error('An object could not be cloned.');
  }

  decode(w: Wire): unknown {
    if (w === null || typeof w !== 'object') return w;
    if (Array.isArray(w)) return w.map((x) => this.decode(x));
    if ('$u' in w) return undefined;
    if ('$d' in w) return new Date(w.$d);
    if ('$e' in w) return new Error(w.$e);
    if ('$o' in w) return Object.fromEntries(Object.entries(w.$o).map(([k, x]) => [k, this.decode(x)]));
    if ('$p' in w) throw new Error('electron double: a page promise cannot cross to the preload');
    const fn = w.$f;
    // A page function called from the preload runs later, in the page; it returns nothing here.
    return (...args: unknown[]) => void this.push({ kind: 'callback', fn, args: args.map((a) => this.encode(a)) });
  }

  /** A page call of a bridged function. */
  call(fnId: string, args: Wire[]): { value: Wire } | { throw: string } {
    const fn = this.fns.get(fnId);
    if (!fn) return { throw: 'electron double: unknown bridged function' };
    try {
      return { value: this.encode(fn(...args.map((a) => this.decode(a)))) };
    } catch (error) {
      return { throw: messageOf(error) };
    }
  }

  /** The page's long poll: resolves with every queued event, or waits for the next one. */
  nextEvents(): Promise<BridgeEvent[]> {
    if (this.events.length > 0 || this.disposed) return Promise.resolve(this.events.splice(0));
    return new Promise((resolve) => (this.waiter = resolve));
  }

  dispose(): void {
    this.disposed = true;
    this.ipcRenderer.removeAllListeners();
    this.flush();
  }

  private push(e: BridgeEvent): void {
    if (this.disposed) return;
    this.events.push(e);
    this.flush();
  }

  private flush(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(this.events.splice(0));
    }
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function messageOf(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
}
