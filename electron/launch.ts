// `npm start` (after the build): the desktop app, fetching Electron's binary and
// better-sqlite3's Electron build first when they are missing and the network allows;
// otherwise the same app in browser mode, served on 127.0.0.1 from this process, after
// one line that says why (main/launch-plan.ts decides). Flags: --no-open, --browser,
// --prepare-electron (fetch both, then exit: for packaging steps and offline prep).
// Must not import `electron` at runtime: this runs under plain Node.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appVersion, defaultDataDir } from './engine/fs/paths';
import { DEFAULT_RENDERER_DIR, startBrowserMode } from './host/browser-mode';
import { openInBrowser } from './host/open-browser';
import { APP_ROOT } from './engine/sqlite';
import { findElectronBinary } from './main/electron-binary';
import { downloadElectron, electronAbi, electronPackageDir, electronVersion } from './main/electron-download';
import { planLaunch, type LaunchPlan } from './main/launch-plan';
import { electronSqliteFile, fetchElectronSqlite, type ElectronTarget } from './main/sqlite-electron-build';

/** The repository (or app) root, holding package.json whose `main` is the Electron entry. */
const APP_DIR = path.resolve(__dirname, '..', '..');

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function runElectron(binary: string, args: string[]): Promise<number> {
  const env = { ...process.env };
  // Inherited from some tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [APP_DIR, ...args], { stdio: 'inherit', env });
  // Ctrl+C reaches both of us; kill(1) reaches only us. Either way Electron decides when to exit.
  for (const signal of STOP_SIGNALS) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`backbeat: could not start Electron (${binary}): ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function runBrowserMode(open: boolean): Promise<number> {
  const running = await startBrowserMode({
    dataDir: defaultDataDir(),
    appVersion: appVersion(),
    rendererDir: DEFAULT_RENDERER_DIR,
  });
  // The address alone on its own line, so people and scripts can pick it up.
  process.stdout.write(`${running.host.url}\n`);
  process.stderr.write('Backbeat is running at the address above. Press Ctrl+C to stop.\n');
  if (open) openInBrowser(running.host.url);
  await new Promise<void>((resolve) => {
    for (const signal of STOP_SIGNALS) process.once(signal, () => resolve());
  });
  process.stderr.write('Stopping...\n');
  await running.stop();
  return 0;
}

/** The real steps: Electron's package, its install script, prebuild-install for better-sqlite3. */
export function plan(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<LaunchPlan> {
  const packageDir = electronPackageDir();
  const version = electronVersion(packageDir);
  const abi = packageDir ? electronAbi(packageDir) : null;
  const target: ElectronTarget | null =
    version && abi ? { electronVersion: version, abi, platform: process.platform, arch: process.arch } : null;
  return planLaunch({
    electronVersion: version,
    browserAsked: argv.includes('--browser'),
    skipDownload: !!env.ELECTRON_SKIP_BINARY_DOWNLOAD,
    findBinary: () => findElectronBinary(packageDir, env),
    downloadBinary: () => downloadElectron(packageDir!),
    sqliteReady: () => target !== null && fs.existsSync(electronSqliteFile(APP_ROOT, target)),
    fetchSqlite: async () =>
      target ? fetchElectronSqlite(APP_ROOT, target) : { ok: false, reason: "Electron's ABI is unknown" },
    note: (line) => process.stderr.write(`backbeat: ${line}\n`),
  });
}

export async function launch(argv: string[]): Promise<number> {
  const noOpen = argv.includes('--no-open') || !!process.env.CI;
  const decided = await plan(argv);
  if (argv.includes('--prepare-electron')) {
    const line =
      decided.kind === 'electron'
        ? 'Electron is ready.'
        : decided.why.replace(/; starting browser mode instead\.$/, '.');
    process.stdout.write(`${line}\n`);
    return decided.kind === 'electron' ? 0 : 1;
  }
  if (decided.kind === 'electron') {
    return runElectron(
      decided.binary,
      argv.filter((a) => a !== '--no-open' && a !== '--browser'),
    );
  }
  // One line saying why, then the address on its own line.
  process.stdout.write(`${decided.why}\n`);
  return runBrowserMode(!noOpen);
}

if (require.main === module) {
  launch(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`backbeat: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
