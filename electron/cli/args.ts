// Command-line parsing: `--flag value`, `--flag=value`, boolean flags, `--` and
// positionals, anywhere on the line. Every mistake is a UsageError (exit code 2).

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Every flag the CLI knows and whether it takes a value. Which command accepts which is checked later. */
export const FLAG_KINDS = {
  library: 'value',
  'backup-dir': 'value',
  json: 'boolean',
  help: 'boolean',
  tracks: 'value',
  name: 'value',
  all: 'boolean',
  apply: 'boolean',
  replace: 'boolean',
  // restore: which kinds of change to write, undoing a restore, another library's backup
  include: 'value',
  undo: 'boolean',
  'other-library': 'boolean',
  keep: 'value',
  'dry-run': 'boolean',
  // A retention policy: one string, or one flag per rule (see policy-flags.ts).
  policy: 'value',
  'keep-last': 'value',
  'keep-hourly': 'value',
  'keep-daily': 'value',
  'keep-weekly': 'value',
  'keep-monthly': 'value',
  'keep-yearly': 'value',
  'keep-within': 'value',
  'keep-frequent': 'value',
  'keep-moderate': 'value',
  'keep-milestone': 'value',
  'data-dir': 'value',
  // schedule set: every how many rescanned tracks to back up (see rescan-backups-flag.ts)
  'rescan-backups': 'value',
  // schedule set: database only or also the audio (a repository snapshot), its retention and check
  scope: 'value',
  'snapshot-policy': 'value',
  'check-every': 'value',
  port: 'value',
  'no-open': 'boolean',
  // rescan, and demo --with-audio
  force: 'boolean',
  confirm: 'value',
  workers: 'value',
  limit: 'value',
  'retry-failed': 'boolean',
  'with-audio': 'boolean',
  // the repository of audio and database snapshots (see commands/repository-*.ts)
  repo: 'value',
  'password-file': 'value',
  exclude: 'value',
  // check, restore-files, export (see commands/repository-help.ts)
  'read-data': 'value',
  track: 'value',
  to: 'value',
  out: 'value',
  // dest, copy, recover (see commands/destinations-help.ts)
  from: 'value',
  snapshot: 'value',
  option: 'value',
  'credentials-file': 'value',
  'dest-password-file': 'value',
  /** check --dest NAME: a destination's repository instead of the local one. */
  dest: 'value',
  /** dest schedule NAME --every 6h|1d|off: the destination's own copy schedule. */
  every: 'value',
} as const satisfies Record<string, 'value' | 'boolean'>;

export type FlagName = keyof typeof FLAG_KINDS;

/** Value flags that may be given more than once; every value is kept, in order, in `lists`. */
export const REPEATABLE_FLAGS: ReadonlySet<FlagName> = new Set<FlagName>(['exclude', 'track', 'option']);

export interface ParsedCommandLine {
  command: string | null;
  positionals: string[];
  /** Value flags hold their string; boolean flags hold `true`. */
  flags: Map<FlagName, string | true>;
  /** Every value of each repeatable flag (REPEATABLE_FLAGS), in order. */
  lists?: Map<FlagName, string[]>;
}

function isFlagName(name: string): name is FlagName {
  return Object.prototype.hasOwnProperty.call(FLAG_KINDS, name);
}

/** True when the line asks for help anywhere before `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const words: string[] = [];
  const flags = new Map<FlagName, string | true>();
  const lists = new Map<FlagName, string[]>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!isFlagName(name)) throw new UsageError(`Unknown option --${name}.`);
    if (flags.has(name) && !REPEATABLE_FLAGS.has(name))
      throw new UsageError(`--${name} was given more than once.`);
    if (FLAG_KINDS[name] === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      // `--name --json` is a forgotten value, not a name that starts with dashes.
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      i++;
    }
    if (value === '') throw new UsageError(`--${name} needs a value.`);
    flags.set(name, value);
    if (REPEATABLE_FLAGS.has(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  const [command = null, ...positionals] = words;
  return { command, positionals, flags, lists };
}

/** Parses a whole non-negative number within bounds, e.g. `--keep 5`. */
export function parseCount(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, not "${text}".`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${text}.`);
  return n;
}
