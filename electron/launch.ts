// `npm start` (after the build): the desktop app when Electron's binary is present,
// otherwise the same app in browser mode, served on 127.0.0.1 from this process.
// Must not import `electron` at runtime: this runs under plain Node.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { appVersion, defaultDataDir } from './engine/paths';
import { DEFAULT_RENDERER_DIR, startBrowserMode } from './host/browser-mode';
import { openInBrowser } from './host/open-browser';
import { findElectronBinary } from './main/electron-binary';
import { REBUILD_FOR_ELECTRON_HINT, sqliteBuiltForThisRuntime } from './main/native-abi';

/** The repository (or app) root, holding package.json whose `main` is the Electron entry. */
const APP_DIR = path.resolve(__dirname, '..', '..');

export const NO_ELECTRON_LINE =
  'Electron is not available here (its binary was not downloaded); starting browser mode instead.';

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

export async function launch(argv: string[]): Promise<number> {
  const noOpen = argv.includes('--no-open') || !!process.env.CI;
  const binary = findElectronBinary();
  if (binary) {
    if (sqliteBuiltForThisRuntime())
      process.stderr.write(`backbeat: warning: ${REBUILD_FOR_ELECTRON_HINT}\n`);
    return runElectron(
      binary,
      argv.filter((a) => a !== '--no-open'),
    );
  }
  process.stdout.write(`${NO_ELECTRON_LINE}\n`);
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
