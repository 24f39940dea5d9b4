// How a finished restore went, in sentences: what it wrote by kind, what it kept, and
// an "Undo restore" button that previews putting back exactly what it changed.
import { RESTORE_KINDS, type KindCounts } from '../../../../shared/restore-kinds';
import type { JobInfo } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { formatCount, plural } from '../../format';
import { isRestoreResult } from '../../schemas';

function byKind(counts: KindCounts): string {
  const parts = RESTORE_KINDS.filter((k) => counts[k] > 0).map((k) => `${formatCount(counts[k])} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export function RestoreResultNotice({ job, onUndo }: { job: JobInfo; onUndo(safetyBackupId: string): void }) {
  if (job.state === 'failed') return <ErrorNotice title="The restore failed." message={job.error} />;
  if (job.state === 'cancelled') {
    return <Notice tone="info">The restore was cancelled; the library was left as it was.</Notice>;
  }
  if (job.state !== 'succeeded') return null;
  const result = isRestoreResult(job.result) ? job.result : null;
  if (!result) return <Notice tone="success">The restore finished.</Notice>;
  const kept = RESTORE_KINDS.reduce((n, k) => n + result.keptByKind[k], 0);
  return (
    <Notice tone="success">
      <strong className="notice-title">
        {result.undo ? 'Undid the restore: put back ' : 'Restored '}
        {plural(result.restored, 'track')}
        {result.mode === 'replace' ? ' by replacing the whole database.' : '.'}
      </strong>{' '}
      {result.mode === 'additive' && (
        <span data-testid="restore-written">
          Written: {byKind(result.written)}.{kept > 0 && ` Kept as they were: ${byKind(result.keptByKind)}.`}{' '}
          {result.undo &&
            result.undo.changedSince > 0 &&
            `${plural(result.undo.changedSince, 'track')} changed since that restore kept their newer analysis. `}
        </span>
      )}
      Safety backup: <span className="mono">{result.safetyBackupId}</span>
      {result.savedLivePath && (
        <>
          {' '}
          · The previous database was saved as <span className="mono">{result.savedLivePath}</span>
        </>
      )}
      {result.undoable && (
        <div className="button-row notice-actions">
          <button type="button" className="button" onClick={() => onUndo(result.safetyBackupId)}>
            Undo restore
          </button>
        </div>
      )}
    </Notice>
  );
}
