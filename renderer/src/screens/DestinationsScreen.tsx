// Destinations: copies of the repository off this machine (another disk, SFTP, S3,
// a REST server, rclone). Add, test, check, copy now, schedule, prune and remove; each
// with its last copy and a health sentence that warns when copies stopped. When the
// repository's password is missing or no longer opens it, the Audio card's password
// button is offered here too.
import { useEffect, useRef, useState } from 'react';
import type { DestinationEntry } from '../../../shared/destination-types';
import type { JobInfo } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { RetryNotice } from '../components/RetryNotice';
import { JobProgress } from '../components/JobProgress';
import { errorMessage } from '../errors';
import { plural } from '../format';
import { useJobs } from '../hooks/jobs-context';
import { routeHref } from '../hooks/useHashRoute';
import { useRemoteData } from '../hooks/useRemoteData';
import { useStartJob } from '../hooks/useStartJob';
import { useToasts } from '../hooks/toasts-context';
import { AddDestinationForm } from './destinations/AddDestinationForm';
import { CopyOutcomeNotice } from './destinations/CopyOutcomeNotice';
import { DestinationTable, type TestState } from './destinations/DestinationTable';
import { copyEveryText } from './destinations/copy-every';
import { PruneDestinationDialog } from './destinations/PruneDestinationDialog';
import { RemoveDestinationDialog } from './destinations/RemoveDestinationDialog';
import { ScheduleDestinationDialog } from './destinations/ScheduleDestinationDialog';
import { RepoPasswordButton } from './library/RepoPasswordButton';
import { useRepository } from './snapshots/useRepository';

function WhyCopies() {
  return (
    <div className="empty-state card" role="status">
      <strong>No copies off this machine yet.</strong>
      <span>
        The repository on this machine dies with its disk, or with the machine if it is stolen or burns. A
        destination keeps a second, encrypted copy elsewhere — another disk, a server over SFTP, S3-compatible
        storage, a REST server or an rclone remote — so the library and its audio can be recovered from it.
      </span>
    </div>
  );
}

export function DestinationsScreen() {
  const bridge = useBridge();
  const { notify } = useToasts();
  const { jobs } = useJobs();
  const { view, readiness, problems, reloadAll } = useRepository();
  const list = useRemoteData(
    (b) => b.listDestinations({}),
    ['library-changed'],
    ['copy', 'repo-check', 'dest-prune'],
  );
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [removing, setRemoving] = useState<DestinationEntry | null>(null);
  const [scheduling, setScheduling] = useState<DestinationEntry | null>(null);
  const [pruning, setPruning] = useState<DestinationEntry | null>(null);
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  /** Set when a removal closes the dialog: its row (and the Remove button that had focus) is gone. */
  const [focusHeading, setFocusHeading] = useState(false);
  useEffect(() => {
    // After the commit that closed the dialog (its cleanup made the app focusable again).
    if (!focusHeading || removing !== null) return;
    setFocusHeading(false);
    heading.current?.focus();
  }, [focusHeading, removing]);
  const copy = useStartJob(
    (args: { to: string }) => bridge.startCopy(args),
    (job) => {
      setOutcome(job);
      // A failed destination still finishes the job; its last copy and health are read again either way.
      list.reload();
    },
  );
  const [checkFailure, setCheckFailure] = useState<string | null>(null);
  // A sampled check: the structure, and a twentieth of the data read back (a full read
  // of a remote copy is a download of all of it; the CLI offers any share).
  const check = useStartJob(
    (args: { name: string }) => bridge.startDestinationCheck({ ...args, readDataPercent: 5 }),
    (job) => {
      setCheckFailure(job.state === 'failed' ? (job.error ?? 'The check could not run.') : null);
      list.reload();
    },
  );
  const other = jobs.find((j) => j.kind === 'copy' && j.state === 'running' && j.id !== copy.jobId);
  const shownJob =
    copy.job?.state === 'running' ? copy.job : (other ?? (check.job?.state === 'running' ? check.job : null));
  const copying = copy.running || other !== undefined;
  const noRepo = view.data !== null && view.data.repo === null;
  const blocked = problems.length > 0 || noRepo;

  const runTest = async (name: string) => {
    setTests((t) => ({ ...t, [name]: { kind: 'testing' } }));
    try {
      const result = await bridge.testDestination({ name });
      setTests((t) => ({ ...t, [name]: { kind: 'done', result } }));
    } catch (err) {
      setTests((t) => ({
        ...t,
        [name]: { kind: 'done', result: { name, ok: false, message: errorMessage(err) } },
      }));
    }
  };

  const destinations = list.data ?? [];
  const body = (() => {
    if (list.error && list.data === null) {
      return (
        <RetryNotice
          title="Backbeat could not read the destinations."
          message={list.error}
          onRetry={list.reload}
        />
      );
    }
    if (list.data === null) {
      return (
        <p className="muted" role="status">
          Loading…
        </p>
      );
    }
    return (
      <>
        {destinations.length === 0 ? (
          <WhyCopies />
        ) : (
          <DestinationTable
            destinations={destinations}
            tests={tests}
            copying={copying}
            checking={check.running || check.starting}
            onTest={(name) => void runTest(name)}
            onCheck={(name) => {
              setCheckFailure(null);
              void check.start({ name });
            }}
            onCopy={(to) => {
              setOutcome(null);
              void copy.start({ to });
            }}
            onSchedule={setScheduling}
            onPrune={setPruning}
            onRemove={setRemoving}
          />
        )}
        {shownJob && <JobProgress job={shownJob} showTitle />}
        {!shownJob && copy.starting && <p className="muted">Starting the copy…</p>}
        <ErrorNotice message={copy.startError} />
        <ErrorNotice message={check.startError} />
        <ErrorNotice title="The check could not run." message={checkFailure} />
        <div role="status">{outcome && <CopyOutcomeNotice job={outcome} />}</div>
        {noRepo && (
          <p className="muted">
            Destinations copy the repository, and this library has none yet. Set one up on the{' '}
            <a href={routeHref({ screen: 'library' })}>Library screen</a> (Audio card) first.
          </p>
        )}
        {problems.length > 0 && (
          <ErrorNotice title="Copies cannot run here yet." message={problems.join(' ')} />
        )}
        {problems.length > 0 && readiness.data && view.data && (
          <RepoPasswordButton
            readiness={readiness.data}
            creating={view.data.repo === null}
            onSaved={reloadAll}
          />
        )}
        <AddDestinationForm
          disabled={blocked}
          onAdded={(result) => {
            list.reload();
            notify(
              result.created
                ? `Destination “${result.destination.name}” added; its repository was created.`
                : `Destination “${result.destination.name}” added; the repository already there is used.`,
            );
          }}
        />
      </>
    );
  })();

  return (
    <div className="screen">
      <header className="screen-header">
        <h1 ref={heading} tabIndex={-1}>
          Destinations
        </h1>
        {destinations.length > 0 && (
          <span className="screen-header-note">{plural(destinations.length, 'destination')}</span>
        )}
      </header>
      <div className="screen-body screen-scroll dest-body">{body}</div>
      {scheduling && (
        <ScheduleDestinationDialog
          entry={scheduling}
          onClose={() => setScheduling(null)}
          onSaved={(entry) => {
            setScheduling(null);
            list.reload();
            notify(
              entry.copyEveryHours === null
                ? `“${entry.name}” is copied after scheduled snapshots only.`
                : `“${entry.name}” is copied ${copyEveryText(entry.copyEveryHours).toLowerCase()}.`,
            );
          }}
        />
      )}
      {pruning && (
        <PruneDestinationDialog
          entry={pruning}
          onClose={() => setPruning(null)}
          onPruned={(result) => {
            setPruning(null);
            list.reload();
            notify(
              `Removed ${plural(result.remove.length, 'snapshot')} from “${result.name}”; its unused data was pruned.`,
            );
          }}
        />
      )}
      {removing && (
        <RemoveDestinationDialog
          entry={removing}
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            await bridge.removeDestination({ name: removing.name });
            // The row goes in the same render as the dialog, so focus is not handed back to its Remove button.
            list.set(destinations.filter((d) => d.name !== removing.name));
            setRemoving(null);
            setTests(({ [removing.name]: _gone, ...rest }) => rest);
            list.reload();
            notify(`Destination “${removing.name}” removed; its copy was left where it is.`);
            setFocusHeading(true);
          }}
        />
      )}
    </div>
  );
}
