// Worker handlers for restore preview and apply. Everything that reads or writes the
// databases runs here, so the main thread never waits on SQLite (or a busy lock).
// The backup arrives already unpacked into a private temp file (restore-unpack.ts, run by
// the caller, which also removes it), checked against its recorded checksum.
//
// A preview's (possibly long) lists go back in its one answer as packed lists
// (runtime/packed-list.ts): the main thread unpacks them a part per turn of its event
// loop, so no single message stalls it, and this worker keeps nothing once it answered.
//
// A preview compares on both cores: this worker starts a helper worker of its own
// (restore-compare-worker.ts, see restore-compare-split.ts). It stays nested because the
// helper's transaction must start right after this worker's and be checked against it
// (data_version, read here), and because its ~100 ms start-up is begun from here while
// the unpacking still runs; started by the main thread, every chunk would go through it.
//
// Nothing imported here loads zod: the main thread validates the backup's metadata and
// sends the few facts needed. Loading zod would add ~100 ms to every start of this worker.
import type { RestoreKind } from '../../../shared/restore-kinds';
import type { LibraryVariant, TrackChange, TrackStats, UnmatchedTrack } from '../../../shared/types';
import { detectVariant, openLibrary, schemaFingerprint } from '../library/library';
import type { JobContext } from '../runtime/progress';
import { packList, type PackedList } from '../runtime/packed-list';
import { applyAdditive, type AdditiveOutcome } from './restore-additive';
import { compareForPreview, type PreviewComparison, type PreviewCounts } from './restore-compare';
import { replaceLibrary, type ReplaceOutcome } from './restore-replace';
import { libraryFingerprinter, stillAsRestored, type UndoTracks } from './restore-undo-hash';
import type { EngineWorker } from '../runtime/worker-client';
import type { WorkerMethods } from '../runtime/worker-protocol';
import { startWorker } from '../workers';
import type { RestoreCompareMethods } from './restore-compare-worker';

/** A library and the unpacked copy of a backup to restore or preview from. */
export interface CopyRef {
  libraryPath: string;
  /** The unpacked backup: a private temp file the caller removes afterwards. */
  copyPath: string;
  busyTimeoutMs?: number | undefined;
}

export interface PreviewRef extends CopyRef {
  /** The backup's track counts from its metadata (spare the preview recounting them). */
  stats: TrackStats;
  /** Previewing an undo: only the tracks the undone restore wrote and that still hold it. */
  undo?: UndoTracks | null;
}

export interface AdditiveRef extends CopyRef {
  include: RestoreKind[];
  undo: UndoTracks | null;
}

export interface ReplaceRef extends CopyRef {
  stamp: string;
  /** The job's owner tag (job-owner.ts): the worker's thread does not know it. */
  ownerTag: string;
}

/** What the `preview` handler answers. */
export interface PreviewFacts extends PreviewCounts {
  /** Undo previews: recorded tracks changed again since the restore (not listed). */
  changedSince: number;
  changes: PackedList<TrackChange>;
  unmatched: PackedList<UnmatchedTrack>;
}

/** A helper started ahead of the next preview (`startHelper`), or null. */
let earlyHelper: EngineWorker<RestoreCompareMethods> | null = null;

/**
 * Starts the next preview's helper now. Its start-up takes ~100 ms; begun while the caller
 * finishes unpacking, it is ready when the comparison starts.
 */
function startHelper(): null {
  earlyHelper ??= startWorker('restoreCompare');
  return null;
}

async function preview(ref: PreviewRef, ctx: JobContext): Promise<PreviewFacts> {
  // A helper compares some of the tracks on the other core (restore-compare-split.ts).
  const takeHelper = (): EngineWorker<RestoreCompareMethods> => {
    const helper = earlyHelper ?? startWorker('restoreCompare');
    earlyHelper = null;
    return helper;
  };
  let result: PreviewComparison;
  try {
    result = await compareForPreview(ref.libraryPath, ref.copyPath, ref.stats, ctx, takeHelper);
  } finally {
    // Not taken (a small library, or layouts that cannot be compared): stop it anyway.
    await earlyHelper?.terminate();
    earlyHelper = null;
  }
  let changedSince = 0;
  if (ref.undo) {
    const limited = limitToUndo(ref.libraryPath, result.changes, ref.undo);
    changedSince = limited.changedSince;
    // The tracks an undo leaves alone count as unchanged by it.
    result.counts.unchanged += result.changes.length - limited.changes.length - changedSince;
    result.counts.toRestore = limited.changes.length;
    result.changes = limited.changes;
  }
  return {
    ...result.counts,
    changedSince,
    changes: packList(result.changes),
    unmatched: packList(result.unmatched),
  };
}

/** The changes an undo would write: recorded tracks that still hold what the restore wrote. */
function limitToUndo(
  libraryPath: string,
  changes: TrackChange[],
  undo: UndoTracks,
): { changes: TrackChange[]; changedSince: number } {
  const db = openLibrary(libraryPath, { readonly: true });
  try {
    // One snapshot for every fingerprint; the undo itself checks again while writing.
    db.exec('BEGIN');
    const now = libraryFingerprinter(db, undo.columns);
    let changedSince = 0;
    const kept: TrackChange[] = [];
    for (const change of changes) {
      const verdict = stillAsRestored(undo, now, change.libraryTrackId);
      if (verdict === 'write') kept.push(change);
      else if (verdict === 'changed-since') changedSince++;
    }
    db.exec('COMMIT');
    return { changes: kept, changedSince };
  } finally {
    db.close();
  }
}

function libraryVariant(args: { libraryPath: string }): LibraryVariant {
  const db = openLibrary(args.libraryPath, { readonly: true });
  try {
    return detectVariant(db);
  } finally {
    db.close();
  }
}

function libraryFingerprint(args: { libraryPath: string }): string | null {
  const db = openLibrary(args.libraryPath, { readonly: true });
  try {
    return schemaFingerprint(db);
  } finally {
    db.close();
  }
}

function additive(ref: AdditiveRef, ctx: JobContext): Promise<AdditiveOutcome> {
  return applyAdditive(
    {
      libraryPath: ref.libraryPath,
      backupCopyPath: ref.copyPath,
      busyTimeoutMs: ref.busyTimeoutMs,
      include: ref.include,
      undo: ref.undo,
    },
    ctx,
  );
}

function replace(ref: ReplaceRef, ctx: JobContext): Promise<ReplaceOutcome> {
  return replaceLibrary(
    {
      libraryPath: ref.libraryPath,
      backupCopyPath: ref.copyPath,
      stamp: ref.stamp,
      ownerTag: ref.ownerTag,
      busyTimeoutMs: ref.busyTimeoutMs,
    },
    ctx,
  );
}

export const handlers = {
  startHelper,
  preview,
  libraryVariant,
  libraryFingerprint,
  additive,
  replace,
} satisfies WorkerMethods;

export type RestoreMethods = typeof handlers;
