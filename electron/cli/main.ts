// The `backbeat` CLI: parse, dispatch to one command, map the outcome to an exit code.
// Commands only parse, call engine operations and format; no engine logic lives here.
// Only the command that runs is loaded (and the help text only when it is printed):
// loading every command's engine code cost most of the CLI's start-up, paid again by
// every `backbeat backup`.
import { parseCommandLine, UsageError, wantsHelp, type FlagName } from './args';
import { processIo, type Io } from './io';
export { workWasAbandoned } from './run-job';
import { Invocation, type CommandSpec } from './invocation';
import { toUserError } from '../engine/app/use-cases/runtime';
import { commandHelp, helpTopic } from './command-help';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const COMMON_FLAGS: readonly FlagName[] = ['library', 'backup-dir', 'json', 'help'];

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
const usage = (): { HELP: string; SHORT_USAGE: string } =>
  require('./usage') as { HELP: string; SHORT_USAGE: string };

/** Loads `commands/<name>` and takes its `<name>Command` spec (`restore-files`: `restoreFilesCommand`). */
function command(name: string): () => CommandSpec {
  const exported = `${name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Command`;
  return () => (require(`./commands/${name}`) as Record<string, CommandSpec>)[exported]!;
}

/** Each command's spec, loaded when it is asked for. */
export const COMMANDS: ReadonlyMap<string, () => CommandSpec> = new Map(
  [
    'demo',
    'stats',
    'backup',
    'list',
    'info',
    'verify',
    'restore',
    'cleanup',
    'rescan',
    'status',
    'schedule',
    'serve',
    'repo',
    'folders',
    'snapshot',
    'snapshots',
    'files',
    'diff',
    'check',
    'forget',
    'restore-files',
    'crosscheck',
    'export',
    'dest',
    'copy',
    'recover',
  ].map((name) => [name, command(name)]),
);
/* eslint-enable @typescript-eslint/no-require-imports */

const NO_POSITIONALS = { min: 0, max: 0, label: '' };

function checkShape(spec: CommandSpec, flags: Iterable<FlagName>, positionals: readonly string[]): void {
  for (const flag of flags) {
    if (!COMMON_FLAGS.includes(flag) && !spec.flags.includes(flag)) {
      throw new UsageError(`${spec.name} does not take --${flag}.`);
    }
  }
  const { min, max, label } = spec.positionals ?? NO_POSITIONALS;
  if (positionals.length < min) throw new UsageError(`${spec.name} needs ${label}.`);
  if (positionals.length > max) {
    throw new UsageError(
      `Unexpected argument "${positionals[max]}" for ${spec.name}. Usage: backbeat ${spec.synopsis}`,
    );
  }
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (wantsHelp(argv)) {
    // `backbeat restore --help`: restore's help only; `backbeat --help`: everything.
    const topic = helpTopic(argv, new Set(COMMANDS.keys()));
    io.stdout((topic && commandHelp(topic)) || usage().HELP);
    return EXIT_OK;
  }
  let json = false;
  try {
    const line = parseCommandLine(argv);
    json = line.flags.get('json') === true;
    if (line.command === null) throw new UsageError('No command given.');
    const spec = COMMANDS.get(line.command)?.();
    if (!spec) throw new UsageError(`Unknown command "${line.command}".`);
    checkShape(spec, line.flags.keys(), line.positionals);
    return await spec.run(new Invocation(io, line));
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`backbeat: ${err.message}\n\n${usage().SHORT_USAGE}`);
      return EXIT_USAGE;
    }
    // The error policy: a ContractError's own sentence; for anything else the one
    // sentence, its stack logged first (stderr is the CLI's log).
    const { code, message } = toUserError(err, (details) => io.stderr(`backbeat: ${details}\n`));
    const error = { code, message };
    if (json) io.stdout(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    io.stderr(`backbeat: ${error.message}\n`);
    return EXIT_FAILED;
  }
}
