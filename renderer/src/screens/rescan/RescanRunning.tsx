// A running rescan: the job's bar (percent, ETA, Cancel) plus its counted progress:
// how many tracks are done, how fast, and which file is being analysed.
import type { JobInfo } from '../../../../shared/types';
import { Field } from '../../components/Field';
import { JobProgress } from '../../components/JobProgress';
import { formatCount, formatDecimal } from '../../format';

export function RescanRunning({ job }: { job: JobInfo }) {
  const items = job.progress.items ?? null;
  return (
    <div className="rescan-running" aria-label="Rescan progress" role="group">
      <JobProgress job={job} />
      {items && (
        <dl className="fields">
          <Field label="Tracks">
            {formatCount(items.done)} of {formatCount(items.total)} analysed
          </Field>
          <Field label="Speed">
            {items.perSecond === null ? 'Measuring…' : `${formatDecimal(items.perSecond, 1)} tracks/s`}
          </Field>
          <Field label="Current file" mono>
            {items.current ?? '—'}
          </Field>
        </dl>
      )}
    </div>
  );
}
