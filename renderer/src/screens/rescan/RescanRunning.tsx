// A running rescan: the job's bar (percent, ETA, Cancel) plus the facts its label
// carries: how many tracks are done, how fast, and which file is being analysed.
import type { JobInfo } from '../../../../shared/types';
import { Field } from '../../components/Field';
import { JobProgress } from '../../components/JobProgress';
import { formatCount, formatDecimal } from '../../format';
import { parseRescanLabel } from './rescan-progress';

export function RescanRunning({ job }: { job: JobInfo }) {
  const facts = parseRescanLabel(job.progress.label);
  return (
    <div className="rescan-running" aria-label="Rescan progress" role="group">
      <JobProgress job={job} />
      {facts && (
        <dl className="fields">
          <Field label="Tracks">
            {formatCount(facts.done)} of {formatCount(facts.total)} analysed
          </Field>
          <Field label="Speed">
            {facts.tracksPerSecond === null ? '—' : `${formatDecimal(facts.tracksPerSecond, 1)} tracks/s`}
          </Field>
          <Field label="Current file" mono>
            {facts.currentFile ?? '—'}
          </Field>
        </dl>
      )}
    </div>
  );
}
