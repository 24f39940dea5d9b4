// What a finished copy did, per destination: how many snapshots it copied, that it was
// already up to date, or why it failed (a failed destination does not fail the job).
import type { JobInfo } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { plural } from '../../format';
import { parseCopyResult } from './copy-result';

export function CopyOutcomeNotice({ job }: { job: JobInfo }) {
  if (job.state === 'cancelled') {
    return <Notice tone="info">The copy was cancelled; the next copy picks up where it stopped.</Notice>;
  }
  if (job.state === 'failed') return <ErrorNotice title="The copy failed." message={job.error} />;
  const outcomes = parseCopyResult(job.result) ?? [];
  return (
    <>
      {outcomes.map((o) => {
        if (o.status === 'failed') {
          return (
            <ErrorNotice
              key={o.name}
              title={`Nothing was copied to “${o.name}”.`}
              message={o.error ?? 'The copy failed.'}
            />
          );
        }
        return (
          <Notice key={o.name} tone="success">
            {o.status === 'copied'
              ? `Copied ${plural(o.snapshotsCopied, 'snapshot')} to “${o.name}”.`
              : `“${o.name}” already had every snapshot; nothing needed copying.`}
          </Notice>
        );
      })}
    </>
  );
}
