// better-sqlite3 built for Electron, fetched into its own folder (see engine/sqlite.ts)
// with prebuild-install, the tool better-sqlite3's own install step uses: it downloads
// the prebuilt add-on that better-sqlite3 publishes for each Electron ABI. Only
// better-sqlite3's package.json is needed to name the right file, so it runs in a
// temporary folder and node_modules/better-sqlite3 (the Node build) is never touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../engine/fs/atomic-file';
import { electronSqliteDir, SQLITE_ADDON_FILE } from '../engine/sqlite';
import { runNodeScript } from './electron-download';
import { reasonFrom, type Attempt } from './launch-plan';

const FETCH_TIMEOUT_MS = 5 * 60_000;

export interface ElectronTarget {
  electronVersion: string;
  abi: string;
  platform: string;
  arch: string;
}

export function electronSqliteFile(root: string, t: ElectronTarget): string {
  return path.join(electronSqliteDir(root, t), SQLITE_ADDON_FILE);
}

function resolveOrNull(id: string): string | null {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

export async function fetchElectronSqlite(root: string, t: ElectronTarget): Promise<Attempt> {
  const pkg = resolveOrNull('better-sqlite3/package.json');
  const tool = resolveOrNull('prebuild-install/bin.js');
  if (!pkg) return { ok: false, reason: 'better-sqlite3 is not installed' };
  if (!tool) return { ok: false, reason: 'prebuild-install (installed with better-sqlite3) is missing' };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-sqlite-electron-'));
  try {
    fs.copyFileSync(pkg, path.join(work, 'package.json'));
    const run = await runNodeScript(
      tool,
      ['--runtime', 'electron', '--target', t.electronVersion, '--platform', t.platform, '--arch', t.arch],
      { cwd: work, timeoutMs: FETCH_TIMEOUT_MS },
    );
    const built = path.join(work, 'build', 'Release', SQLITE_ADDON_FILE);
    if (run.timedOut) return { ok: false, reason: `no answer within ${FETCH_TIMEOUT_MS / 60_000} minutes` };
    if (run.code !== 0 || !fs.existsSync(built)) {
      return {
        ok: false,
        reason: reasonFrom(run.output, `prebuild-install exited with ${String(run.code)}`),
      };
    }
    // Into place atomically: a half-copied add-on must never be the one Electron loads.
    const dest = electronSqliteFile(root, t);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    await writeFileAtomic(dest, `${dest}.${process.pid}.tmp`, await fs.promises.readFile(built));
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
