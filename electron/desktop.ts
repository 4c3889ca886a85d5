/**
 * The Electron pieces behind notifications, the badge, the menu and sleep/wake, injected into the
 * plain modules (`services/desktopNotify.ts`, `appMenu.ts`) that hold the logic. Wiring only.
 */
import { app, Menu, nativeImage, Notification, powerMonitor, Tray, type BrowserWindow } from 'electron';
import type { EventName } from '../shared/ipc/contract';
import { installAppMenu } from './appMenu';
import type { Desktop } from './services/handlers';
import { createDesktopBadge, createDesktopNotifier, TRAY_ICON_SIZE, trayIconBitmap } from './services/desktopNotify';

export function electronDesktop(window: () => BrowserWindow | null): { desktop: Desktop; close(): void } {
  const show = () => {
    const w = window();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  };
  const notifier = createDesktopNotifier({
    native: {
      isSupported: () => Notification.isSupported(),
      show: ({ title, body }) => {
        const n = new Notification({ title, body });
        n.on('click', show);
        n.show();
      },
    },
  });
  const badge = createDesktopBadge({
    setBadgeCount: (count) => app.setBadgeCount(count),
    createTray: (tooltip) => {
      if (process.platform === 'darwin') return null; // the dock badge is the Mac's way
      try {
        const icon = nativeImage.createFromBitmap(Buffer.from(trayIconBitmap()), { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE });
        const tray = new Tray(icon);
        tray.setToolTip(tooltip);
        tray.on('click', show);
        return tray;
      } catch {
        return null; // no system tray on this desktop
      }
    },
  });
  return {
    desktop: { notify: (input) => notifier.notify(input), setBadge: (count) => badge.set(count) },
    close: () => badge.close(),
  };
}

/** The menu (Ctrl/Cmd+R = Refresh now) and sleep/wake, both delivered to the renderer as events. */
export function wireMenuAndPower(window: () => BrowserWindow | null): void {
  const send = (event: Extract<EventName, 'power:resume' | 'app:refreshRequested'>) => window()?.webContents.send(event);
  installAppMenu(Menu, process.platform, {
    refreshNow: () => send('app:refreshRequested'),
    reloadWindow: () => window()?.webContents.reload(),
    toggleDevTools: () => window()?.webContents.toggleDevTools(),
  }, { devTools: !app.isPackaged });
  powerMonitor.on('resume', () => send('power:resume'));
  powerMonitor.on('unlock-screen', () => send('power:resume'));
}
