// Where Backbeat keeps its own files, and the app version, each decided in one place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const APP_DIR_NAME = 'Backbeat';

/**
 * The app's data folder when Electron does not tell us (CLI, browser mode):
 * `BACKBEAT_DATA_DIR` wins, else the platform's usual per-user config folder.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.BACKBEAT_DATA_DIR;
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') {
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  // Linux and other Unixes follow the XDG base directory spec.
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_DIR_NAME);
}

export function settingsFilePath(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** The demo library lives in the data folder so it never mixes with a user's music. */
export function demoLibraryDir(dataDir: string): string {
  return path.join(dataDir, 'demo');
}

let cachedVersion: string | null = null;

/**
 * The version in package.json, found by walking up from this file: the same code runs
 * from `dist/electron/engine/` (build, packaged app) and could run from sources.
 */
export function appVersion(): string {
  if (cachedVersion !== null) return cachedVersion;
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, 'package.json');
    try {
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'backbeat' && typeof parsed.version === 'string') {
        cachedVersion = parsed.version;
        return cachedVersion;
      }
    } catch {
      // No (readable) package.json at this level: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedVersion = '0.0.0-unknown';
  return cachedVersion;
}
