// One valid argument object per contract method. Typed as a mapped type, so adding a
// method to the contract fails the build here until the transport tests cover it.
import type { MethodArgs, MethodName } from '../../../shared/contract';

export const SAMPLE_ARGS: { [M in MethodName]: MethodArgs<M> } = {
  getAppInfo: {},
  getSettings: {},
  setLibrary: { path: '/music/library.db' },
  setBackupDir: { path: null },
  chooseLibraryFile: {},
  chooseBackupDir: {},
  createDemoLibrary: { tracks: 5 },
  getOverview: {},
  listBackups: {},
  getBackup: { id: '20250101-120000-abcd' },
  startBackup: { name: 'before rescan' },
  startVerify: { id: '20250101-120000-abcd' },
  startRestorePreview: { id: '20250101-120000-abcd' },
  getRestorePreviewPage: { previewId: 'p1', offset: 0, limit: 50, filter: 'daft' },
  startRestore: { id: '20250101-120000-abcd', mode: 'additive' },
  setPinned: { id: '20250101-120000-abcd', pinned: true },
  deleteBackup: { id: '20250101-120000-abcd' },
  cleanup: { keep: 3, dryRun: true },
  listJobs: {},
  cancelJob: { jobId: 'job-1' },
  getRescanPlan: { mode: 'force', limit: 10 },
  startRescan: { mode: 'force', confirm: 'YES', workers: 2 },
  getSchedule: {},
  setSchedule: { enabled: true, schedule: { kind: 'daily', time: '03:00' }, retention: { keepLast: 5 } },
  previewRetention: { policy: { daily: 7 } },
  applyRetention: { dryRun: true },
  getStatus: {},
};
