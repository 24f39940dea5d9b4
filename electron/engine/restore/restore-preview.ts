// Restore preview: unpack the backup to a temp file and compare it, track by track, with
// the live library. Changes nothing; the temp file is always removed.
//
// The comparison runs in a worker (restore-worker.ts), which starts first so its start-up
// overlaps the rest. This thread validates the metadata and drives the unpacking (two gzip
// workers inflate and write; this thread reads and hashes each member, ~1 ms at a time),
// then relays progress; the lists come back packed in the worker's answer and are unpacked
// a part per turn of the event loop (runtime/packed-list.ts). Format counts
// come from the backup's metadata plus the few tracks that do not match
// (restore-formats.ts), not from parsing the whole library.
import path from 'node:path';
import {
  DEFAULT_RESTORE_KINDS,
  RESTORE_KINDS,
  countForKinds,
  formatsAfterKinds,
  normaliseKinds,
  zeroKindCounts,
  type KindCounts,
  type RestoreKind,
} from '../../../shared/restore-kinds';
import type {
  BackupMeta,
  FormatCounts,
  RestorePreviewSummary,
  TrackChange,
  UndoScope,
  UnmatchedTrack,
} from '../../../shared/types';
import { readBackupMeta } from '../backup/backup-store';
import type { JobContext } from '../runtime/progress';
import { otherLibraryWarning } from './restore-other-library';
import { readUndoRecord } from './restore-undo-record';
import { unpackFactsOf, withUnpackedBackup } from './restore-unpack';
import type { PreviewRef } from './restore-worker';
import { unpackList } from '../runtime/packed-list';
import { startWorker } from '../workers';

export interface RestorePreview {
  /** previewId is filled in by the caller that stores the preview (the service). */
  summary: Omit<RestorePreviewSummary, 'previewId'>;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
  meta: BackupMeta;
}

/** Share of the progress bar for unpacking; the comparison takes the rest. */
const UNPACK_SHARE = 0.45;
/**
 * How far the unpacking gets before the worker starts its comparison helper: late enough
 * that the helper's start-up (~100 ms of CPU) takes little from the gzip workers, early
 * enough that it is ready when the comparison starts.
 */
const HELPER_START_AT = 0.75;

/** Passes `ctx` on, and calls `start` once the unpacking has got to HELPER_START_AT. */
function startingHelperAt(ctx: JobContext, start: () => void): JobContext {
  let started = false;
  return {
    signal: ctx.signal,
    report: (u) => {
      if (!started && u.phase === 'decompress' && u.fraction >= HELPER_START_AT * UNPACK_SHARE) {
        started = true;
        start();
      }
      ctx.report(u);
    },
  };
}

/** A change's library analysis is newer than the backup (a time that cannot be read is not). */
function analysedAfter(iso: string | null, backupMs: number): boolean {
  if (iso === null) return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && Number.isFinite(backupMs) && t > backupMs;
}

interface KindFacts {
  counts: KindCounts;
  analysedSinceBackup: KindCounts;
  deltas: Record<RestoreKind, FormatCounts>;
}

/** Counts the changes by kind, and marks those the library analysed after the backup was made. */
export function classifyChanges(changes: TrackChange[], backupCreatedAt: string): KindFacts {
  const backupMs = Date.parse(backupCreatedAt);
  const counts = zeroKindCounts();
  const since = zeroKindCounts();
  const deltas = Object.fromEntries(
    RESTORE_KINDS.map((k) => [k, { beat3tower: 0, legacy: 0, none: 0 }]),
  ) as Record<RestoreKind, FormatCounts>;
  for (const change of changes) {
    change.analysedSinceBackup = analysedAfter(change.analyzedAtBefore, backupMs);
    counts[change.kind]++;
    if (change.analysedSinceBackup) since[change.kind]++;
    deltas[change.kind][change.formatBefore]--;
    deltas[change.kind][change.formatAfter]++;
  }
  return { counts, analysedSinceBackup: since, deltas };
}

export interface PreviewRestoreOptions {
  libraryPath: string;
  backupDir: string;
  id: string;
  ctx: JobContext;
  /** The kinds `toRestore` counts; default fills and replaces (an undo counts every kind). */
  include?: readonly RestoreKind[];
  /** Preview undoing the restore whose safety backup `id` is. */
  undo?: boolean;
}

export async function previewRestore(options: PreviewRestoreOptions): Promise<RestorePreview> {
  const { ctx, id } = options;
  const worker = startWorker('restore');
  try {
    // Fails (not-found, corrupt) before anything is unpacked.
    const meta = await readBackupMeta(options.backupDir, id);
    const undoRecord = options.undo ? await readUndoRecord(options.backupDir, id) : null;
    const include = undoRecord
      ? [...RESTORE_KINDS]
      : normaliseKinds(options.include ?? DEFAULT_RESTORE_KINDS);
    const libraryPath = path.resolve(options.libraryPath);
    ctx.report({ phase: 'decompress', label: 'Unpacking the backup', fraction: 0 });
    const unpackCtx = startingHelperAt(ctx, () => {
      // Only a head start: without it the worker starts the helper when it needs it.
      worker.call('startHelper', null).catch(() => undefined);
    });
    const facts = await withUnpackedBackup(
      unpackFactsOf(options.backupDir, meta),
      unpackCtx,
      { unpackShare: UNPACK_SHARE, phase: 'compare', label: 'Comparing tracks' },
      async (copyPath, compareCtx) => {
        const ref: PreviewRef = {
          libraryPath,
          copyPath,
          stats: meta.stats,
          undo: undoRecord ? { columns: undoRecord.columns, tracks: undoRecord.tracks } : null,
        };
        return worker.call('preview', ref, compareCtx);
      },
    );
    const changes = await unpackList(facts.changes);
    const unmatched = await unpackList(facts.unmatched);
    const liveFingerprint = facts.featureAware
      ? await worker.call('libraryFingerprint', { libraryPath })
      : null;
    ctx.report({ phase: 'compare', label: 'Comparison done', fraction: 1 });
    const kinds = classifyChanges(changes, meta.createdAt);
    const undo: UndoScope | null = undoRecord
      ? {
          restoredFrom: undoRecord.restoredFrom,
          recorded: Object.keys(undoRecord.tracks).length,
          changedSince: facts.changedSince,
        }
      : null;
    const matched = facts.unchanged + changes.length + facts.changedSince;
    return {
      summary: {
        backupId: id,
        featureAware: facts.featureAware,
        reason: facts.reason,
        toRestore: countForKinds(kinds.counts, include),
        include,
        ...kinds.counts,
        analysedSinceBackup: kinds.analysedSinceBackup,
        kindFormatDeltas: kinds.deltas,
        otherLibrary:
          facts.featureAware && !undo
            ? otherLibraryWarning(
                meta,
                { path: libraryPath, schemaFingerprint: liveFingerprint },
                matched,
                matched + facts.notInLibrary,
              )
            : null,
        undo,
        unchanged: facts.unchanged,
        notInLibrary: facts.notInLibrary,
        libraryOnly: facts.libraryOnly,
        matchedByPath: facts.matchedByPath,
        formatsBefore: facts.formatsBefore,
        formatsAfter: formatsAfterKinds(facts.formatsBefore, kinds.deltas, include),
      },
      changes,
      unmatched,
      meta,
    };
  } finally {
    await worker.terminate();
  }
}
