// One part of a preview's comparison: pass 1 of the matching (by track_id) over a range
// of backup rows, and the descriptions of the changed tracks it found. The restore worker
// compares one part; a helper worker (restore-compare-worker.ts) can compare another at
// the same time, on its own connection (see restore-compare-split.ts).
import type { FormatCounts, TrackChange } from '../../../shared/types';
import type { Db } from '../library/library';
import type { JobContext } from '../runtime/progress';
import { describeChanges } from './restore-changes';
import type { Comparability } from './restore-db';
import { matchById, type IdMatch, type RowidRange } from './track-matching';

export type FeatureAware = Extract<Comparability, { featureAware: true }>;

export interface PartResult {
  idMatch: IdMatch;
  /** One per changed pair of `idMatch`, in the same order. */
  changes: TrackChange[];
  formatDelta: FormatCounts;
}

/** `rangeTracks`: how many backup rows `range` holds (for progress). */
export async function comparePart(
  db: Db,
  cmp: FeatureAware,
  range: RowidRange,
  rangeTracks: number,
  ctx: JobContext,
  progress: [number, number],
): Promise<PartResult> {
  const [start, end] = progress;
  // Matching reads every feature document; describing only the changed ones.
  const split = start + (end - start) * 0.75;
  // A part can be shorter than matchById's reporting interval: say at least where it starts.
  ctx.report({ phase: 'compare', label: 'Comparing tracks', fraction: start });
  const idMatch = await matchById(
    db,
    { columns: cmp.columns, backupColumns: cmp.backupColumns, ctx, progress: [start, split] },
    rangeTracks,
    range,
  );
  const { changes, formatDelta } = await describeChanges(db, idMatch.changed, {
    variant: cmp.variant,
    analyzedAtColumn: cmp.analyzedAtColumn,
    libraryColumns: cmp.libraryColumns,
    backupColumns: cmp.backupColumns,
    ctx,
    progress: [split, end],
  });
  return { idMatch, changes, formatDelta };
}
