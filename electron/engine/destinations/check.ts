// `check --dest NAME [--read-data PERCENT]`: restic's check of one destination's
// repository (its structure, and a sampled share of its data read back with
// --read-data-subset), reached with its own options and credentials. The outcome is
// kept with the destination, for `dest list` health and the Destinations screen.
import type { DestinationCheckResult } from '../../../shared/destination-types';
import { withRepositoryLock } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import { runCheck } from '../repository/check';
import { findRestic } from '../repository/restic-discovery';
import { destAccess } from './dest-access';
import { findDestination, recordCheck, type DestScope } from './operations';
import { assertReachable } from './reachability';
import { watched } from './watchdog';

export interface DestinationCheckOptions {
  name: string;
  readDataPercent?: number;
  ctx: JobContext;
}

/**
 * Under the repository lock (library/lock.ts), so no copy (copy-under-lock.ts) writes while restic checks;
 * restic's exclusive check lock would otherwise refuse one of them half-way.
 */
export async function checkDestinationOperation(
  scope: DestScope,
  o: DestinationCheckOptions,
): Promise<DestinationCheckResult> {
  const dest = findDestination(scope, o.name);
  return withRepositoryLock(scope.libraryPath, `checking destination "${dest.name}"`, () => check(scope, o));
}

async function check(scope: DestScope, o: DestinationCheckOptions): Promise<DestinationCheckResult> {
  const dest = findDestination(scope, o.name);
  const restic = await findRestic(scope.env);
  const d = await destAccess(restic, dest, scope.password, scope.destPasswordFile, scope.secrets);
  // Not reachable, refused keys (the watchdog stops restic's retries), wrong password, no
  // repository: said as for a copy, and not kept as a check's outcome (nothing was
  // checked). No stop for lack of progress: restic check reports none while it reads.
  const result = await watched(
    d,
    'check',
    dest.options,
    o.ctx.signal,
    { idleMs: null, resumable: false },
    async (wd) => {
      await assertReachable(dest.name, d.parsed, dest.options);
      return runCheck(d.access, {
        ctx: { ...o.ctx, signal: wd.signal },
        ...(o.readDataPercent !== undefined ? { readDataPercent: o.readDataPercent } : {}),
        optionArgs: d.optionArgs,
        env: d.env,
        where: `destination "${dest.name}" (${d.parsed.location})`,
        onWarning: wd.onWarning,
      });
    },
  );
  const record = {
    outcome: result.outcome,
    message: result.message,
    readDataPercent: result.readDataPercent,
    checkedAt: (scope.now ?? (() => new Date()))().toISOString(),
  };
  await recordCheck(scope, dest.name, record);
  return {
    ...record,
    name: dest.name,
    location: dest.location,
    errors: result.errors,
    staleLockCleared: result.staleLockCleared,
  };
}
