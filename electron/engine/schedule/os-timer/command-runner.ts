// Running systemctl, launchctl or schtasks. Injected so tests never touch the real
// service manager; the real runner reports a missing program by rejecting with ENOENT.
import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (command: string, args: string[]) => Promise<CommandResult>;

export const systemCommandRunner: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000, windowsHide: true }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(err);
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** Runs a command, turning "not installed" into a result so callers can explain it. */
export async function tryRun(run: CommandRunner, command: string, args: string[]): Promise<CommandResult> {
  try {
    return await run(command, args);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      code: 127,
      stdout: '',
      stderr: missing ? `${command} is not installed.` : (err as Error).message,
    };
  }
}

/** The first line of what the command said, for messages. */
export function firstLine(result: CommandResult): string {
  return (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? '';
}
