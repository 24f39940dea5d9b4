// Runs restic as a child process with --json, one at a time per repository, and
// turns its exit into a result or a ContractError that says what to do.
//
// restic's exit codes (0.17+): 0 ok, 1 fatal, 3 a backup could not read some files
// (the snapshot was still made), 10 no repository there, 11 could not lock it,
// 12 wrong password, 130 interrupted. Every line of stdout and stderr that is JSON
// is handed to the caller unparsed (`unknown`), to be validated with a schema.
import { spawn } from 'node:child_process';
import { ContractError } from '../../../shared/errors';
import { exitErrorSchema, parseJsonLine } from './restic-messages';
import type { ResticBinary } from './restic-discovery';
import { passwordEnv, type RepoPassword } from './repo-password';

export interface RepoAccess {
  restic: ResticBinary;
  /** A local path or a restic location (sftp:, s3:, rest:, rclone:). */
  repo: string;
  password: RepoPassword;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Each JSON value restic prints, in order, stdout and stderr alike. */
  onMessage?: ((message: unknown) => void) | undefined;
  /** Each stdout line that is not JSON (e.g. `copy`'s progress, which has no JSON form). */
  onText?: ((line: string) => void) | undefined;
  /** Each stderr line that is not JSON (restic's warnings, e.g. a back end's retries). */
  onWarning?: ((line: string) => void) | undefined;
  /** Exit codes that are results, not failures (e.g. 3 for a backup). Default: only 0. */
  okCodes?: readonly number[] | undefined;
  /** Keep stdout's JSON values in the result (off for streams like `ls` that can be huge). */
  collect?: boolean | undefined;
  /** Extra environment, e.g. RESTIC_CACHE_DIR. */
  env?: Record<string, string> | undefined;
}

export interface RunResult {
  code: number;
  /** stdout's JSON values, when collect is on. */
  messages: unknown[];
  /** stderr's text lines that were not JSON (restic's warnings). */
  warnings: string[];
  /** restic's exit_error message, when it exited with one and the code was accepted (okCodes). */
  exitMessage: string | null;
}

/** How long restic gets to clean up (remove its lock) after SIGINT before it is killed. */
const KILL_AFTER_MS = 15_000;

// ---- one restic process per repository --------------------------------------------

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same repository has finished. */
export function serialized<T>(repo: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(repo) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const tail = next.catch(() => undefined);
  queues.set(repo, tail);
  void tail.then(() => {
    if (queues.get(repo) === tail) queues.delete(repo);
  });
  return next;
}

// ---- the child process ---------------------------------------------------------------

export function childEnv(access: RepoAccess, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Only Backbeat says which repository and password restic uses.
    if (k.startsWith('RESTIC_') && k !== 'RESTIC_CACHE_DIR') continue;
    env[k] = v;
  }
  return { ...env, ...extra, RESTIC_REPOSITORY: access.repo, ...passwordEnv(access.password) };
}

function lines(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk.toString('utf8');
      let nl: number;
      while ((nl = rest.indexOf('\n')) !== -1) {
        onLine(rest.slice(0, nl));
        rest = rest.slice(nl + 1);
      }
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** The message restic gave for its exit, from its exit_error JSON or its last stderr line. */
export function resticReason(exitMessage: string | null, warnings: readonly string[]): string {
  const text = exitMessage ?? warnings.filter((w) => w.trim()).at(-1) ?? '';
  return text
    .replace(/^Fatal:\s*/, '')
    .split('\n')[0]!
    .trim();
}

export class ResticExitError extends ContractError {
  constructor(
    code: ConstructorParameters<typeof ContractError>[0],
    message: string,
    readonly exitCode: number,
    /** restic stopped because a disk it wrote to is full (the message says which). */
    readonly diskFull = false,
  ) {
    super(code, message);
  }
}

/**
 * "write /repo/data/c7/...-tmp-123: no space left on device" in words: which disk is full
 * and what to do. restic writes packs under temporary names, so a cut write is never
 * part of the repository, and a snapshot is saved only after all its data is.
 */
function diskFullSentence(access: RepoAccess, reason: string): string {
  const repo = access.repo.replace(/[/\\]+$/, '');
  if (reason.includes(repo)) {
    return (
      `The disk of the repository at ${repo} is full: restic could not write to it. ` +
      'Free some space on that disk (or move the repository to a larger one) and try again; ' +
      'nothing unfinished was saved.'
    );
  }
  const where = /(?:write|open|mkdir|create)\s+(\S+?):\s*no space/i.exec(reason)?.[1];
  return `A disk is full${where ? ` (restic could not write ${where})` : ''}. Free some space on it and try again.`;
}

/** The error for a restic exit code, in words that say what to do. */
export function failure(access: RepoAccess, exitCode: number, reason: string): ResticExitError {
  switch (exitCode) {
    case 10:
      return new ResticExitError(
        'not-found',
        `There is no restic repository at ${access.repo}. Create one with "backbeat repo init", or check that its disk is connected.`,
        exitCode,
      );
    case 11:
      return new ResticExitError(
        'locked',
        `The repository at ${access.repo} is in use by another restic (${reason}). Try again when it has finished.`,
        exitCode,
      );
    case 12:
      return new ResticExitError(
        'bad-arguments',
        `Wrong password for the repository at ${access.repo}. Nothing was changed.`,
        exitCode,
      );
    case 130:
      return new ResticExitError('cancelled', 'Cancelled; restic stopped.', exitCode);
    default:
      if (/no space left on device/i.test(reason)) {
        return new ResticExitError('io', diskFullSentence(access, reason), exitCode, true);
      }
      return new ResticExitError(
        'io',
        `restic failed (exit code ${exitCode}): ${reason || 'no reason given'}.`,
        exitCode,
      );
  }
}

/** Runs `restic --json <args>` against the repository and waits for it (not serialized: see runResticSerialized). */
export function runRestic(
  access: RepoAccess,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new ContractError('cancelled', 'Cancelled before restic started.'));
      return;
    }
    const child = spawn(access.restic.path, ['--json', ...args], {
      env: childEnv(access, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const messages: unknown[] = [];
    const warnings: string[] = [];
    let exitMessage: string | null = null;
    const out = lines((line) => {
      const value = parseJsonLine(line);
      if (value === null) {
        options.onText?.(line);
        return;
      }
      if (options.collect) messages.push(value);
      options.onMessage?.(value);
    });
    const err = lines((line) => {
      const value = parseJsonLine(line);
      const exit = value === null ? null : exitErrorSchema.safeParse(value);
      if (exit?.success) exitMessage = exit.data.message;
      else if (value !== null) options.onMessage?.(value);
      else {
        warnings.push(line);
        options.onWarning?.(line);
      }
    });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let killTimer: NodeJS.Timeout | null = null;
    const onAbort = (): void => {
      // SIGINT lets restic remove its lock and stop cleanly; a restic that hangs is killed.
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        new ContractError('not-applicable', `Could not start restic at ${access.restic.path}: ${e.message}`),
      );
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      out.end();
      err.end();
      if (signal?.aborted) {
        reject(new ContractError('cancelled', 'Cancelled; restic stopped.'));
        return;
      }
      const exitCode = code ?? (sig ? 128 : 1);
      if (exitCode === 0 || options.okCodes?.includes(exitCode)) {
        resolve({ code: exitCode, messages, warnings, exitMessage });
        return;
      }
      reject(failure(access, exitCode, resticReason(exitMessage, warnings)));
    });
  });
}

/**
 * Runs restic after any other run on the same repository in this process. A lock left
 * by a killed restic (exit 11) is handed to `restic unlock`, which removes only stale
 * locks (older than 30 minutes, or of a dead process on this host); then the command is
 * tried once more. A lock held by a live restic stays, and the error says so.
 */
export function runResticSerialized(
  access: RepoAccess,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return serialized(access.repo, async () => {
    try {
      return await runRestic(access, args, options);
    } catch (err) {
      if (!(err instanceof ResticExitError) || err.exitCode !== 11) throw err;
      // unlock reaches the repository the same way: its -o options and environment
      // (a destination's credentials).
      const leading: string[] = [];
      for (let i = 0; args[i] === '-o' && i + 1 < args.length; i += 2) leading.push('-o', args[i + 1]!);
      await runRestic(access, [...leading, 'unlock'], {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
      return runRestic(access, args, options);
    }
  });
}
