// What a command gets to work with: its parsed arguments, where output goes, and the
// library and backup folder resolved from flags, then environment, then defaults.
import path from 'node:path';
import { resolveBackupDir } from '../engine/app/use-cases/folders';
import { assertSqliteFile } from '../engine/app/use-cases/library';
import { appVersion, type JobContext } from '../engine/app/use-cases/runtime';
import { parseCount, UsageError, type FlagName, type ParsedCommandLine } from './args';
import { cliCommandName, INSTALL_ROOT } from './command-name';
import type { Io } from './io';
import { runJob } from './run-job';

export class Invocation {
  readonly json: boolean;
  readonly appVersion = appVersion();

  constructor(
    readonly io: Io,
    private readonly line: ParsedCommandLine,
  ) {
    this.json = line.flags.get('json') === true;
  }

  /** How to call the CLI in a printed hint so it works from here: `backbeat`, `npx backbeat` or `node <path>`. */
  cliName(): string {
    return cliCommandName({
      env: this.io.env,
      cwd: process.cwd(),
      installRoot: INSTALL_ROOT,
      platform: process.platform,
    });
  }

  get positionals(): readonly string[] {
    return this.line.positionals;
  }

  has(flag: FlagName): boolean {
    return this.line.flags.get(flag) === true;
  }

  value(flag: FlagName): string | undefined {
    const v = this.line.flags.get(flag);
    return typeof v === 'string' ? v : undefined;
  }

  /** Every value of a repeatable flag, in order; [] when it was not given. */
  values(flag: FlagName): string[] {
    return [...(this.line.lists?.get(flag) ?? [])];
  }

  count(flag: FlagName, min: number, max: number): number | undefined {
    const v = this.value(flag);
    return v === undefined ? undefined : parseCount(flag, v, min, max);
  }

  /** A flag's value, else a non-empty environment variable (an empty one counts as unset). */
  private flagOrEnv(flag: FlagName, envName: string): string | null {
    const v = this.value(flag) ?? this.io.env[envName];
    if (!v) return null;
    const resolved = path.resolve(v);
    // A relative path depends on where the command runs (a timer, a script's cwd); say
    // once, before it is used, which folder or file it means.
    if (!path.isAbsolute(v) && !this.relativeShown.has(flag)) {
      this.relativeShown.add(flag);
      const from = this.value(flag) !== undefined ? `--${flag}` : envName;
      this.note(`backbeat: ${from} "${v}" is relative; using ${resolved}`);
    }
    return resolved;
  }
  private readonly relativeShown = new Set<FlagName>();

  libraryOrNull(): string | null {
    return this.flagOrEnv('library', 'BACKBEAT_LIBRARY');
  }

  /** The library, checked to be an existing SQLite file (clear error, exit 1, otherwise). */
  library(): string {
    return this.checkedLibrary(this.libraryUnchecked());
  }

  /** The library given (a usage error when none is): for a use case that checks it itself. */
  libraryUnchecked(): string {
    const library = this.libraryOrNull();
    if (!library) throw new UsageError('No library given: pass --library <db> or set BACKBEAT_LIBRARY.');
    return library;
  }

  /** The argument is checked once per run, however many times a command asks for it. */
  private checkedLibrary(library: string): string {
    if (this.checked !== library) {
      assertSqliteFile(library);
      this.checked = library;
    }
    return library;
  }
  private checked: string | null = null;

  /** --backup-dir, else BACKBEAT_BACKUP_DIR; null when neither is given. */
  backupDirOrNull(): string | null {
    return this.flagOrEnv('backup-dir', 'BACKBEAT_BACKUP_DIR');
  }

  /** --backup-dir, else BACKBEAT_BACKUP_DIR, else `backbeat-backups` beside the library. */
  backupDir(): string {
    const explicit = this.backupDirOrNull();
    if (explicit) return explicit;
    const library = this.libraryOrNull();
    if (!library) {
      throw new UsageError(
        'No library or backup folder given: pass --library <db> (or --backup-dir <dir>), or set BACKBEAT_LIBRARY.',
      );
    }
    return resolveBackupDir(this.checkedLibrary(library), null);
  }

  /** Writes the one JSON document, or the human text, to stdout. */
  result(json: unknown, human: () => string): void {
    if (this.json) this.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    else this.io.stdout(human());
  }

  /** A note for people, on stderr, so stdout stays clean for scripts. */
  note(text: string): void {
    this.io.stderr(`${text}\n`);
  }

  /** Runs a long operation with a progress bar (terminal only, never with --json) and Ctrl-C cancellation. */
  job<T>(fn: (ctx: JobContext) => Promise<T>): Promise<T> {
    return runJob(this.io, { showProgress: this.io.stderrIsTTY && !this.json }, fn);
  }
}

export interface CommandSpec {
  name: string;
  /** The synopsis line, e.g. `backup [--name NAME]`. */
  synopsis: string;
  /** Flags this command accepts besides the common ones. */
  flags: readonly FlagName[];
  /** How many positionals it takes, and what they are called in messages; none when left out. */
  positionals?: { min: number; max: number; label: string };
  run(inv: Invocation): Promise<number>;
}
