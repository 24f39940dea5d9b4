// Retention on a destination, as `dest prune` does it: a policy, then restic's own dry
// run as the preview (what it would keep, with its reasons, and remove), then Apply.
// Cancel has the focus from the start, so a stray Enter never removes anything; the
// preview and the prune are jobs, with progress and Cancel as any other.
import { useId, useRef, useState } from 'react';
import type { DestinationEntry } from '../../../../shared/destination-types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { formatBytes, formatDateTime, plural } from '../../format';
import { useBridge } from '../../bridge/bridge-context';
import { useStartJob } from '../../hooks/useStartJob';
import { parsePruneResult, type PruneOutcome } from './copy-result';

export const DEFAULT_DEST_POLICY = 'keep-last=5,daily=7,weekly=4,monthly=12';

interface PruneDestinationDialogProps {
  entry: DestinationEntry;
  onClose(): void;
  /** After the prune was applied (the list reloads: its size changed). */
  onPruned(result: PruneOutcome): void;
}

function SnapshotList({ title, items }: { title: string; items: PruneOutcome['keep'] }) {
  if (items.length === 0) return null;
  return (
    <section className="prune-list" aria-label={title}>
      <h3 className="prune-list-title">{title}</h3>
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            <span className="mono">{s.id.slice(0, 8)}</span> {formatDateTime(s.time)}
            {s.reasons.length > 0 && <span className="muted small"> — {s.reasons.join(', ')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PruneDestinationDialog({ entry, onClose, onPruned }: PruneDestinationDialogProps) {
  const bridge = useBridge();
  const titleId = useId();
  const policyId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [policy, setPolicy] = useState(DEFAULT_DEST_POLICY);
  const [preview, setPreview] = useState<PruneOutcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const start = (args: { policy: string; apply: boolean }) =>
    bridge.startDestinationPrune({ name: entry.name, ...args });
  const previewJob = useStartJob(start, (job) => {
    const result = parsePruneResult(job.result);
    setFailure(job.state === 'succeeded' ? null : (job.error ?? 'The preview could not run.'));
    setPreview(job.state === 'succeeded' ? result : null);
  });
  const applyJob = useStartJob(start, (job) => {
    const result = parsePruneResult(job.result);
    if (job.state === 'succeeded' && result) {
      onPruned(result);
      return;
    }
    setFailure(job.error ?? 'The prune did not finish; nothing is lost, and the copy stays usable.');
  });
  const busy = previewJob.running || previewJob.starting || applyJob.running || applyJob.starting;
  const running = applyJob.job?.state === 'running' ? applyJob.job : previewJob.job;
  const removeCount = preview?.remove.length ?? 0;

  return (
    <Dialog titleId={titleId} onClose={onClose} busy={busy} initialFocus={cancelButton}>
      <h2 id={titleId} className="dialog-title">
        Prune destination “{entry.name}”
      </h2>
      <div className="dialog-body">
        <p>
          Old snapshots on <span className="mono">{entry.location}</span> are removed by a policy, as restic
          forget --prune does it there. The newest snapshot is always kept; nothing on this machine changes.
        </p>
        <label htmlFor={policyId} className="dest-dialog-label">
          Keep
        </label>
        <div className="inline-row">
          <input
            id={policyId}
            className="input input-mono dest-policy-input"
            value={policy}
            disabled={busy}
            onChange={(e) => {
              setPolicy(e.target.value);
              setPreview(null);
            }}
          />
          <button
            type="button"
            className="button"
            disabled={busy || policy.trim() === ''}
            onClick={() => {
              setFailure(null);
              setPreview(null);
              void previewJob.start({ policy: policy.trim(), apply: false });
            }}
          >
            Preview
          </button>
        </div>
        <p className="muted small">
          keep-last, hourly, daily, weekly, monthly, yearly and within (e.g. within=30d), separated by commas.
        </p>
        {busy && running?.state === 'running' && <JobProgress job={running} />}
        <ErrorNotice message={previewJob.startError ?? applyJob.startError} />
        <ErrorNotice title="The prune could not run." message={failure} />
        {preview && (
          <div role="status" className="prune-preview">
            <p>
              <strong>
                {removeCount === 0
                  ? 'Nothing to remove: this policy keeps every snapshot there.'
                  : `Would remove ${plural(removeCount, 'snapshot')}, keep ${preview.keep.length}.`}
              </strong>
              {preview.size !== null && ` Its snapshots take ${formatBytes(preview.size)} there now.`}
            </p>
            <SnapshotList title="Would remove" items={preview.remove} />
            <SnapshotList title="Kept" items={preview.keep} />
          </div>
        )}
      </div>
      <div className="dialog-actions">
        <button ref={cancelButton} type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={busy || removeCount === 0}
          onClick={() => {
            setFailure(null);
            void applyJob.start({ policy: preview?.policy ?? policy.trim(), apply: true });
          }}
        >
          {removeCount === 0 ? 'Apply' : `Remove ${plural(removeCount, 'snapshot')}`}
        </button>
      </div>
    </Dialog>
  );
}
