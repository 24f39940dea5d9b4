// The command an OS timer runs: the CLI's `schedule run` for one library, with
// absolute paths (timers start with a bare environment: no PATH, no working folder).
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';

export interface TimerCommand {
  /** Absolute path of the program (the node binary). */
  program: string;
  args: string[];
}

export interface ScheduledRunCommandOptions {
  nodePath: string;
  /** The CLI launcher, e.g. `<repo>/bin/backbeat.js`. */
  binPath: string;
  libraryPath: string;
  /** Anything else the CLI needs (e.g. `--data-dir <dir>`). */
  extraArgs?: string[];
}

export function scheduledRunCommand(options: ScheduledRunCommandOptions): TimerCommand {
  const command: TimerCommand = {
    program: path.resolve(options.nodePath),
    args: [path.resolve(options.binPath), 'schedule', 'run', '--library', path.resolve(options.libraryPath)],
  };
  if (options.extraArgs) command.args.push(...options.extraArgs);
  assertSafeCommand(command);
  return command;
}

/** Timer files are line-based: a newline or other control character in a path would break them. */
export function assertSafeCommand(command: TimerCommand): void {
  for (const part of [command.program, ...command.args]) {
    if (/[\u0000-\u001f\u007f]/.test(part)) {
      throw new ContractError(
        'bad-arguments',
        `A path for the timer contains a control character: ${JSON.stringify(part)}`,
      );
    }
  }
}
