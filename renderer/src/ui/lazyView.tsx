/**
 * Views and panels loaded on first use, so that the bundle the app starts with holds only what its
 * first screen needs (the list, the sidebar, the top bar). At 100k rows a start spends most of its
 * time loading and running that bundle (bench/RESULTS.md, session 12); Settings (with the import
 * parsers and backups), Changes, Review, Recurring, the transaction detail, the manual-account
 * forms and the Add-account dialog were a quarter of it.
 *
 * Each view's code is fetched once the page is idle after start (`preloadViews`), so an open does
 * not wait for it. A view whose code is here when it opens renders at once; only a view still
 * loading goes through `lazy` and Suspense (and stays under it while open). Even with the code preloaded, `lazy` suspends on its first render
 * (its promise is only read then), and React holds back a boundary's content for up to 300 ms once
 * it has shown the fallback: the first open of each view took 335–466 ms in the bench before this
 * rule, the next ones 40–60 ms.
 */
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { Spinner } from './Spinner';

/** Every lazy view's loader, for the idle-time preload. */
const loaders: (() => Promise<unknown>)[] = [];

export interface LazyView<P> {
  /** Renders the view: at once if its code is here, else a spinner until it is. */
  View: (props: P) => ReactNode;
  /** Loads the view's code (once; a failed load is tried again on the next call). */
  load: () => Promise<ComponentType<P>>;
}

/**
 * A view loaded on first use. `what` names it in the spinner ("Opening Settings…"); `fallback`
 * replaces that spinner (a panel or dialog that should show something smaller, or nothing).
 */
export function lazyView<P extends object>(
  importView: () => Promise<ComponentType<P>>,
  what: string,
  fallback?: ReactNode,
): LazyView<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | null = null;
  const load = () => (loading ??= importView().then(
    (view) => (loaded = view),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  ));
  const Suspended = lazy(() => load().then((view) => ({ default: view })));
  const opening = fallback ?? (
    <div className="empty"><Spinner size="md" /><p className="empty__title">Opening {what}…</p></div>
  );
  function View(props: P) {
    // Decided once per mount: switching from the Suspense path to the loaded component when the
    // code arrives would remount the view and lose what the user had typed into it.
    const [Loaded] = useState(() => loaded);
    return Loaded ? <Loaded {...props} /> : <Suspense fallback={opening}><Suspended {...props} /></Suspense>;
  }
  loaders.push(load);
  return { View, load };
}

/** Loads every lazy view's code (for tests, and the idle-time preload). */
export const loadViews = (): Promise<unknown> => Promise.all(loaders.map((load) => load()));

/** After start, once the page is idle: a first open need not wait for its view's code. */
const PRELOAD_AFTER_MS = 5_000;

/** Fetches every lazy view's code a while after start, when the page is idle; returns a cancel. */
export function preloadViews(): () => void {
  let idle: number | null = null;
  const timer = window.setTimeout(() => {
    const go = () => void loadViews().catch(() => undefined); // a failed preload is retried on open
    idle = typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(go, { timeout: 10_000 }) : window.setTimeout(go, 0);
  }, PRELOAD_AFTER_MS);
  return () => {
    window.clearTimeout(timer);
    if (idle !== null && typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(idle);
  };
}
