// Restore preview: unpack the backup to a temp file and compare it, track by track, with
// the live library. Changes nothing; the temp file is always removed.
//
// Unpacking and comparing both run in a worker (restore-worker.ts), so the main thread only
// relays progress and small messages; the results come back in pages. Format counts come
// from the backup's metadata plus the few tracks that do not match (restore-formats.ts),
// not from parsing the whole library.
import path from 'node:path';
import type { RestorePreviewSummary, TrackChange, UnmatchedTrack } from '../../shared/types';
import type { JobContext } from './progress';
import type { BackupRef, PreviewFacts, TakeArgs } from './restore-worker';
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
/** Share of the progress bar for unpacking; the comparison takes the rest. */
const UNPACK_SHARE = 0.45;

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
  const ref: BackupRef = {
    libraryPath: path.resolve(options.libraryPath),
    backupDir: options.backupDir,
    id,
    unpackShare: UNPACK_SHARE,
  };
  const worker = new EngineWorker(WORKER_PATH);
  try {
    ctx.report({ phase: 'decompress', label: 'Unpacking the backup', fraction: 0 });
    const facts = await worker.call<PreviewFacts>('preview', ref, ctx);
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
