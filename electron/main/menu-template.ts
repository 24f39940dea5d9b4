// The application menu, as plain data. Only Electron's *types* are imported, so the
// template can be built and checked under Node in tests.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openLibrary(): void;
  backUpNow(): void;
  showAbout(): void;
}

export function buildMenuTemplate(
  platform: NodeJS.Platform,
  appName: string,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.showAbout() };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    // macOS puts About, Hide and Quit under the app's own menu.
    template.push({
      label: appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Library...', accelerator: 'CmdOrCtrl+O', click: () => actions.openLibrary() },
        { label: 'Back Up Now', accelerator: 'CmdOrCtrl+B', click: () => actions.backUpNow() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: isMac ? [] : [about] },
  );
  return template;
}
