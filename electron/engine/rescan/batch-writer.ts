// Writes analysis results to the library in transactions of `batchSize` tracks, so
// a scan that is cancelled or killed keeps every finished batch and never leaves a
// half-written row. Variant A: sonic_features + sonic_features_updated_at (ISO).
// Variant B: sonic_features, sonic_analyzed_at (epoch s), sonic_source, and clears
// sonic_failed_at. Failures: sonic_failed_at (B) or Backbeat's state file (A); a
// failure never touches existing features.
import type Database from 'better-sqlite3';
import type { Db } from '../library/library';
import type { SonicSource } from '../analysis/layout';
import { crashPoint } from '../runtime/crash-points';
import { retryWhileBusy, type BusyRetryStats } from './busy-retry';
import type { FailureStore } from './failure-store';
import type { RescanMode } from './types';

export type TrackResult =
  | { trackId: string; filePath: string | null; ok: true; json: string; sonicSource: SonicSource }
  | { trackId: string; filePath: string | null; ok: false; reason: string };

export interface BatchOutcome {
  analysed: number;
  failed: TrackResult[];
  /** Rows that were gone or (safe mode) had gained features meanwhile. */
  untouched: number;
}

export class BatchWriter {
  private readonly writeOk: (r: Extract<TrackResult, { ok: true }>, now: Date) => number;
  private readonly writeFailed: ((r: Extract<TrackResult, { ok: false }>, now: Date) => number) | null;
  private readonly batchTx: Database.Transaction<(batch: TrackResult[], now: Date) => BatchOutcome>;

  constructor(
    private readonly db: Db,
    private readonly libraryPath: string,
    variant: 'A' | 'B',
    mode: RescanMode,
    private readonly failures: FailureStore | null,
    private readonly busy: BusyRetryStats,
  ) {
    // Safe mode never overwrites: a track that gained features meanwhile (the
    // generator running too) is left as it is.
    const guard = mode === 'safe' ? ' AND sonic_features IS NULL' : '';
    if (variant === 'A') {
      const stmt = db.prepare(
        `UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?${guard}`,
      );
      this.writeOk = (r, now) => stmt.run(r.json, now.toISOString(), r.trackId).changes;
      this.writeFailed = null;
    } else {
      const ok = db.prepare(
        `UPDATE tracks SET sonic_features = ?, sonic_analyzed_at = ?, sonic_source = ?, sonic_failed_at = NULL
          WHERE track_id = ?${guard}`,
      );
      const failed = db.prepare(`UPDATE tracks SET sonic_failed_at = ? WHERE track_id = ?${guard}`);
      const epoch = (d: Date): number => Math.floor(d.getTime() / 1000);
      this.writeOk = (r, now) => ok.run(r.json, epoch(now), r.sonicSource, r.trackId).changes;
      this.writeFailed = (r, now) => failed.run(epoch(now), r.trackId).changes;
    }
    this.batchTx = db.transaction((batch: TrackResult[], now: Date): BatchOutcome => {
      const out: BatchOutcome = { analysed: 0, failed: [], untouched: 0 };
      for (const r of batch) {
        if (r.ok) {
          if (this.writeOk(r, now) > 0) out.analysed++;
          else out.untouched++;
        } else {
          out.failed.push(r);
          if (this.writeFailed) this.writeFailed(r, now);
        }
      }
      // A test kills the process here (BACKBEAT_TEST_CRASH_AT): rows written, not committed.
      crashPoint('rescan-batch-written');
      return out;
    });
  }

  /** One transaction (BEGIN IMMEDIATE, retried while another writer holds the lock). */
  async write(batch: TrackResult[]): Promise<BatchOutcome> {
    const now = new Date();
    const outcome = await retryWhileBusy(
      this.libraryPath,
      () => this.batchTx.immediate(batch, now),
      this.busy,
    );
    if (this.failures) {
      for (const r of batch) {
        if (r.ok) this.failures.clear(r.trackId);
        else
          this.failures.record(r.trackId, {
            filePath: r.filePath,
            reason: r.reason,
            failedAt: now.toISOString(),
          });
      }
      await this.failures.save();
    }
    return outcome;
  }
}
