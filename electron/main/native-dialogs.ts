// The native pickers handed to the service as `dialogs` (Electron only).
import { BrowserWindow, dialog } from 'electron';
import type { OpenDialogOptions } from 'electron';
import type { ServiceDialogs } from '../engine/app/service';

export const LIBRARY_FILE_FILTERS: OpenDialogOptions['filters'] = [
  { name: 'SQLite databases', extensions: ['db', 'sqlite', 'sqlite3'] },
  { name: 'All files', extensions: ['*'] },
];

async function pick(options: OpenDialogOptions): Promise<string | null> {
  // Attach to the focused window so the dialog is modal to it (a sheet on macOS).
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export function createNativeDialogs(): ServiceDialogs {
  return {
    chooseLibraryFile: () =>
      pick({ title: 'Open Library', properties: ['openFile'], filters: LIBRARY_FILE_FILTERS }),
    chooseBackupDir: () =>
      pick({ title: 'Choose Backup Folder', properties: ['openDirectory', 'createDirectory'] }),
  };
}
