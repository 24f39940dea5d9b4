// The library's destinations: where each is, its last copy, its size there and its
// health sentence (copies and the last check), with Test, Check, Copy now, Schedule...,
// Prune... and Remove per row. A test's answer is shown under its row.
import { Fragment, useId } from 'react';
import type { DestinationEntry, DestinationTestResult } from '../../../../shared/destination-types';
import { formatBytes, formatDateTime, formatRelative } from '../../format';
import { useNow } from '../../hooks/useNow';
import { copyEveryText } from './copy-every';
import { DestinationActions, type DestinationActionsProps } from './DestinationActions';

/** What a row's Test button last said, or that it is still asking. */
export type TestState = { kind: 'testing' } | { kind: 'done'; result: DestinationTestResult };

interface DestinationTableProps extends Omit<DestinationActionsProps, 'entry' | 'testing'> {
  destinations: DestinationEntry[];
  tests: Record<string, TestState>;
}

const KIND_TEXT: Record<DestinationEntry['kind'], string> = {
  folder: 'Folder',
  sftp: 'SFTP',
  s3: 'S3',
  rest: 'REST server',
  rclone: 'rclone',
};

export function DestinationTable(props: DestinationTableProps) {
  const captionId = useId();
  const now = useNow();
  return (
    <div className="table-scroll dest-table-scroll">
      <table className="format-table report-table dest-table" aria-labelledby={captionId}>
        <caption id={captionId} className="visually-hidden">
          Destinations
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Location</th>
            <th scope="col">Last copy</th>
            <th scope="col">Size</th>
            <th scope="col">Health</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.destinations.map((d) => {
            const test = props.tests[d.name];
            return (
              <Fragment key={d.name}>
                <tr>
                  <th scope="row" className="dest-name">
                    {d.name}
                  </th>
                  <td className="dest-location">
                    <span className="mono" title={d.location}>
                      {d.location}
                    </span>
                    <span className="muted small">{KIND_TEXT[d.kind]}</span>
                  </td>
                  <td>
                    {d.lastCopy ? (
                      <span title={formatDateTime(d.lastCopy)}>{formatRelative(d.lastCopy, now)}</span>
                    ) : (
                      <span className="muted">Never</span>
                    )}
                    {d.copyEveryHours !== null && (
                      <span className="muted small dest-schedule-note">
                        {copyEveryText(d.copyEveryHours)}
                      </span>
                    )}
                  </td>
                  <td className="dest-size">
                    {d.size === null ? (
                      <span className="muted">Not measured</span>
                    ) : (
                      <span title="What its snapshots take there, measured after the last copy">
                        {formatBytes(d.size)}
                      </span>
                    )}
                  </td>
                  <td className="dest-health-cell">
                    <span
                      className={`dest-health dest-health-${d.health.level}`}
                      title={d.lastCheck ? `Last check: ${formatDateTime(d.lastCheck.checkedAt)}` : undefined}
                    >
                      {d.health.text}
                    </span>
                  </td>
                  <td>
                    <DestinationActions {...props} entry={d} testing={test?.kind === 'testing'} />
                  </td>
                </tr>
                {test?.kind === 'done' && (
                  <tr className="dest-test-row">
                    <td colSpan={6}>
                      <div
                        className={`notice ${test.result.ok ? 'notice-success' : 'notice-error'}`}
                        role="status"
                        aria-label={`Test of ${d.name}`}
                      >
                        {test.result.message}
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
