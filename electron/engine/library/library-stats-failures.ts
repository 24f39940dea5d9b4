// Library stats as users see them (CLI `stats`, the app's Library screen): variant A
// has no failure column, so getLibraryStats counts its failed analyses as pending.
// Backbeat records those failures in its own state folder (rescan/failure-store.ts);
// this layer moves the ones that still apply from `pending` to `failed`. Backup
// metadata keeps the plain counts: it describes the database file alone.
import type { LibraryStats } from '../../../shared/types';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  getLibraryStats,
  isBusyError,
  lockedError,
  openLibrary,
  type OpenOptions,
} from './library';
import { silentContext } from '../runtime/progress';
import { FailureStore } from '../rescan/failure-store';
import { runInWorker } from '../workers';

/**
 * How many tracks the state records as failed that are still in the library and still
 * have no features (a track analysed since, or deleted, no longer counts as failed).
 * Opens nothing when no failure is recorded, the usual case.
 */
export function countRecordedFailures(
  libraryPath: string,
  stateDir: string,
  options: OpenOptions = {},
): number {
  const failures = FailureStore.load(stateDir, libraryPath);
  if (failures.size === 0) return 0;
  const db = openLibrary(libraryPath, { ...options, readonly: true, scan: true });
  try {
    let failed = 0;
    // The store lists no ids, so walk the featureless rows: never more than the stats query reads.
    const rows = db.prepare('SELECT track_id AS trackId FROM tracks WHERE sonic_features IS NULL').iterate();
    for (const row of rows as Iterable<{ trackId: unknown }>) {
      if (failures.has(String(row.trackId))) failed++;
    }
    return failed;
  } catch (err) {
    if (isBusyError(err)) throw lockedError(libraryPath, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Moves `recordedFailed` variant A tracks from pending to failed. The two numbers come
 * from separate reads, so a rescan writing in between could make the count exceed
 * pending; it is capped so the counts still add up to the total.
 */
export function withRecordedFailures(stats: LibraryStats, recordedFailed: number): LibraryStats {
  if (stats.variant !== 'A' || recordedFailed <= 0) return stats;
  const moved = Math.min(recordedFailed, stats.pending);
  return { ...stats, pending: stats.pending - moved, failed: stats.failed + moved };
}

/** getLibraryStats with variant A's recorded failures; synchronous, for the CLI. */
export function readStatsWithFailures(
  libraryPath: string,
  stateDir: string,
  options: OpenOptions = {},
): LibraryStats {
  const stats = getLibraryStats(libraryPath, options);
  if (stats.variant !== 'A') return stats;
  return withRecordedFailures(stats, countRecordedFailures(libraryPath, stateDir, options));
}

/** The same off the main thread, for the app (a 300,000-track walk must not freeze the window). */
export function readStatsWithFailuresAsync(
  libraryPath: string,
  stateDir: string,
  options: OpenOptions = {},
): Promise<LibraryStats> {
  return runInWorker(
    'libraryStats',
    'statsWithFailures',
    { libraryPath, stateDir, options },
    silentContext(),
  );
}
