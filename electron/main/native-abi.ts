// Whether node_modules/better-sqlite3 is the Node build. Run under plain Node by
// `npm start`: if Node can open a database with it, Electron (another ABI) cannot,
// and the desktop app would fail on its first library. See build/README-native.md.
import Database from 'better-sqlite3';

export function sqliteBuiltForThisRuntime(): boolean {
  try {
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

export const REBUILD_FOR_ELECTRON_HINT =
  'better-sqlite3 is built for Node, not Electron: run `npx electron-builder install-app-deps` first ' +
  '(and `npm rebuild better-sqlite3` afterwards for the tests and the CLI).';
