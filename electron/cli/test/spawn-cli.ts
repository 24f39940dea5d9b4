// Runs the real binary (`node bin/backbeat.js`, after the build) for the spawn tests of
// status, schedule and cleanup --policy. The caller's BACKBEAT_* settings are cleared
// so a developer's environment cannot leak in; each test passes its own.
import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

export const BIN = path.join(__dirname, '..', '..', '..', '..', 'bin', 'backbeat.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (no stdin), collecting its output: every spawn test's one way to run a process. */
export function runCollecting(program: string, args: string[], options: SpawnOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCollecting(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      BACKBEAT_LIBRARY: '',
      BACKBEAT_BACKUP_DIR: '',
      BACKBEAT_DATA_DIR: '',
      BACKBEAT_OS_TIMER_DRY: '',
      ...env,
    },
  });
}

/** Parses stdout as the one JSON document, failing with stderr in the message. */
export function jsonOf<T>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`exit ${String(run.code)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
