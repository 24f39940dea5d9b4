// What a restore would change, track by track, as the preview lists it: format, bpm, key
// strength and analysis time before and after. Only changed tracks get here, so only their
// feature documents are read into JavaScript and summarised.
import { kindOfChange } from '../../../shared/restore-kinds';
import type { FeatureFormat, FormatCounts, TrackChange } from '../../../shared/types';
import type { Db } from '../library/library';
import { summarizeColumn } from '../library/features';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { BACKUP_SCHEMA } from './restore-db';
import { columnOrNull, yieldToEventLoop, type ChangedPair } from './track-matching';

export interface DescribeOptions {
  variant: 'A' | 'B';
  analyzedAtColumn: string;
  libraryColumns: ReadonlySet<string>;
  backupColumns: ReadonlySet<string>;
  ctx: JobContext;
  progress: [number, number];
}

const CANCEL_CHECK_EVERY = 500;

/** Analysis time as ISO text: variant A stores text already, variant B epoch seconds. */
export function analyzedAtIso(value: unknown, variant: 'A' | 'B'): string | null {
  if (value === null || value === undefined) return null;
  if (variant === 'B' && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  if (variant === 'B' && typeof value === 'bigint') return new Date(Number(value) * 1000).toISOString();
  return typeof value === 'string' ? value : String(value);
}

function textOrNull(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

/** One TrackChange per changed pair, plus how the library's format counts move. */
export async function describeChanges(
  db: Db,
  pairs: readonly ChangedPair[],
  options: DescribeOptions,
): Promise<{ changes: TrackChange[]; formatDelta: FormatCounts }> {
  const { libraryColumns: lc, backupColumns: bc, analyzedAtColumn: at, ctx } = options;
  const detail = db
    .prepare(
      `SELECT ${columnOrNull('lt', 'artist', lc)}, ${columnOrNull('lt', 'title', lc)}, lt.file_path,
              ${columnOrNull('bt', 'artist', bc)}, ${columnOrNull('bt', 'title', bc)}, bt.file_path,
              lt.sonic_features, bt.sonic_features, lt."${at}", bt."${at}"
         FROM ${BACKUP_SCHEMA}.tracks AS bt, main.tracks AS lt
        WHERE bt.track_id = ? AND lt.track_id = ?`,
    )
    .raw();
  const formatDelta: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };
  const move = (from: FeatureFormat, to: FeatureFormat) => {
    formatDelta[from]--;
    formatDelta[to]++;
  };
  const changes: TrackChange[] = [];
  const [start, end] = options.progress;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const row = detail.get(pair.backupTrackId, pair.libraryTrackId) as unknown[] | undefined;
    if (!row) continue; // cannot happen inside the caller's transaction; skip rather than fail
    const before = summarizeColumn(row[6]);
    const after = summarizeColumn(row[7]);
    move(before.format, after.format);
    changes.push({
      trackId: pair.backupTrackId,
      libraryTrackId: pair.libraryTrackId,
      matchedBy: pair.matchedBy,
      artist: textOrNull(row[0]) ?? textOrNull(row[3]),
      title: textOrNull(row[1]) ?? textOrNull(row[4]),
      filePath: textOrNull(row[2]) ?? textOrNull(row[5]),
      formatBefore: before.format,
      formatAfter: after.format,
      bpmBefore: before.bpm,
      bpmAfter: after.bpm,
      keyStrengthBefore: before.keyStrength,
      keyStrengthAfter: after.keyStrength,
      analyzedAtBefore: analyzedAtIso(row[8], options.variant),
      analyzedAtAfter: analyzedAtIso(row[9], options.variant),
      kind: kindOfChange(before.format, after.format),
      // Needs the backup's time, which the caller knows (restore-preview.ts sets it).
      analysedSinceBackup: false,
    });
    if ((i + 1) % CANCEL_CHECK_EVERY === 0) {
      ctx.report({
        phase: 'compare',
        label: 'Summarising changed tracks',
        fraction: start + ((end - start) * (i + 1)) / pairs.length,
      });
      await yieldToEventLoop();
      throwIfCancelled(ctx.signal);
    }
  }
  return { changes, formatDelta };
}
