// The rescan job: re-analyses tracks' audio in worker threads and writes beat3tower
// features back to the library.
//
// Safe by default: safe mode only fills tracks that have no features (and have not
// failed before, unless retryFailed). Force mode re-analyses every track, and only
// after the caller typed exactly `YES` and an auto_before_force backup succeeded; if
// that backup fails, nothing is changed. Results are written 50 tracks per
// transaction; a cancelled scan keeps what it finished. Callers hold the library lock.
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import { createBackup } from '../backup/backup';
import { openLibrary } from '../library/library';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import type { AnalyseOutcome } from './analyse-worker';
import { checkAudio, refuseWithoutAudio } from './audio-check';
import { BatchWriter, type TrackResult } from './batch-writer';
import { FailureStore } from './failure-store';
import { defaultWorkerCount, runAnalysisPool } from './pool';
import { selectTracks, type SelectedTrack } from './selection';
import { resolveTrackPath } from './track-path';
import { MAX_LISTED_FAILURES, type RescanOptions, type RescanSummary } from './types';

export const DEFAULT_BATCH_SIZE = 50;
/** The share of a force rescan's progress bar given to the safety backup. */
const BACKUP_SHARE = 0.1;

export const FORCE_CONFIRMATION = 'YES';

function checkConfirmation(options: RescanOptions): void {
  if (options.mode === 'force' && options.confirm !== FORCE_CONFIRMATION) {
    throw new ContractError(
      'bad-arguments',
      'A force rescan re-analyses every track and overwrites the analysis already there. ' +
        'To go ahead, confirm with exactly YES (capital letters, nothing else); a backup is made first.',
    );
  }
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1)) {
    throw new ContractError(
      'bad-arguments',
      'The number of rescan workers must be a whole number, at least 1.',
    );
  }
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new ContractError('bad-arguments', 'The rescan batch size must be a whole number, at least 1.');
  }
}

async function safetyBackup(options: RescanOptions, ctx: JobContext): Promise<string> {
  ctx.report({ phase: 'backup', label: 'Backing up the library before a force rescan', fraction: 0 });
  try {
    const meta = await createBackup({
      libraryPath: options.libraryPath,
      backupDir: options.backupDir,
      trigger: 'auto_before_force',
      appVersion: options.appVersion,
      ctx,
    });
    return meta.id;
  } catch (err) {
    if (err instanceof ContractError && err.code === 'cancelled') throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new ContractError(
      err instanceof ContractError ? err.code : 'io',
      `The backup before the force rescan failed, so nothing was rescanned and the library is unchanged. ${detail}`,
    );
  }
}

interface WorkItem {
  filePath: string;
  track: SelectedTrack;
}

function resultOf(item: WorkItem, outcome: AnalyseOutcome): TrackResult {
  const base = { trackId: item.track.trackId, filePath: item.track.filePath };
  return outcome.ok
    ? { ...base, ok: true, json: outcome.json, sonicSource: outcome.sonicSource }
    : { ...base, ok: false, reason: outcome.reason };
}

export async function runRescan(options: RescanOptions): Promise<RescanSummary> {
  checkConfirmation(options);
  const { ctx } = options;
  const started = performance.now();
  const { plan, tracks } = selectTracks(options);
  throwIfCancelled(ctx.signal);
  const summary: RescanSummary = {
    mode: options.mode,
    variant: plan.variant,
    selected: tracks.length,
    analysed: 0,
    failed: [],
    failedCount: 0,
    skipped: plan.totalTracks - tracks.length,
    cancelled: false,
    backupId: null,
    workers: 0,
    seconds: 0,
    tracksPerSecond: 0,
    busyRetries: 0,
  };
  const finish = (): RescanSummary => {
    summary.seconds = (performance.now() - started) / 1000;
    summary.tracksPerSecond = summary.seconds > 0 ? summary.analysed / summary.seconds : 0;
    return summary;
  };
  if (tracks.length === 0) {
    ctx.report({ phase: 'done', label: 'Nothing to rescan', fraction: 1 });
    return finish();
  }
  // Refused before the safety backup and before anything is written: with none of the
  // audio there (an unplugged drive), a scan would only mark every track as failed.
  ctx.report({ phase: 'audio-check', label: 'Looking for the audio files', fraction: 0 });
  refuseWithoutAudio(await checkAudio(options.libraryPath, tracks, ctx.signal));
  let scanCtx = ctx;
  if (options.mode === 'force') {
    summary.backupId = await safetyBackup(options, sliceContext(ctx, 0, BACKUP_SHARE));
    scanCtx = sliceContext(ctx, BACKUP_SHARE, 1);
  }
  throwIfCancelled(ctx.signal);

  // A file_path that is empty is a failure on its own; everything else goes to the pool.
  const items: WorkItem[] = [];
  const early: TrackResult[] = [];
  const byId = new Map<string, SelectedTrack>();
  for (const track of tracks) {
    byId.set(track.trackId, track);
    if (!track.filePath)
      early.push({ trackId: track.trackId, filePath: null, ok: false, reason: 'no file path' });
    else items.push({ filePath: resolveTrackPath(options.libraryPath, track.filePath), track });
  }

  const db = openLibrary(options.libraryPath, { busyTimeoutMs: 0 });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const busy = { retries: 0 };
  const failures = plan.variant === 'A' ? FailureStore.load(options.stateDir, options.libraryPath) : null;
  const writer = new BatchWriter(db, options.libraryPath, plan.variant, options.mode, failures, busy);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const pending: TrackResult[] = [...early];
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  // Tracks without a file path are already decided.
  let done = early.length;
  let current = '';
  // The live rate starts here, after a force rescan's safety backup.
  const analysisStarted = performance.now();

  const writeBatch = async (batch: TrackResult[]): Promise<void> => {
    const out = await writer.write(batch);
    summary.analysed += out.analysed;
    summary.skipped += out.untouched;
    summary.failedCount += out.failed.length;
    for (const f of out.failed) {
      if (summary.failed.length < MAX_LISTED_FAILURES && !f.ok) {
        const track = byId.get(f.trackId);
        summary.failed.push({
          trackId: f.trackId,
          artist: track?.artist ?? null,
          title: track?.title ?? null,
          filePath: f.filePath,
          reason: f.reason,
        });
      }
    }
    await options.onBatchCommitted?.(summary.analysed);
  };
  /** Queues full batches behind the write in progress; a failed write stops the scan. */
  const scheduleWrites = (all: boolean): Promise<void> => {
    writing = writing.then(async () => {
      while (writeError === null && (pending.length >= batchSize || (all && pending.length > 0))) {
        const batch = pending.splice(0, batchSize);
        try {
          await writeBatch(batch);
        } catch (err) {
          writeError = err;
          stop.abort();
        }
      }
    });
    return writing;
  };
  const report = (): void => {
    // The rate counts what the pool analysed: tracks decided up front (no file path)
    // took no time and would make the first figure absurd.
    const analysedHere = done - early.length;
    const elapsed = (performance.now() - analysisStarted) / 1000;
    const rate = analysedHere > 0 && elapsed > 0 ? analysedHere / elapsed : null;
    const speed = rate === null ? '' : ` (${rate.toFixed(1)} tracks/s)`;
    scanCtx.report({
      phase: 'analyse',
      label: `Analysed ${done} of ${tracks.length} tracks${speed}${current ? `: ${current}` : ''}`,
      fraction: done / tracks.length,
      // The same facts, typed, for screens (the label is for people and the CLI's bar).
      items: { done, total: tracks.length, perSecond: rate, current: current || null },
    });
  };

  const workers = Math.min(options.workers ?? defaultWorkerCount(), Math.max(1, items.length));
  summary.workers = workers;
  try {
    report();
    if (items.length > 0) {
      await runAnalysisPool(items, workers, stop.signal, {
        onStart: (item) => {
          current = item.track.filePath ?? path.basename(item.filePath);
          report();
        },
        onDone: (item, outcome) => {
          done++;
          pending.push(resultOf(item, outcome));
          report();
          if (pending.length >= batchSize) void scheduleWrites(false);
        },
      });
    }
    // Finished work is kept, cancelled or not.
    await scheduleWrites(true);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await writing.catch(() => undefined);
    db.close();
  }
  summary.busyRetries = busy.retries;
  if (writeError !== null) throw writeError;
  summary.skipped += tracks.length - done;
  summary.cancelled = ctx.signal.aborted;
  if (!summary.cancelled)
    scanCtx.report({ phase: 'done', label: `Analysed ${summary.analysed} tracks`, fraction: 1 });
  return finish();
}
