// When the walk of a snapshot's paths (tree-state.ts) may run beside restic instead of
// before it. A first snapshot (or any with no newest snapshot to prove against) uses the
// walk only for the note kept for the next one (snapshot-unchanged-proof.ts), so it need
// not hold restic back: it runs while restic reads.
//
// A walk before restic is always safe to note: a change after the walk read an entry
// makes the next walk differ, so restic runs. Beside restic it is not: the walk could
// read an entry after a change that restic did not see, and the note would then claim
// the snapshot holds it. The kernel moves an entry's ctime on every change, so a walk
// in which no entry's ctime is as late as restic's start saw only what was there before
// restic began, which is what restic read. The margin covers the coarse clock the
// kernel stamps ctimes with (up to one tick, 4-10 ms, behind) and a clock being slewed,
// with room to spare; a change within it only costs the next snapshot a run of restic.
import type { TreeState } from './tree-state';

/** How much older than restic's start every ctime the walk saw must be. */
export const WALK_BESIDE_MARGIN_MS = 250;

/**
 * The walk's digest when it can be noted for a snapshot whose restic started at
 * `resticStartedMs` (Date.now() just before it was started); otherwise null, and the
 * next snapshot simply runs restic.
 */
export function walkDigestToNote(walk: TreeState | null, resticStartedMs: number): string | null {
  if (walk === null || walk.digest === null) return null;
  const limitNs = BigInt(Math.floor(resticStartedMs - WALK_BESIDE_MARGIN_MS)) * 1_000_000n;
  return BigInt(walk.newestCtimeNs) < limitNs ? walk.digest : null;
}
