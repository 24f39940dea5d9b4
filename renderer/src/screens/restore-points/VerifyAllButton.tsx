// "Verify all": checks every restore point as one job. While it runs, its progress;
// afterwards how it went, in the same words Activity uses ("Partly done: 3 of 5
// verified" when some have problems), never "all fine" when they are not.
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { formatCount } from '../../format';
import { useStartJob } from '../../hooks/useStartJob';
import { stateLabel } from '../activity/JobRow';

export function VerifyAllButton({ disabled }: { disabled: boolean }) {
  const bridge = useBridge();
  const verify = useStartJob(() => bridge.startVerifyAll({}));
  const job = verify.job;
  const done = job && job.state !== 'running' ? job : null;
  return (
    <div className="verify-all">
      <button
        type="button"
        className="button"
        onClick={() => void verify.start(undefined)}
        disabled={disabled || verify.starting || verify.running}
      >
        Verify all
      </button>
      {job?.state === 'running' && <JobProgress job={job} />}
      <ErrorNotice title="Verify all could not start." message={verify.startError} />
      <span role="status" className="verify-all-outcome">
        {done?.state === 'succeeded' &&
          `All ${formatCount(done.tally?.total ?? 0)} restore points passed verification.`}
        {done?.state === 'partial' && `${stateLabel(done)}: see the marked rows.`}
        {done?.state === 'failed' && `Failed: ${done.error ?? 'no restore point passed verification.'}`}
        {done?.state === 'cancelled' && 'Verify all was cancelled.'}
      </span>
    </div>
  );
}
