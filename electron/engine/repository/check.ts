// `restic check`: the repository's structure, and with a share of its data read back
// and verified. Its outcome is recorded for health (last-check.ts).
//
// restic check takes an exclusive lock, so a lock left by a killed restic (of a backup,
// say) stops it with exit 11. `restic unlock` removes only stale locks (of a dead process
// on this host, or older than 30 minutes); then the check is tried once more, and the
// result says a stale lock was cleared. A lock held by a live restic stays, and the error
// says so. Exit 1 with restic's summary is a finished check that found errors, not a
// failure to check.
import path from 'node:path';
import { z } from 'zod';
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import { withRepositoryLock } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import { recordLastCheck } from './last-check';
import { repoAccess, type RepoScope } from './operations';
import { checkSummarySchema } from './restic-messages';
import {
  failure,
  resticReason,
  ResticExitError,
  runRestic,
  serialized,
  type RepoAccess,
  type RunResult,
} from './restic-runner';

/** What restic check prints (on stderr, as JSON) for each problem it finds. */
const checkErrorSchema = z.object({ message_type: z.literal('error'), message: z.string() });

export interface CheckOptions {
  readDataPercent?: number;
  ctx: JobContext;
  /** For a destination: its `-o key=value` pairs and credentials, and how to name it. */
  optionArgs?: readonly string[];
  env?: Record<string, string>;
  where?: string;
  /** restic's warnings (a destination's watchdog reads its retries). */
  onWarning?: (line: string) => void;
}

function checkArgs(percent: number | undefined): string[] {
  if (percent === undefined) return ['check'];
  if (percent >= 100) return ['check', '--read-data'];
  return ['check', `--read-data-subset=${Number(percent.toFixed(4))}%`];
}

function what(percent: number): string {
  return percent > 0 ? `its structure and ${percent}% of its data` : 'its structure';
}

/** Runs the check against the repository; see the file comment. */
export async function runCheck(a: RepoAccess, o: CheckOptions): Promise<RepoCheckResult> {
  const { ctx } = o;
  const percent = o.readDataPercent === undefined ? 0 : Math.min(100, o.readDataPercent);
  const findings: string[] = [];
  let summary: z.infer<typeof checkSummarySchema> | null = null;
  const onMessage = (m: unknown): void => {
    const s = checkSummarySchema.safeParse(m);
    if (s.success) {
      summary = s.data;
      return;
    }
    const e = checkErrorSchema.safeParse(m);
    if (e.success) {
      for (const line of e.data.message.split('\n')) if (line.trim()) findings.push(line.trim());
    }
  };
  const lead = o.optionArgs ?? [];
  const args = [...lead, ...checkArgs(o.readDataPercent)];
  const env = o.env ? { env: o.env } : {};
  let staleLockCleared = false;
  ctx.report({ phase: 'check', label: `Checking ${what(percent)}`, fraction: 0 });
  const run = (): Promise<RunResult> =>
    runRestic(a, args, {
      signal: ctx.signal,
      okCodes: [1],
      onMessage,
      ...env,
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    });
  const res = await serialized(a.repo, async () => {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof ResticExitError) || err.exitCode !== 11) throw err;
      ctx.report({ phase: 'unlock', label: 'Removing a lock left by a stopped restic', fraction: 0 });
      await runRestic(a, [...lead, 'unlock'], { signal: ctx.signal, ...env });
      staleLockCleared = true;
      findings.length = 0;
      return run();
    }
  });
  const done = summary as z.infer<typeof checkSummarySchema> | null;
  // Exit 1 without a summary, or with restic's "unable to open repository" (restic 0.18
  // still prints a summary counting one error then, e.g. when an SFTP server refuses
  // the key): restic could not check at all, which is not a finding about the data.
  const unopened = findings.length === 0 && /unable to open repository/i.test(res.exitMessage ?? '');
  if (res.code !== 0 && (done === null || unopened))
    throw failure(a, res.code, resticReason(res.exitMessage, res.warnings));
  const brokenPacks = done?.broken_packs ?? [];
  const errorCount = Math.max(done?.num_errors ?? 0, res.code === 0 ? 0 : 1);
  ctx.report({ phase: 'check', label: 'Check done', fraction: 1 });
  const where = o.where ?? `the repository at ${a.repo}`;
  const ok = res.code === 0 && errorCount === 0;
  const message = ok
    ? `Checked ${what(percent)} of ${where}: no errors.`
    : `Checking ${what(percent)} of ${where} found ${errorCount === 1 ? 'an error' : `${errorCount} errors`}` +
      (brokenPacks.length
        ? ` (${brokenPacks.length} damaged pack file${brokenPacks.length === 1 ? '' : 's'})`
        : '') +
      `: ${findings[0] ?? resticReason(res.exitMessage, res.warnings)}`.replace(/[.:]?$/, '.');
  return {
    outcome: ok ? 'ok' : 'errors',
    message,
    errors: ok ? [] : findings,
    brokenPacks,
    readDataPercent: percent,
    staleLockCleared,
    repo: a.repo,
    checkedAt: new Date().toISOString(),
  };
}

/** Checks the library's repository and records the outcome for health. */
export async function checkOperation(scope: RepoScope, o: CheckOptions): Promise<RepoCheckResult> {
  // The repository lock only (library/lock.ts): a long --read-data check must not hold
  // up the database backups, and a copy or snapshot is refused busy up front instead of
  // by restic's exclusive check lock half-way.
  return withRepositoryLock(scope.libraryPath, 'checking the repository', async () => {
    const result = await runCheck(await repoAccess(scope), o);
    await recordLastCheck(scope.dataDir, path.resolve(scope.libraryPath), result);
    return result;
  });
}
