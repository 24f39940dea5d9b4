// What the retention policy would keep and why (previewRetention), and "Clean up now"
// behind a confirmation, run as a job (startRetention): progress here, an entry in
// Activity, and what it removed and freed once it ends.
import { useEffect, useId, useRef, useState } from 'react';
import type { RetentionPlan, RetentionPolicy } from '../../../../shared/schedule-types';
import { useBridge } from '../../bridge/bridge-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { JobProgress } from '../../components/JobProgress';
import { formatBytes, formatDateTime, formatTrigger, plural } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useStartJob } from '../../hooks/useStartJob';
import { isCleanupOutcome, type CleanupOutcome } from '../../schemas';

interface CleanupCardProps {
  /** The policy in the form; null while the form has problems. */
  policy: RetentionPolicy | null;
  onCleaned(): void;
}

export function CleanupCard({ policy, onCleaned }: CleanupCardProps) {
  const bridge = useBridge();
  const headingId = useId();
  const [plan, setPlan] = useState<RetentionPlan | null>(null);
  const planning = useAction(async (p: RetentionPolicy) =>
    setPlan(await bridge.previewRetention({ policy: p })),
  );
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<CleanupOutcome | null>(null);
  const [jobError, setJobError] = useState<string | null>(null);
  const cleaning = useStartJob(
    (args: { policy: RetentionPolicy }) => bridge.startRetention(args),
    (job) => {
      setResult(isCleanupOutcome(job.result) ? job.result : null);
      setJobError(job.state === 'failed' || job.state === 'cancelled' ? job.error : null);
      onCleaned();
      void loadPlan();
    },
  );
  const busy = planning.busy || cleaning.starting || cleaning.running;

  /** True once the plan for the current policy is shown (false: no policy, or it failed). */
  const loadPlan = async (): Promise<boolean> => (policy ? planning.run(policy) : false);

  const preview = async () => {
    setResult(null);
    setJobError(null);
    await loadPlan();
  };

  const askToClean = async () => {
    setResult(null);
    setJobError(null);
    if (await loadPlan()) setConfirming(true);
  };

  // A fresh preview is below the fold on small windows; bring it into view.
  const planView = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (plan) planView.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [plan]);

  const removeCount = plan ? plan.decisions.filter((d) => !d.keep).length : 0;

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Cleanup</h2>
        <span className="card-header-note">Uses the policy in the form above</span>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void preview()} disabled={!policy || busy}>
          Preview cleanup
        </button>
        <button
          type="button"
          className="button button-danger-quiet"
          onClick={() => void askToClean()}
          disabled={!policy || busy}
        >
          Clean up now...
        </button>
        {!policy && <span className="field-problem">Fix the policy above first.</span>}
      </div>
      <ErrorNotice title="The cleanup could not be worked out." message={planning.error} />
      <ErrorNotice title="The cleanup could not start." message={cleaning.startError} />
      {cleaning.job?.state === 'running' && <JobProgress job={cleaning.job} />}
      <div role="status">
        {jobError && <ErrorNotice title="The cleanup did not finish." message={jobError} />}
        {result && !jobError && (
          <Notice tone={(result.failures?.length ?? 0) > 0 ? 'warning' : 'success'}>
            Removed {plural(result.removed.length, 'backup')}
            {result.removed.length > 0 && ` (${formatBytes(result.freedBytes ?? 0)} freed)`}.
            {(result.failures ?? []).map((f) => ` ${f.id}: ${f.error}`).join('')}
          </Notice>
        )}
      </div>
      {plan && (
        <div ref={planView} className="cleanup-plan">
          <p>
            <span className="muted">Policy: </span>
            {plan.policyText} —{' '}
            {removeCount === 0
              ? 'nothing would be removed.'
              : `${plural(removeCount, 'backup')} would be removed.`}
          </p>
          {plan.decisions.length === 0 ? (
            <p className="muted">There are no backups yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="format-table report-table">
                <caption className="visually-hidden">Cleanup preview</caption>
                <thead>
                  <tr>
                    <th scope="col">Backup</th>
                    <th scope="col">Created</th>
                    <th scope="col">Trigger</th>
                    <th scope="col" className="cell-num">
                      Size
                    </th>
                    <th scope="col">Decision</th>
                    <th scope="col">Kept by</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.decisions.map((d) => (
                    <tr key={d.id} className={d.keep ? undefined : 'row-remove'}>
                      <th scope="row" className="cell-wrap">
                        {d.entry.name ?? <span className="mono">{d.id}</span>}
                      </th>
                      <td className="nowrap">{formatDateTime(d.entry.createdAt)}</td>
                      <td>{formatTrigger(d.entry.trigger)}</td>
                      <td className="cell-num">{formatBytes(d.entry.sizeBytes)}</td>
                      <td>
                        <span className={d.keep ? 'decision decision-keep' : 'decision decision-remove'}>
                          {d.keep ? 'Keep' : 'Remove'}
                        </span>
                      </td>
                      <td className="cell-wrap">
                        {d.reasons.length > 0 ? d.reasons.map((r) => r.text).join('; ') : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {confirming && plan && policy && (
        <ConfirmDialog
          title="Clean up backups now?"
          confirmLabel={removeCount === 0 ? 'Clean up' : `Remove ${plural(removeCount, 'backup')}`}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false);
            await cleaning.start({ policy });
          }}
        >
          <p>
            {removeCount === 0
              ? 'The policy keeps every backup, so nothing will be removed.'
              : `${plural(removeCount, 'backup')} will be deleted from the backup folder for good; ${formatCountText(plan.decisions.length - removeCount)} kept.`}
          </p>
          <p className="muted">Policy: {plan.policyText}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function formatCountText(n: number): string {
  return plural(n, 'backup');
}
