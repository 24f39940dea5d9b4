// Restore preview: unpack the backup to a temp file and compare it, track by track, with
// the live library. Changes nothing; the temp file is always removed.
//
// The comparison runs in a worker (restore-worker.ts), which starts first so its start-up
// overlaps the rest. This thread validates the metadata and drives the unpacking (two gzip
// workers inflate and write; this thread reads and hashes each member, ~1 ms at a time),
// then relays progress and small messages; the results come back in pages. Format counts
// come from the backup's metadata plus the few tracks that do not match
// (restore-formats.ts), not from parsing the whole library.
import path from 'node:path';
import type { RestorePreviewSummary, TrackChange, UnmatchedTrack } from '../../shared/types';
import { readBackupMeta } from './backup-store';
import type { JobContext } from './progress';
import { unpackFactsOf, withUnpackedBackup } from './restore-unpack';
import type { PreviewFacts, PreviewRef, TakeArgs } from './restore-worker';
import { EngineWorker } from './worker-client';

export interface RestorePreview {
  /** previewId is filled in by the caller that stores the preview (the service). */
  summary: Omit<RestorePreviewSummary, 'previewId'>;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

const WORKER_PATH = path.join(__dirname, 'restore-worker.js');
/**
 * Items per message from the worker: small enough to deserialise in a couple of
 * milliseconds (2,000 changes took ~5 ms, a visible share of the 16 ms stall budget).
 */
const PAGE_SIZE = 1000;
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

async function takeAll<T>(
  worker: EngineWorker,
  token: string,
  list: TakeArgs['list'],
  count: number,
): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < count; offset += PAGE_SIZE) {
    const args: TakeArgs = { token, list, offset, limit: PAGE_SIZE };
    const page = await worker.call<T[]>('take', args);
    for (const item of page) out.push(item);
  }
  return out;
}

export async function previewRestore(options: {
  libraryPath: string;
  backupDir: string;
  id: string;
  ctx: JobContext;
}): Promise<RestorePreview> {
  const { ctx, id } = options;
  const worker = new EngineWorker(WORKER_PATH);
  try {
    // Fails (not-found, corrupt) before anything is unpacked.
    const meta = await readBackupMeta(options.backupDir, id);
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
        const ref: PreviewRef = { libraryPath, copyPath, stats: meta.stats };
        return worker.call<PreviewFacts>('preview', ref, compareCtx);
      },
    );
    const changes = await takeAll<TrackChange>(worker, facts.token, 'changes', facts.changeCount);
    const unmatched = await takeAll<UnmatchedTrack>(worker, facts.token, 'unmatched', facts.unmatchedCount);
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
        formatsBefore: facts.formatsBefore,
        formatsAfter: facts.formatsAfter,
      },
      changes,
      unmatched,
    };
  } finally {
    await worker.terminate();
  }
}
