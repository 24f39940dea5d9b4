// `copy`: the library's snapshots that a destination lacks, copied there by restic
// (`copy --from-repo`). restic copies pack by pack and writes a snapshot only once all
// its data is there, so a copy cut off half-way leaves no broken snapshot, and the
// next copy skips the packs already stored: it completes without starting over.
// An unreachable destination is said so at once and nothing is attempted; the others
// are still copied. lastCopy is recorded only when a copy finished.
import { z } from 'zod';
import type { CopyOutcome, CopyResult } from '../../../shared/destination-types';
import { ContractError } from '../../../shared/errors';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { libraryKey } from '../repository/repo-config';
import { findRestic } from '../repository/restic-discovery';
import { runResticSerialized, type RepoAccess } from '../repository/restic-runner';
import { BACKBEAT_TAG, libraryTag } from '../repository/snapshot-tags';
import { listLibrarySnapshots } from '../repository/snapshots';
import { fromPasswordEnv } from './credentials';
import { destAccess, runOptions, type DestAccess } from './dest-access';
import { destinationsOf, findDestination, localRepoOf, recordCopy, type DestScope } from './operations';
import { assertReachable } from './reachability';
import { sizeOrUndefined } from './size';
import { watched, type Watchdog } from './watchdog';

const destSnapshotsSchema = z.array(z.object({ id: z.string(), original: z.string().optional() })).nullable();

/** Ids (own and original) of the snapshots a destination holds. */
async function heldIds(d: DestAccess, wd: Watchdog): Promise<Set<string>> {
  const res = await runResticSerialized(
    d.access,
    [...d.optionArgs, 'snapshots'],
    runOptions(d, { signal: wd.signal, collect: true, onWarning: wd.onWarning }),
  );
  const parsed = destSnapshotsSchema.safeParse(res.messages[0] ?? []);
  if (!parsed.success) {
    throw new ContractError(
      'corrupt',
      `restic listed destination "${d.name}"'s snapshots in an unknown form.`,
    );
  }
  const ids = new Set<string>();
  for (const s of parsed.data ?? []) {
    ids.add(s.id);
    if (s.original) ids.add(s.original);
  }
  return ids;
}

/** restic's copy prints text only: "snapshot <id> of [...]" per snapshot, then "[0:01] 42.00%  3 / 7 packs copied". */
export function copyProgressTracker(total: number, report: (fraction: number, label: string) => void) {
  let started = 0;
  return (text: string): void => {
    for (const piece of text.split('\r')) {
      const line = piece.trim();
      if (/^snapshot [0-9a-f]+ of /.test(line)) {
        started += 1;
        report(Math.min(1, (started - 1) / Math.max(1, total)), `Copying snapshot ${started} of ${total}`);
        continue;
      }
      const m = /([\d.]+)%\s+(\d+) \/ (\d+) packs copied/.exec(line);
      if (m && started > 0) {
        const inner = Math.min(1, Number(m[1]) / 100);
        report(
          Math.min(1, (started - 1 + inner) / Math.max(1, total)),
          `Copying snapshot ${started} of ${total}: ${m[2]} of ${m[3]} packs`,
        );
      }
    }
  };
}

async function copyOne(
  scope: DestScope,
  local: RepoAccess,
  name: string,
  ctx: JobContext,
): Promise<CopyOutcome> {
  const started = Date.now();
  const dest = findDestination(scope, name);
  const d = await destAccess(
    local.restic,
    dest,
    () => Promise.resolve(local.password),
    scope.destPasswordFile,
    scope.secrets,
  );
  const outcome = (o: Partial<CopyOutcome>): CopyOutcome => ({
    name,
    location: dest.location,
    status: 'failed',
    snapshotsCopied: 0,
    lastCopy: null,
    error: null,
    seconds: (Date.now() - started) / 1000,
    ...o,
  });
  // Each restic run against the destination is watched (watchdog.ts): a server gone,
  // refused keys or no progress stop restic with a sentence instead of its long retries.
  const watch = scope.idleMs !== undefined ? { idleMs: scope.idleMs } : {};
  try {
    await assertReachable(name, d.parsed, dest.options);
    const key = libraryKey(scope.libraryPath);
    const [mine, held] = await Promise.all([
      listLibrarySnapshots(local, key, ctx.signal),
      watched(d, 'copy', dest.options, ctx.signal, watch, (wd) => heldIds(d, wd)),
    ]);
    // What `dest prune` removed there stays removed: it is not copied again.
    const pruned = new Set(dest.pruned);
    const missing = mine.filter((s) => !held.has(s.id) && !pruned.has(s.id));
    const skipsPruned = mine.some((s) => !held.has(s.id) && pruned.has(s.id));
    if (missing.length > 0) {
      await watched(d, 'copy', dest.options, ctx.signal, watch, (wd) => {
        let lastLabel = '';
        const track = copyProgressTracker(missing.length, (fraction, label) => {
          // A new snapshot or another pack stored: restic is getting somewhere.
          if (label !== lastLabel) wd.progress();
          lastLabel = label;
          ctx.report({ phase: 'copy', label: `${name}: ${label}`, fraction });
        });
        return runResticSerialized(
          d.access,
          [
            ...d.optionArgs,
            'copy',
            '--from-repo',
            local.repo,
            // Named one by one only when some are left out (a long list otherwise).
            ...(skipsPruned ? missing.map((s) => s.id) : ['--tag', `${BACKBEAT_TAG},${libraryTag(key)}`]),
          ],
          runOptions(d, {
            signal: wd.signal,
            onText: track,
            onWarning: wd.onWarning,
            // Progress lines even without a terminal (restic prints none otherwise).
            env: { ...fromPasswordEnv(local.password), RESTIC_PROGRESS_FPS: '2' },
          }),
        );
      });
    }
    throwIfCancelled(ctx.signal);
    // Measured when the copy changed it (or it was never measured); kept with its record.
    const size = missing.length > 0 || dest.size === null ? await sizeOrUndefined(d, ctx.signal) : undefined;
    throwIfCancelled(ctx.signal);
    const at = (scope.now ?? (() => new Date()))();
    await recordCopy(scope, name, at, size, new Set(mine.map((s) => s.id)));
    return outcome({
      status: missing.length > 0 ? 'copied' : 'up-to-date',
      snapshotsCopied: missing.length,
      lastCopy: at.toISOString(),
    });
  } catch (err) {
    if (err instanceof ContractError && err.code === 'cancelled') throw err;
    // The user's cancel (a watchdog's stop leaves the job's own signal alone).
    if (ctx.signal.aborted)
      throw new ContractError('cancelled', 'Cancelled; the next copy picks up where this one stopped.');
    if (!(err instanceof ContractError)) throw err;
    return outcome({ error: err.message });
  }
}

/** Copies to one destination (--to NAME) or to each in turn; one failing does not stop the others. */
export async function copyOperation(
  scope: DestScope,
  o: { to?: string; ctx: JobContext },
): Promise<CopyResult> {
  const names =
    o.to !== undefined ? [findDestination(scope, o.to).name] : destinationsOf(scope).map((d) => d.name);
  if (names.length === 0) {
    throw new ContractError(
      'not-found',
      'This library has no destinations yet. Add one with "backbeat dest add NAME LOCATION".',
    );
  }
  const restic = await findRestic(scope.env);
  const local: RepoAccess = { restic, repo: localRepoOf(scope), password: await scope.password() };
  const destinations: CopyOutcome[] = [];
  for (const name of names) destinations.push(await copyOne(scope, local, name, o.ctx));
  return { destinations };
}
