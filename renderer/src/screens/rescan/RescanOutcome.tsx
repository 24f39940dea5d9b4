// How a finished rescan went: counts, the safety backup (force mode), and a table of
// the tracks that failed with the reason for each.
import { useId } from 'react';
import { failureName, type RescanSummaryView } from '../../../../shared/rescan-types';
import type { JobInfo } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { formatCount, plural } from '../../format';
import { isRescanSummary } from '../../schemas';
import { StatTile } from '../library/StatTile';

export function RescanOutcome({ job }: { job: JobInfo }) {
  const summary = isRescanSummary(job.result) ? job.result : null;
  // A rescan in which every track failed is a failed job that still carries its report.
  if (job.state === 'failed') {
    return (
      <>
        <ErrorNotice title="The rescan failed." message={job.error} />
        {summary && <RescanSummary summary={summary} cancelled={false} />}
      </>
    );
  }
  if (!summary) {
    return job.state === 'cancelled' ? (
      <Notice tone="info">The rescan was cancelled.</Notice>
    ) : (
      <Notice tone="success">The rescan finished.</Notice>
    );
  }
  return <RescanSummary summary={summary} cancelled={summary.cancelled || job.state === 'cancelled'} />;
}

function RescanSummary({ summary, cancelled }: { summary: RescanSummaryView; cancelled: boolean }) {
  const headingId = useId();
  const tableId = useId();
  const headline = cancelled
    ? `The rescan was cancelled after analysing ${plural(summary.analysed, 'track')}.`
    : summary.failedCount > 0 && summary.analysed === 0
      ? `No track was analysed: all ${formatCount(summary.failedCount)} failed.`
      : summary.failedCount > 0
        ? `Partly done: ${formatCount(summary.analysed)} of ${formatCount(summary.analysed + summary.failedCount)} tracks analysed, ${formatCount(summary.failedCount)} failed.`
        : `The rescan finished: ${plural(summary.analysed, 'track')} analysed.`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Rescan summary</h2>
        <span className="card-header-note">{summary.mode === 'force' ? 'Force mode' : 'Safe mode'}</span>
      </div>
      <Notice tone={cancelled ? 'info' : summary.failedCount > 0 ? 'warning' : 'success'}>{headline}</Notice>
      <div className="stat-grid stat-grid-4">
        <StatTile testId="rescan-analysed" label="Analysed" value={formatCount(summary.analysed)} />
        <StatTile
          testId="rescan-failed"
          label="Failed"
          value={formatCount(summary.failedCount)}
          tone={summary.failedCount > 0 ? 'warning' : undefined}
        />
        <StatTile testId="rescan-skipped" label="Skipped" value={formatCount(summary.skipped)} />
        <StatTile testId="rescan-cancelled" label="Cancelled" value={cancelled ? 'Yes' : 'No'} />
      </div>
      {summary.backupId && (
        <p>
          Safety backup made before the rescan: <span className="mono">{summary.backupId}</span>. Restore it
          from Restore points to undo the rescan.
        </p>
      )}
      {summary.failed.length > 0 && (
        <div className="failure-report">
          <h3 id={tableId} className="section-title">
            Failure report
            {summary.failed.length < summary.failedCount &&
              ` (first ${formatCount(summary.failed.length)} of ${formatCount(summary.failedCount)})`}
          </h3>
          <div className="table-scroll">
            <table className="format-table report-table failure-table" aria-labelledby={tableId}>
              <thead>
                <tr>
                  <th scope="col" className="col-track">
                    Track
                  </th>
                  <th scope="col">File</th>
                  <th scope="col" className="col-reason">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.failed.map((failure) => (
                  <tr key={failure.trackId}>
                    <td className="cell-wrap" title={`Track id ${failure.trackId}`}>
                      {failureName({
                        trackId: failure.trackId,
                        artist: failure.artist ?? null,
                        title: failure.title ?? null,
                        filePath: failure.filePath,
                      })}
                    </td>
                    <td className="mono cell-wrap">{failure.filePath ?? '—'}</td>
                    <td className="cell-wrap">{failure.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
