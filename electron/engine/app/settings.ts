// The app's settings (`{libraryPath, backupDir}`), kept as JSON in the data folder.
// Written atomically so a crash never leaves half a file; a file that is corrupt
// anyway is moved aside and the defaults are used, never a crash.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import type { AppSettings } from '../../../shared/types';
import { settingsFilePath } from '../fs/paths';
import { tempPathBeside, writeFileAtomicSync } from '../fs/atomic-file';
import { parseJsonAs } from '../../../shared/parse-json';

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({ libraryPath: null, backupDir: null });

// Missing keys mean "not set"; unknown keys from a newer version are ignored.
const settingsSchema = z.object({
  libraryPath: z.string().min(1).nullable().default(null),
  backupDir: z.string().min(1).nullable().default(null),
});

export interface LoadedSettings {
  settings: AppSettings;
  /** A sentence when the file was unusable and has been moved aside; null otherwise. */
  warning: string | null;
}

/** Reads the settings; a missing file gives the defaults, a corrupt one is moved aside. */
export function loadSettings(dataDir: string): LoadedSettings {
  const file = settingsFilePath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: { ...DEFAULT_SETTINGS }, warning: null };
    return {
      settings: { ...DEFAULT_SETTINGS },
      warning: `Could not read the settings file ${file} (${(err as Error).message}); using defaults.`,
    };
  }
  const settings = parseJsonAs(settingsSchema, text);
  if (settings) return { settings, warning: null };
  const aside = moveAside(file);
  return {
    settings: { ...DEFAULT_SETTINGS },
    warning: aside
      ? `The settings file was damaged; it was moved to ${aside} and the defaults are used. Choose your library again.`
      : `The settings file ${file} is damaged and could not be moved aside; the defaults are used.`,
  };
}

function moveAside(file: string): string | null {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  try {
    fs.renameSync(file, aside);
    return aside;
  } catch {
    return null;
  }
}

/** Writes the settings: temp file, fsync, rename over the old one, then fsync the folder. */
export function saveSettings(dataDir: string, settings: AppSettings): void {
  const file = settingsFilePath(dataDir);
  const body = `${JSON.stringify({ libraryPath: settings.libraryPath, backupDir: settings.backupDir }, null, 2)}\n`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, tempPathBeside(file), body, { mode: 0o600 });
  } catch (err) {
    throw new ContractError(
      'io',
      `Could not save the settings to ${file} (${(err as Error).message}). Check that the folder is writable.`,
    );
  }
}
