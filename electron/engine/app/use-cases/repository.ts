// Use cases of the library's restic repository (audio folders): create it, choose its
// folders, snapshot, browse, compare, check, restore files and export. Each operation
// takes its own locks; the password helpers are re-exported for the CLI's prompt.
export {
  addFolder,
  diffOperation,
  filesOperation,
  initRepository,
  listSnapshotsOperation,
  removeFolder,
  repositoryView,
  snapshotOperation,
  type RepoScope,
} from '../../repository/operations';
export { checkOperation } from '../../repository/check';
export { snapshotRetentionOperation } from '../../repository/forget';
export { crosscheckOperation } from '../../repository/crosscheck';
export { archiveFormatOf, exportOperation } from '../../repository/export';
export { applyRestoreFiles, previewRestoreFiles } from '../../repository/restore-files';
export type { RestoreSelection } from '../../repository/restore-plan';
export {
  PASSWORD_FILE_ENV,
  passwordFileFrom,
  secretPassword,
  type RepoPassword,
} from '../../repository/repo-password';
