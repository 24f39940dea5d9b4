// The real engine behind runSnapshotSteps: the repository's snapshot, forget, check
// and copy operations for one library, with the schedule's clock and state folder.
import type { JobContext } from '../runtime/progress';
import type { CopyResult } from '../../../shared/destination-types';
import { copyOperation } from '../destinations/copy';
import { underCopyLock, type LibraryLock } from '../destinations/copy-under-lock';
import { copyRound, fileCopyRetryStore } from '../destinations/copy-round';
import { destinationsOf, type DestScope } from '../destinations/operations';
import { checkOperation } from '../repository/check';
import { snapshotRetentionOperation } from '../repository/forget';
import { readLastCheck } from '../repository/last-check';
import { snapshotOperation } from '../repository/operations';
import type { Clock } from './clock';
import type { SnapshotStepDeps } from './scheduled-snapshot';

/** What one copy to `name` came to: null when it finished, else its sentence. */
export function copyOutcome(result: CopyResult, name: string): string | null {
  const outcome = result.destinations[0];
  if (!outcome) return `Nothing was copied to "${name}".`;
  return outcome.status === 'failed' ? (outcome.error ?? `The copy to "${name}" failed.`) : null;
}

/**
 * One copy to one destination, under the repository lock (copy-under-lock.ts): null when it
 * finished, else its sentence; ContractError('busy') when the repository was busy.
 */
export async function copyToOne(
  scope: DestScope,
  name: string,
  ctx: JobContext,
  lock?: LibraryLock,
): Promise<string | null> {
  const result = await underCopyLock(scope, [name], () => copyOperation(scope, { to: name, ctx }), lock);
  return copyOutcome(result, name);
}

export function engineSnapshotStepDeps(
  scope: DestScope,
  stateDir: string,
  clock: Clock,
  ctx: JobContext,
): SnapshotStepDeps {
  const destScope: DestScope = { ...scope, now: () => clock.now() };
  return {
    snapshot: () => snapshotOperation(scope, { trigger: 'scheduled', ctx }),
    forget: (policy) => snapshotRetentionOperation(scope, policy, { apply: true, signal: ctx.signal }),
    lastCheckAt: () => {
      const last = readLastCheck(scope.dataDir, scope.libraryPath);
      return last ? new Date(last.checkedAt) : null;
    },
    check: (readDataPercent) =>
      checkOperation(scope, { ...(readDataPercent > 0 ? { readDataPercent } : {}), ctx }),
    copies: () =>
      copyRound(
        {
          destinations: () => destinationsOf(scope).map((d) => d.name),
          attempt: (name) => copyToOne(destScope, name, ctx),
          store: fileCopyRetryStore(stateDir, scope.libraryPath),
          now: () => clock.now(),
        },
        'after-snapshot',
      ),
  };
}
