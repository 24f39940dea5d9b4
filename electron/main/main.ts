// Electron's main process: one hardened window on the built renderer, the API
// contract over IPC, native dialogs and the application menu. The engine does the
// work; this file only wires it to Electron's lifecycle.
//
// Native module note: better-sqlite3 is compiled for one ABI at a time. The copy in
// node_modules stays built for Node (unit tests, the CLI, browser mode). Run from a
// checkout, Electron loads the Electron build that `npm start` fetched into
// native/better-sqlite3/ (engine/sqlite.ts, through better-sqlite3's `nativeBinding`
// option, in this process and every worker); a packaged app loads the copy
// electron-builder rebuilt for Electron inside it. See build/README-native.md.
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, ipcMain, Menu, safeStorage } from 'electron';
import type { BrowserWindow } from 'electron';
import { appVersion, defaultDataDir } from '../engine/fs/paths';
import { createBackbeatService } from '../engine/app/service';
import { safeStorageSecretStore } from './safe-storage-secrets';
import type { BackbeatService } from '../engine/app/service';
import { createAppWindow, defaultWindowPaths, focusWindow } from './app-window';
import { startDesktopExtras } from './desktop-extras';
import { forwardServiceEvents, registerContractHandlers } from './ipc-handlers';
import { createMenuCommands } from './menu-actions';
import { buildMenuTemplate } from './menu-template';
import { createNativeDialogs } from './native-dialogs';
import { hardenSession } from './session-security';
import { desktopOsTimerSetup } from './os-timer-setup';
import { makeTrustedPageCheck } from './trusted-sender';

const APP_NAME = 'Backbeat';
/** How long quitting waits for running jobs to cancel before giving up on them. */
const DISPOSE_TIMEOUT_MS = 5000;

function start(): void {
  app.setName(APP_NAME);
  // One data folder for every mode: BACKBEAT_DATA_DIR, else the platform's per-user
  // folder named Backbeat (what userData would be), so the CLI and browser mode
  // see the same settings. Chromium's own files go there too.
  const dataDir = defaultDataDir();
  app.setPath('userData', dataDir);
  // The lock is per userData folder, so test runs with their own data folder coexist.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const paths = defaultWindowPaths(__dirname);
  const isOwnPage = makeTrustedPageCheck(paths.indexHtml);
  let win: BrowserWindow | null = null;
  let service: BackbeatService | null = null;
  let stopExtras: (() => void) | null = null;

  app.on('second-instance', () => {
    if (win) focusWindow(win);
  });

  const openWindow = (svc: BackbeatService): void => {
    const created = createAppWindow(paths);
    const stopForwarding = forwardServiceEvents(svc, created.webContents);
    created.on('closed', () => {
      stopForwarding();
      if (win === created) win = null;
    });
    win = created;
  };

  app
    .whenReady()
    .then(() => {
      hardenSession(isOwnPage);
      if (!fs.existsSync(paths.indexHtml)) {
        dialog.showErrorBox(
          'Backbeat is not built',
          `The interface was not found at ${paths.indexHtml}. Run \`npm run build\` in the Backbeat folder, then start it again.`,
        );
        app.quit();
        return;
      }
      const dialogs = createNativeDialogs();
      // dist/electron/main -> <install>/bin/backbeat.js, the launcher `backbeat schedule install` uses too.
      const osTimer = desktopOsTimerSetup(path.join(__dirname, '..', '..', '..', 'bin', 'backbeat.js'));
      const svc = createBackbeatService({
        dataDir,
        appVersion: appVersion(),
        mode: 'electron',
        dialogs,
        osTimer,
        // The repository password and destinations' credentials, encrypted by the system keychain.
        secrets: safeStorageSecretStore(dataDir, safeStorage),
      });
      service = svc;
      registerContractHandlers(ipcMain, svc, isOwnPage);

      app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: appVersion() });
      const commands = createMenuCommands({
        service: svc,
        chooseLibraryFile: () => dialogs.chooseLibraryFile(),
        showError: (title, message) => dialog.showErrorBox(title, message),
      });
      const template = buildMenuTemplate(process.platform, APP_NAME, {
        openLibrary: () => void commands.openLibrary(),
        backUpNow: () => void commands.backUpNow(),
        showAbout: () => app.showAboutPanel(),
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));

      openWindow(svc);
      // Tray, wake-up catch-up and backup notifications. Closing the window still
      // quits (except on macOS, as before): the tray is a shortcut, not a background mode.
      stopExtras = startDesktopExtras({
        service: svc,
        buildDir: path.dirname(paths.icon),
        showWindow: () => (win ? focusWindow(win) : openWindow(svc)),
        quit: () => app.quit(),
        backUpNow: () => void commands.backUpNow(),
      });
      // macOS keeps the app running without windows; the dock icon brings one back.
      app.on('activate', () => {
        if (!win) openWindow(svc);
      });
    })
    .catch((err: unknown) => {
      process.stderr.write(`backbeat: could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let running jobs cancel cleanly (they clean up partial backups) before exiting.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !service) return;
    event.preventDefault();
    disposed = true;
    stopExtras?.();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
    void Promise.race([service.dispose(), timeout])
      .catch((err: unknown) => process.stderr.write(`backbeat: shutdown: ${String(err)}\n`))
      .finally(() => app.quit());
  });

  // Started from a terminal (npm start): Ctrl+C and kill quit the same clean way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

start();
