// Worker handlers for restore preview and apply. Everything that reads or writes the
// databases runs here, so the main thread never waits on SQLite (or a busy lock).
// The backup arrives already unpacked into a private temp file (restore-unpack.ts, run by
// the caller, which also removes it), checked against its recorded checksum.
//
// A preview keeps its (possibly long) lists here and hands them out in pages (`take`), so
// no single message is big enough to stall the main thread while it is deserialised.
//
// Nothing imported here loads zod: the main thread validates the backup's metadata and
// sends the few facts needed. Loading zod would add ~100 ms to every start of this worker.
import path from 'node:path';
import type { RestoreKind } from '../../../shared/restore-kinds';
import type { LibraryVariant, TrackChange, TrackStats, UnmatchedTrack } from '../../../shared/types';
import { ContractError } from '../../../shared/errors';
import { detectVariant, openLibrary, schemaFingerprint } from '../library/library';
import type { JobContext } from '../runtime/progress';
import { applyAdditive, type AdditiveOutcome } from './restore-additive';
import { compareForPreview, type PreviewComparison, type PreviewCounts } from './restore-compare';
import { replaceLibrary, type ReplaceOutcome } from './restore-replace';
import { libraryFingerprinter, stillAsRestored, type UndoTracks } from './restore-undo-hash';
import { EngineWorker } from '../runtime/worker-client';
import type { WorkerHandlers } from '../runtime/worker-entry';

/** A library and the unpacked copy of a backup to restore or preview from. */
export interface CopyRef {
  libraryPath: string;
  /** The unpacked backup: a private temp file the caller removes afterwards. */
  copyPath: string;
  busyTimeoutMs?: number;
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

/** What the `preview` handler answers; the lists themselves are fetched with `take`. */
export interface PreviewFacts extends PreviewCounts {
  /** Undo previews: recorded tracks changed again since the restore (not listed). */
  changedSince: number;
  token: string;
  changeCount: number;
  unmatchedCount: number;
}

export interface TakeArgs {
  token: string;
  list: 'changes' | 'unmatched';
  offset: number;
  limit: number;
}

const stored = new Map<string, { changes: TrackChange[]; unmatched: UnmatchedTrack[] }>();
let nextToken = 1;

const HELPER_PATH = path.join(__dirname, 'restore-compare-worker.js');
/** A helper started ahead of the next preview (`startHelper`), or null. */
let earlyHelper: EngineWorker | null = null;

/**
 * Starts the next preview's helper now. Its start-up takes ~100 ms; begun while the caller
 * finishes unpacking, it is ready when the comparison starts.
 */
function startHelper(): null {
  earlyHelper ??= new EngineWorker(HELPER_PATH);
  return null;
}

async function preview(ref: PreviewRef, ctx: JobContext): Promise<PreviewFacts> {
  // A helper compares some of the tracks on the other core (restore-compare-split.ts).
  const takeHelper = (): EngineWorker => {
    const helper = earlyHelper ?? new EngineWorker(HELPER_PATH);
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
  const token = String(nextToken++);
  stored.set(token, { changes: result.changes, unmatched: result.unmatched });
  return {
    ...result.counts,
    changedSince,
    token,
    changeCount: result.changes.length,
    unmatchedCount: result.unmatched.length,
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

function take(args: TakeArgs): TrackChange[] | UnmatchedTrack[] {
  const entry = stored.get(args.token);
  if (!entry) throw new ContractError('internal', 'That preview is no longer held by its worker.');
  return entry[args.list].slice(args.offset, args.offset + args.limit);
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

export const handlers: WorkerHandlers = {
  startHelper: () => startHelper(),
  preview: (args, ctx) => preview(args as PreviewRef, ctx),
  take: (args) => take(args as TakeArgs),
  libraryVariant: (args) => libraryVariant(args as { libraryPath: string }),
  libraryFingerprint: (args) => libraryFingerprint(args as { libraryPath: string }),
  additive: (args, ctx) => additive(args as AdditiveRef, ctx),
  replace: (args, ctx) => replace(args as ReplaceRef, ctx),
};
