/**
 * Electron entry: wiring only. Every behaviour lives in plain Node services (createServices),
 * which the browser host runs too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { loadConfig } from './services/config';
import { createServices } from './services/createServices';
import { registerIpc } from './ipc/registerIpc';
import { registerAppScheme, serveRenderer } from './ipc/appProtocol';
import { createMainWindow, lockDownSession, openSignInPage } from './window';
import { electronDesktop, wireMenuAndPower } from './desktop';
import { saveDialogChooser } from './exportDialog';
import { createLogger, type Logger } from './services/logger';
import { installProcessGuards } from './services/processGuards';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;
// Stray errors go through the redacting logger: stderr until the services' own logger exists.
let logger: Logger = createLogger({ echo: (l) => process.stderr.write(`${l}\n`) });
installProcessGuards(process, { logger: () => logger, exit: (code) => app.exit(code) });

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.whenReady().then(async () => {
  lockDownSession();
  serveRenderer(path.join(here, '../renderer'));
  const desktop = electronDesktop(() => mainWindow);
  wireMenuAndPower(() => mainWindow);
  const services = await createServices({
    config: loadConfig(process.env, app.getPath('userData')),
    host: 'electron',
    version: app.getVersion(),
    openExternal: openSignInPage,
    desktop: desktop.desktop,
    chooseSavePath: saveDialogChooser(() => mainWindow),
  });
  logger = services.logger;
  registerIpc(services, () => mainWindow?.webContents ?? null);
  mainWindow = createMainWindow(path.join(here, 'preload.cjs'), app.isPackaged);
  mainWindow.on('closed', () => (mainWindow = null));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(path.join(here, 'preload.cjs'), app.isPackaged);
  });
  app.on('before-quit', () => {
    desktop.close();
    void services.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
