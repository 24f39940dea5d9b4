// Worker handlers for restore preview and apply. Everything that unpacks, reads or writes
// the databases runs here, so the main thread never waits on SQLite (or a busy lock) and
// never does the unpacking's hashing and buffer work.
//
// A preview keeps its (possibly long) lists here and hands them out in pages (`take`), so
// no single message is big enough to stall the main thread while it is deserialised.
import type { LibraryVariant, TrackChange, UnmatchedTrack } from '../../shared/types';
import { ContractError } from '../../shared/errors';
import { readBackupMeta } from './backup-store';
import { decompressBackupToTemp } from './decompress';
import { detectVariant, openLibrary } from './library';
import { phaseContext } from './phase-context';
import { throwIfCancelled, type JobContext } from './progress';
import { applyAdditive, type AdditiveOutcome } from './restore-additive';
import { compareForPreview, type PreviewCounts } from './restore-compare';
import { replaceLibrary, type ReplaceOutcome } from './restore-replace';
import type { WorkerHandlers } from './worker-entry';

/** Which backup to unpack, and for which library. */
export interface BackupRef {
  libraryPath: string;
  backupDir: string;
  id: string;
  /** Share of this call's progress spent unpacking (the rest is the work itself). */
  unpackShare: number;
  busyTimeoutMs?: number;
}

/** What the `preview` handler answers; the lists themselves are fetched with `take`. */
export interface PreviewFacts extends PreviewCounts {
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

export interface ReplaceRef extends BackupRef {
  stamp: string;
}

const stored = new Map<string, { changes: TrackChange[]; unmatched: UnmatchedTrack[] }>();
let nextToken = 1;

/** Unpacks the backup to a private temp file, runs `work` on it, always removes it. */
async function withBackupCopy<T>(
  ref: BackupRef,
  ctx: JobContext,
  phase: { name: string; label: string },
  work: (copyPath: string, ctx: JobContext) => T | Promise<T>,
): Promise<T> {
  const temp = await decompressBackupToTemp(
    ref.backupDir,
    ref.id,
    phaseContext(ctx, [0, ref.unpackShare], 'decompress', 'Unpacking the backup'),
  );
  try {
    throwIfCancelled(ctx.signal);
    return await work(temp.path, phaseContext(ctx, [ref.unpackShare, 1], phase.name, phase.label));
  } finally {
    await temp.dispose();
  }
}

async function preview(ref: BackupRef, ctx: JobContext): Promise<PreviewFacts> {
  const meta = await readBackupMeta(ref.backupDir, ref.id);
  const result = await withBackupCopy(ref, ctx, { name: 'compare', label: 'Comparing tracks' }, (copy, c) =>
    compareForPreview(ref.libraryPath, copy, meta.stats, c),
  );
  const token = String(nextToken++);
  stored.set(token, { changes: result.changes, unmatched: result.unmatched });
  return {
    ...result.counts,
    token,
    changeCount: result.changes.length,
    unmatchedCount: result.unmatched.length,
  };
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

function additive(ref: BackupRef, ctx: JobContext): Promise<AdditiveOutcome> {
  return withBackupCopy(ref, ctx, { name: 'restore', label: 'Restoring analysis' }, (copy, c) =>
    applyAdditive(
      { libraryPath: ref.libraryPath, backupCopyPath: copy, busyTimeoutMs: ref.busyTimeoutMs },
      c,
    ),
  );
}

function replace(ref: ReplaceRef, ctx: JobContext): Promise<ReplaceOutcome> {
  return withBackupCopy(ref, ctx, { name: 'replace', label: 'Replacing the library' }, (copy, c) =>
    replaceLibrary(
      {
        libraryPath: ref.libraryPath,
        backupCopyPath: copy,
        stamp: ref.stamp,
        busyTimeoutMs: ref.busyTimeoutMs,
      },
      c,
    ),
  );
}

export const handlers: WorkerHandlers = {
  preview: (args, ctx) => preview(args as BackupRef, ctx),
  take: (args) => take(args as TakeArgs),
  libraryVariant: (args) => libraryVariant(args as { libraryPath: string }),
  additive: (args, ctx) => additive(args as BackupRef, ctx),
  replace: (args, ctx) => replace(args as ReplaceRef, ctx),
};
