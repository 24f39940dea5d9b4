// Electron's binary, fetched the way Electron 45 means it to be: its package's own
// install script (the `install-electron` bin), run in a child process from `npm start`
// when the binary is missing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { reasonFrom, type Attempt } from './launch-plan';

/** A slow but working connection finishes well within this; a silent one must not hang `npm start`. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

export function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function electronVersion(packageDir: string | null): string | null {
  if (!packageDir) return null;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** Electron's NODE_MODULE_VERSION, from its package (what better-sqlite3 must be built for). */
export function electronAbi(packageDir: string): string | null {
  try {
    const abi = fs.readFileSync(path.join(packageDir, 'abi_version'), 'utf8').trim();
    return /^\d+$/.test(abi) ? abi : null;
  } catch {
    return null;
  }
}

/** Runs a Node script in a child process; resolves with how it went and its output. */
export function runNodeScript(
  script: string,
  args: string[],
  options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer): void => {
      // The reason is near the start; a runaway log must not fill memory.
      if (output.length < 64_000) output += d.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${err.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

export async function downloadElectron(packageDir: string): Promise<Attempt> {
  const run = await runNodeScript(path.join(packageDir, 'install.js'), [], {
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
  });
  if (run.timedOut) return { ok: false, reason: `no answer within ${DOWNLOAD_TIMEOUT_MS / 60_000} minutes` };
  if (run.code === 0) return { ok: true };
  return { ok: false, reason: reasonFrom(run.output, `its install script exited with ${String(run.code)}`) };
}
