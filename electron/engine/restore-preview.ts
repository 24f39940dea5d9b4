// Restore preview: decompress the backup to a temp file and compare it, track by track,
// with the live library. Changes nothing; the temp file is always removed.
//
// The library's format counts are read by a second worker while the backup decompresses
// (both take a fraction of a second on 30k tracks; in parallel the preview stays fast);
// the comparison runs in a worker too, so the main thread only relays small messages.
import path from 'node:path';
import type { FormatCounts, RestorePreviewSummary, TrackChange, UnmatchedTrack } from '../../shared/types';
import { decompressBackupToTemp, type TempDatabase } from './decompress';
import { sliceContext, throwIfCancelled, type JobContext } from './progress';
import type { PreviewFacts, TakeArgs } from './restore-worker';
import { EngineWorker } from './worker-client';

export interface RestorePreview {
  /** previewId is filled in by the caller that stores the preview (the service). */
  summary: Omit<RestorePreviewSummary, 'previewId'>;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

const WORKER_PATH = path.join(__dirname, 'restore-worker.js');
/** Items per message from the worker: small enough to deserialise in a few milliseconds. */
const PAGE_SIZE = 2000;
const ZERO_FORMATS: FormatCounts = { beat3tower: 0, legacy: 0, none: 0 };

/** Progress: decompress 0-45%, compare 45-100%. */
const DECOMPRESS_END = 0.45;

async function takeAll<T>(worker: EngineWorker, token: string, list: TakeArgs['list'], count: number): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < count; offset += PAGE_SIZE) {
    const args: TakeArgs = { token, list, offset, limit: PAGE_SIZE };
    const page = await worker.call<T[]>('take', args);
    for (const item of page) out.push(item);
  }
  return out;
}

function addFormats(a: FormatCounts, b: FormatCounts): FormatCounts {
  return { beat3tower: a.beat3tower + b.beat3tower, legacy: a.legacy + b.legacy, none: a.none + b.none };
}

/** Relabels the decompressor's progress as this job's `decompress` phase. */
function decompressContext(ctx: JobContext): JobContext {
  const slice = sliceContext(ctx, 0, DECOMPRESS_END);
  return {
    signal: ctx.signal,
    report: (u) => slice.report({ ...u, phase: 'decompress', label: u.label || 'Unpacking the backup' }),
  };
}

export async function previewRestore(options: {
  libraryPath: string;
  backupDir: string;
  id: string;
  ctx: JobContext;
}): Promise<RestorePreview> {
  const { ctx, id } = options;
  const libraryPath = path.resolve(options.libraryPath);
  const statsWorker = new EngineWorker(WORKER_PATH);
  const compareWorker = new EngineWorker(WORKER_PATH);
  const formatsBeforePromise = statsWorker.call<FormatCounts | null>('libraryFormats', { libraryPath }, ctx);
  // Awaited later; until then a failure must not surface as an unhandled rejection.
  formatsBeforePromise.catch(() => undefined);
  let temp: TempDatabase | null = null;
  try {
    ctx.report({ phase: 'decompress', label: 'Unpacking the backup', fraction: 0 });
    temp = await decompressBackupToTemp(options.backupDir, id, decompressContext(ctx));
    throwIfCancelled(ctx.signal);
    ctx.report({ phase: 'compare', label: 'Comparing tracks', fraction: DECOMPRESS_END });
    const facts = await compareWorker.call<PreviewFacts>(
      'preview',
      { libraryPath, backupCopyPath: temp.path },
      sliceContext(ctx, DECOMPRESS_END, 1),
    );
    const changes = await takeAll<TrackChange>(compareWorker, facts.token, 'changes', facts.changeCount);
    const unmatched = await takeAll<UnmatchedTrack>(compareWorker, facts.token, 'unmatched', facts.unmatchedCount);
    const formatsBefore = facts.featureAware ? ((await formatsBeforePromise) ?? ZERO_FORMATS) : ZERO_FORMATS;
    const formatsAfter = facts.featureAware ? addFormats(formatsBefore, facts.formatDelta) : ZERO_FORMATS;
    ctx.report({ phase: 'compare', label: 'Comparison done', fraction: 1 });
    return {
      summary: {
        backupId: id,
        featureAware: facts.featureAware,
        reason: facts.reason,
        toRestore: facts.toRestore,
        unchanged: facts.unchanged,
        notInLibrary: facts.notInLibrary,
        libraryOnly: facts.libraryOnly,
        matchedByPath: facts.matchedByPath,
        formatsBefore,
        formatsAfter,
      },
      changes,
      unmatched,
    };
  } finally {
    await Promise.all([statsWorker.terminate(), compareWorker.terminate()]);
    await temp?.dispose();
  }
}
