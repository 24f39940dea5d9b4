// The one place a SQLite database is opened, on the main thread and in every worker.
//
// better-sqlite3 is a native add-on, built for one ABI: plain Node's (the tests, the
// CLI, browser mode) or Electron's (the desktop app run from a checkout). The Node
// build stays where npm put it, in node_modules/better-sqlite3. The Electron build
// lives in its own folder, native/better-sqlite3/electron-v<ABI>-<platform>-<arch>/
// (fetched by `npm start`, see electron/main/sqlite-electron-build.ts), and is loaded
// through better-sqlite3's `nativeBinding` option. So neither runtime ever needs the
// module rebuilt for the other. Packaged apps carry a copy electron-builder rebuilt
// for Electron in place, and use the default binding. See build/README-native.md.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Busy timeout in milliseconds. */
  timeout?: number;
}

/** The repository (or unpacked app) root: dist/electron/engine/ is three levels below it. */
export const APP_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The folder an Electron build of better-sqlite3 for this ABI, platform and architecture goes in. */
export function electronSqliteDir(
  root: string,
  target: { abi: string; platform: string; arch: string },
): string {
  return path.join(
    root,
    'native',
    'better-sqlite3',
    `electron-v${target.abi}-${target.platform}-${target.arch}`,
  );
}

export const SQLITE_ADDON_FILE = 'better_sqlite3.node';

export interface RuntimeFacts {
  /** process.versions: `electron` is set in Electron's main process and its workers. */
  versions: Partial<Record<string, string>>;
  platform: string;
  arch: string;
  exists(file: string): boolean;
}

const thisRuntime: RuntimeFacts = {
  versions: process.versions,
  platform: process.platform,
  arch: process.arch,
  exists: (file) => fs.existsSync(file),
};

/**
 * The add-on to load: under Electron, the Electron build in its own folder when it is
 * there; otherwise (plain Node, or a packaged app whose module was rebuilt in place)
 * null, meaning better-sqlite3's default.
 */
export function sqliteBindingFor(runtime: RuntimeFacts = thisRuntime, root = APP_ROOT): string | null {
  const abi = runtime.versions.modules;
  if (!runtime.versions.electron || !abi) return null;
  const file = path.join(
    electronSqliteDir(root, { abi, platform: runtime.platform, arch: runtime.arch }),
    SQLITE_ADDON_FILE,
  );
  return runtime.exists(file) ? file : null;
}

/** Looked up once per thread: the runtime cannot change under it. */
let binding: { file: string | null } | null = null;

/** Opens a SQLite database with the add-on built for the runtime this code runs in. */
export function openDatabase(filePath: string, options: OpenDatabaseOptions = {}): Db {
  binding ??= { file: sqliteBindingFor() };
  const { file } = binding;
  return new Database(filePath, { ...options, ...(file ? { nativeBinding: file } : {}) });
}
