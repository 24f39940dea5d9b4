// The `backbeat` CLI: parse, dispatch to one command, map the outcome to an exit code.
// Commands only parse, call engine operations and format; no engine logic lives here.
import { ContractError } from '../../shared/contract';
import { parseCommandLine, UsageError, wantsHelp, type FlagName } from './args';
import { backupCommand } from './commands/backup';
import { cleanupCommand } from './commands/cleanup';
import { demoCommand } from './commands/demo';
import { infoCommand } from './commands/info';
import { listCommand } from './commands/list';
import { rescanCommand } from './commands/rescan';
import { restoreCommand } from './commands/restore';
import { scheduleCommand } from './commands/schedule';
import { serveCommand } from './commands/serve';
import { statsCommand } from './commands/stats';
import { statusCommand } from './commands/status';
import { verifyCommand } from './commands/verify';
import { processIo, type Io } from './io';
import { Invocation, type CommandSpec } from './invocation';
import { commandHelp, helpTopic } from './command-help';
import { HELP, SHORT_USAGE } from './usage';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const COMMON_FLAGS: readonly FlagName[] = ['library', 'backup-dir', 'json', 'help'];

export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(
  [
    demoCommand,
    statsCommand,
    backupCommand,
    listCommand,
    infoCommand,
    verifyCommand,
    restoreCommand,
    cleanupCommand,
    rescanCommand,
    statusCommand,
    scheduleCommand,
    serveCommand,
  ].map((c) => [c.name, c]),
);

function checkShape(spec: CommandSpec, flags: Iterable<FlagName>, positionals: readonly string[]): void {
  for (const flag of flags) {
    if (!COMMON_FLAGS.includes(flag) && !spec.flags.includes(flag)) {
      throw new UsageError(`${spec.name} does not take --${flag}.`);
    }
  }
  const { min, max, label } = spec.positionals;
  if (positionals.length < min) throw new UsageError(`${spec.name} needs ${label}.`);
  if (positionals.length > max) {
    throw new UsageError(
      `Unexpected argument "${positionals[max]}" for ${spec.name}. Usage: backbeat ${spec.synopsis}`,
    );
  }
}

function describeUnexpected(err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  return `Something went wrong: ${detail}. If it keeps happening, report this message.`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (wantsHelp(argv)) {
    // `backbeat restore --help`: restore's help only; `backbeat --help`: everything.
    const topic = helpTopic(argv, new Set(COMMANDS.keys()));
    io.stdout((topic && commandHelp(topic)) || HELP);
    return EXIT_OK;
  }
  let json = false;
  try {
    const line = parseCommandLine(argv);
    json = line.flags.get('json') === true;
    if (line.command === null) throw new UsageError('No command given.');
    const spec = COMMANDS.get(line.command);
    if (!spec) throw new UsageError(`Unknown command "${line.command}".`);
    checkShape(spec, line.flags.keys(), line.positionals);
    return await spec.run(new Invocation(io, line));
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`backbeat: ${err.message}\n\n${SHORT_USAGE}`);
      return EXIT_USAGE;
    }
    const error =
      err instanceof ContractError
        ? { code: err.code, message: err.message }
        : { code: 'internal', message: describeUnexpected(err) };
    if (json) io.stdout(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    io.stderr(`backbeat: ${error.message}\n`);
    if (!(err instanceof ContractError) && io.env.BACKBEAT_DEBUG && err instanceof Error && err.stack) {
      io.stderr(`${err.stack}\n`);
    }
    return EXIT_FAILED;
  }
}
