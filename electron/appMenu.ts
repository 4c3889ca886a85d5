/**
 * The application menu. Electron's default menu binds Ctrl/Cmd+R to "Reload" (the page), which
 * would throw the window away mid-sync; here Ctrl/Cmd+R is Ledgerline's **Refresh now** (sent to
 * the renderer as `app:refreshRequested`), and reloading the window has no shortcut.
 * Electron's `Menu` is injected so the template can be tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  refreshNow(): void;
  /** Reloads the window (no accelerator on purpose). */
  reloadWindow(): void;
  toggleDevTools(): void;
}

export function appMenuTemplate(platform: NodeJS.Platform, actions: AppMenuActions, opts: { devTools: boolean }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { label: 'Refresh now', accelerator: 'CmdOrCtrl+R', click: () => actions.refreshNow() },
    { type: 'separator' },
    // Not `role: 'reload'`: a role brings its default Ctrl/Cmd+R accelerator with it.
    { label: 'Reload window', click: () => actions.reloadWindow() },
    ...(opts.devTools ? [{ label: 'Toggle developer tools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', click: () => actions.toggleDevTools() }] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}

/** Every accelerator in a template, with its item's label or role (for tests and checks). */
export function acceleratorsOf(template: readonly MenuItemConstructorOptions[]): { accelerator: string; label: string }[] {
  return template.flatMap((item) => {
    const own = typeof item.accelerator === 'string' ? [{ accelerator: item.accelerator, label: item.label ?? item.role ?? '' }] : [];
    const sub = Array.isArray(item.submenu) ? acceleratorsOf(item.submenu) : [];
    return [...own, ...sub];
  });
}

export function installAppMenu<M>(
  menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): M; setApplicationMenu(m: M | null): void },
  platform: NodeJS.Platform,
  actions: AppMenuActions,
  opts: { devTools: boolean },
): void {
  menu.setApplicationMenu(menu.buildFromTemplate(appMenuTemplate(platform, actions, opts)));
}
