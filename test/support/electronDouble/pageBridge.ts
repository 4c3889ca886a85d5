/**
 * The page half of the double's contextBridge, installed in every document before the page's own
 * scripts (`addInitScript`, like Electron runs the preload before the page). It is stringified into
 * the page, so it may use nothing from this module's scope.
 *
 * Calls are synchronous like Electron's bridge: a synchronous XHR to the document's own origin
 * under BRIDGE_PREFIX, answered in Node by the window's preload world. Promises settle and
 * callbacks fire through a long-polled request. Only values cross (JSON with markers for
 * undefined, functions, promises, dates and errors); an Error crosses as its message alone, as
 * Electron's bridge does.
 */
export type Wire =
  | null | boolean | number | string | Wire[]
  | { $u: 1 } | { $f: string } | { $p: string } | { $d: string } | { $e: string } | { $o: Record<string, Wire> };

export type BridgeEvent =
  | { kind: 'settle'; promise: string; ok: boolean; value: Wire }
  | { kind: 'callback'; fn: string; args: Wire[] };

export function installPageBridge(prefix: string): void {
  if (window.top !== window) return; // the preload runs in the main frame only (nodeIntegrationInSubFrames is off)
  const XHR = XMLHttpRequest;
  const pageFetch = fetch.bind(window);
  const stringify = JSON.stringify.bind(JSON);
  const parse = JSON.parse.bind(JSON);
  const doc = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const post = (op: string, body: object): { value?: Wire; throw?: string; exposed?: [string, Wire][] } => {
    const x = new XHR();
    x.open('POST', `${prefix}${op}`, false);
    x.setRequestHeader('content-type', 'application/json');
    x.send(stringify({ doc, ...body }));
    if (x.status !== 200) throw new Error(`electron double bridge: ${x.status} ${x.responseText}`);
    return parse(x.responseText) as { value?: Wire; throw?: string; exposed?: [string, Wire][] };
  };

  const pageFns = new Map<string, (...args: unknown[]) => unknown>();
  const promises = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void }>();
  let next = 0;

  const encode = (v: unknown): Wire => {
    if (v === undefined) return { $u: 1 };
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (typeof v === 'function') {
      const id = `p${++next}`;
      pageFns.set(id, v as (...args: unknown[]) => unknown);
      return { $f: id };
    }
    if (Array.isArray(v)) return v.map(encode);
    if (v instanceof Date) return { $d: v.toISOString() };
    if (v instanceof Error) return { $e: v.message };
    if (typeof v === 'object') return { $o: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)])) };
    throw new Error(`An object could not be cloned.`);
  };
  const decode = (w: Wire): unknown => {
    if (w === null || typeof w !== 'object') return w;
    if (Array.isArray(w)) return w.map(decode);
    if ('$u' in w) return undefined;
    if ('$d' in w) return new Date(w.$d);
    if ('$e' in w) return new Error(w.$e);
    if ('$o' in w) return Object.fromEntries(Object.entries(w.$o).map(([k, x]) => [k, decode(x)]));
    if ('$p' in w) {
      const id = w.$p;
      return new Promise((resolve, reject) => promises.set(id, { resolve, reject }));
    }
    const fn = w.$f;
    return (...args: unknown[]) => {
      const reply = post('call', { fn, args: args.map(encode) });
      if (reply.throw !== undefined) throw new Error(reply.throw);
      return decode(reply.value ?? { $u: 1 });
    };
  };

  let hello: { exposed?: [string, Wire][] };
  try {
    hello = post('attach', { url: location.href });
  } catch {
    return; // a document the double does not serve (about:blank, a popup): no preload
  }
  if (!hello.exposed) return;
  for (const [key, wire] of hello.exposed) Object.defineProperty(window, key, { value: decode(wire), enumerable: true });

  void (async () => {
    for (;;) {
      let events: BridgeEvent[];
      try {
        const res = await pageFetch(`${prefix}events`, { method: 'POST', body: stringify({ doc }) });
        if (!res.ok) return;
        events = (await res.json()) as BridgeEvent[];
      } catch {
        return; // the document is going away
      }
      for (const e of events) {
        if (e.kind === 'settle') {
          const p = promises.get(e.promise);
          promises.delete(e.promise);
          if (e.ok) p?.resolve(decode(e.value));
          else p?.reject(decode(e.value));
        } else {
          const fn = pageFns.get(e.fn);
          try {
            fn?.(...e.args.map(decode));
          } catch (error) {
            setTimeout(() => {
              throw error; // reported like any uncaught error of the page
            });
          }
        }
      }
    }
  })();
}
