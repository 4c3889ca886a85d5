/**
 * Electron entry: wiring only. Every behaviour lives in plain Node services (createServices),
 * which the browser host runs too, and in Electron-free modules (singleInstance, windowState,
 * updater) whose Electron objects are injected here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, screen } from 'electron';
import { loadConfig } from './services/config';
import { createServices } from './services/createServices';
import { registerIpc } from './ipc/registerIpc';
import { registerAppScheme, serveRenderer } from './ipc/appProtocol';
import { createMainWindow, DEFAULT_WINDOW_SIZE, lockDownSession, MIN_WINDOW_SIZE, openSignInPage } from './window';
import { electronDesktop, wireMenuAndPower } from './desktop';
import { backupFolderChooser, backupSaveChooser, saveDialogChooser } from './exportDialog';
import { createLogger, type Logger } from './core/logger';
import { installProcessGuards } from './services/processGuards';
import { bringToFront, runAsSingleInstance } from './singleInstance';
import { placeWindow, readWindowState, trackWindowState, writeWindowState } from './windowState';
import { createUpdateController, updatePolicy, type UpdateController, type UpdaterLike } from './updater';
import type { EventPayload } from '../shared/ipc/contract';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;
/** Set once the app can open a window (services and IPC are up). */
let openWindow: (() => void) | null = null;
// Stray errors go through the redacting logger: stderr until the services' own logger exists.
let logger: Logger = createLogger({ echo: (l) => process.stderr.write(`${l}\n`) });
installProcessGuards(process, { logger: () => logger, exit: (code) => app.exit(code) });

// A second launch quits here, before any service starts; the first comes to the front.
runAsSingleInstance(app, start, () => bringToFront(mainWindow, openWindow));

function start(): void {
  registerAppScheme();

  app.whenReady().then(async () => {
    lockDownSession();
    serveRenderer(path.join(here, '../renderer'));
    const desktop = electronDesktop(() => mainWindow);
    wireMenuAndPower(() => mainWindow);
    let updates: UpdateController | null = null;
    const config = loadConfig(process.env, app.getPath('userData'));
    const services = await createServices({
      config,
      host: 'electron',
      version: app.getVersion(),
      openExternal: openSignInPage,
      desktop: { ...desktop.desktop, installUpdate: async () => updates?.install() ?? { installing: false } },
      chooseSavePath: saveDialogChooser(() => mainWindow),
      chooseBackupPath: backupSaveChooser(() => mainWindow),
      chooseBackupFolder: backupFolderChooser(() => mainWindow),
    });
    logger = services.logger;
    registerIpc(services, () => mainWindow?.webContents ?? null);

    const announceUpdate = (win: BrowserWindow | null, version: string) =>
      win?.webContents.send('app:updateReady', { version } satisfies EventPayload<'app:updateReady'>);

    openWindow = () => {
      const placement = placeWindow(readWindowState(config.dataDir), screen.getAllDisplays().map((d) => d.workArea), DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE);
      const win = createMainWindow(path.join(here, 'preload.cjs'), app.isPackaged, placement);
      trackWindowState(win, (state) => writeWindowState(config.dataDir, state), {
        onError: (err) => services.logger.warn(`window state not saved: ${err instanceof Error ? err.message : String(err)}`),
      });
      // A window opened (or reloaded) after the update was downloaded still shows "Restart to update".
      win.webContents.on('did-finish-load', () => {
        const version = updates?.readyVersion();
        if (version) announceUpdate(win, version);
      });
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = null;
      });
      mainWindow = win;
    };
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow?.();
    });

    const policy = updatePolicy({ isPackaged: app.isPackaged, env: process.env });
    // electron-updater is loaded only when updates are on: reading its autoUpdater builds the
    // platform's updater, which a development run has no feed for.
    const updater: UpdaterLike | null = policy.enabled ? (await import('electron-updater')).default.autoUpdater : null;
    if (updater) {
      updates = createUpdateController({ updater, policy, log: services.logger, onReady: (version) => announceUpdate(mainWindow, version) });
    } else services.logger.info(policy.reason);
    updates?.start();

    app.on('before-quit', () => {
      updates?.stop();
      desktop.close();
      void services.close();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
