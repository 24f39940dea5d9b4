// Restore apply: additive (analysis columns of matched tracks, one transaction) or
// replace (the whole database), always after an auto_before_restore backup.
// OWNER: restore helper.
import type { RestoreMode, RestoreResult } from '../../shared/types';
import type { JobContext } from './progress';

export async function applyRestore(options: {
  libraryPath: string;
  backupDir: string;
  id: string;
  mode: RestoreMode;
  appVersion: string;
  ctx: JobContext;
}): Promise<RestoreResult> {
  void options;
  throw new Error('not implemented');
}
