// The one Backbeat window: sandboxed, context-isolated, our preload only.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow } from 'electron';

export interface WindowPaths {
  indexHtml: string;
  preload: string;
  /** Window icon for Linux and Windows during development; packaged apps use the installer's. */
  icon: string;
}

export function createAppWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 820,
    minHeight: 560,
    show: false,
    title: 'Backbeat',
    backgroundColor: '#14161f',
    ...(fs.existsSync(paths.icon) ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(paths.indexHtml);
  return win;
}

export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Where the compiled app finds its pieces, relative to dist/electron/main/. */
export function defaultWindowPaths(mainDir: string): WindowPaths {
  const distDir = path.resolve(mainDir, '..', '..');
  return {
    indexHtml: path.join(distDir, 'renderer', 'index.html'),
    preload: path.join(distDir, 'electron', 'preload', 'preload.js'),
    icon: path.join(distDir, '..', 'build', 'icon.png'),
  };
}
