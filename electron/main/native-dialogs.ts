// The native pickers handed to the service as `dialogs` (Electron only).
import { BrowserWindow, dialog } from 'electron';
import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { ServiceDialogs } from '../engine/app/service';

export const LIBRARY_FILE_FILTERS: FileFilter[] = [
  { name: 'SQLite databases', extensions: ['db', 'sqlite', 'sqlite3'] },
  { name: 'All files', extensions: ['*'] },
];

async function pick(options: OpenDialogOptions): Promise<string | null> {
  // Attach to the focused window so the dialog is modal to it (a sheet on macOS).
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function pickSave(options: SaveDialogOptions): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled ? null : (result.filePath ?? null);
}

export const ARCHIVE_FILTERS: FileFilter[] = [
  { name: 'gzipped tar archive', extensions: ['tar.gz', 'tgz'] },
  { name: 'zip archive', extensions: ['zip'] },
];

export function createNativeDialogs(): ServiceDialogs {
  return {
    chooseLibraryFile: () =>
      pick({ title: 'Open Library', properties: ['openFile'], filters: LIBRARY_FILE_FILTERS }),
    chooseBackupDir: () =>
      pick({ title: 'Choose Backup Folder', properties: ['openDirectory', 'createDirectory'] }),
    chooseExportFile: (suggestedName) =>
      pickSave({
        title: 'Export Snapshot',
        ...(suggestedName ? { defaultPath: suggestedName } : {}),
        filters: ARCHIVE_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }),
    chooseRestoreFolder: () =>
      pick({ title: 'Restore Into Folder', properties: ['openDirectory', 'createDirectory'] }),
  };
}
