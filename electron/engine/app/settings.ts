// The app's settings (`{libraryPath, backupDir}`), kept as JSON in the data folder.
// Written atomically so a crash never leaves half a file; a file that is corrupt
// anyway is moved aside and the defaults are used, never a crash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import type { AppSettings } from '../../../shared/types';
import { settingsFilePath } from '../fs/paths';

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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, warning: null };
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
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const body = `${JSON.stringify({ libraryPath: settings.libraryPath, backupDir: settings.backupDir }, null, 2)}\n`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    removeQuietly(tmp);
    throw new ContractError(
      'io',
      `Could not save the settings to ${file} (${(err as Error).message}). Check that the folder is writable.`,
    );
  }
  syncDir(path.dirname(file));
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The folder itself is unusable; there is no temp file to remove.
  }
}

/** Makes the rename durable. Not possible on every platform (Windows), so best effort. */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directory fsync is unsupported here; the rename is still atomic.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
