// Restore preview: decompress the backup to a temp file and compare it, track by track,
// with the live library. Changes nothing.
// OWNER: restore helper.
import type { RestorePreviewSummary, TrackChange, UnmatchedTrack } from '../../shared/types';
import type { JobContext } from './progress';

export interface RestorePreview {
  /** previewId is filled in by the caller that stores the preview (the service). */
  summary: Omit<RestorePreviewSummary, 'previewId'>;
  changes: TrackChange[];
  unmatched: UnmatchedTrack[];
}

export async function previewRestore(options: {
  libraryPath: string;
  backupDir: string;
  id: string;
  ctx: JobContext;
}): Promise<RestorePreview> {
  void options;
  throw new Error('not implemented');
}
