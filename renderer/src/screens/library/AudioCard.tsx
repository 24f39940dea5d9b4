// The library's audio: the repository its snapshots go to (or setting one up), the
// audio folders, what the newest snapshot holds, the tracks whose file is missing
// (with a restore each), and "Take snapshot".
import { useId } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { routeHref } from '../../hooks/useHashRoute';
import { formatBytes, formatCount, formatRelative, plural } from '../../format';
import { useNow } from '../../hooks/useNow';
import { useRepository } from '../snapshots/useRepository';
import { AudioFolders } from './AudioFolders';
import { MissingFiles } from './MissingFiles';
import { RepoPasswordButton } from './RepoPasswordButton';
import { RepoSetup } from './RepoSetup';
import { SnapshotNow } from './SnapshotNow';

export function AudioCard() {
  const headingId = useId();
  const repoId = useId();
  const now = useNow();
  const { view, readiness, snapshots, problems, reloadAll } = useRepository();
  const v = view.data;
  const list = snapshots.data;
  const newest = list && list.length > 0 ? list[list.length - 1]! : null;
  const blocked = problems.length > 0;

  const note = !v?.repo
    ? 'No repository yet'
    : newest
      ? `Newest snapshot: ${formatRelative(newest.time, now)} · ${plural(list!.length, 'snapshot')}`
      : list
        ? 'No snapshots yet'
        : '';

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Audio</h2>
        <span className="card-header-note">{note}</span>
      </div>
      <ErrorNotice title="Backbeat could not read the repository settings." message={view.error} />
      <ErrorNotice message={readiness.error} />
      {problems.length > 0 && (
        <Notice tone="warning">
          <strong className="notice-title">Snapshots of the audio cannot run yet.</strong>
          {problems.map((p) => (
            <span key={p}> {p}</span>
          ))}
          {readiness.data && (
            <RepoPasswordButton readiness={readiness.data} creating={!v?.repo} onSaved={reloadAll} />
          )}
        </Notice>
      )}
      {v && (
        <>
          {v.repo ? (
            <dl className="fields">
              <div className="field">
                <dt id={repoId}>Repository</dt>
                <dd className="path" title={v.repo}>
                  {v.repo}
                </dd>
              </div>
              <div className="field">
                <dt>Files</dt>
                <dd>{newest ? formatCount(newest.totalFiles) : '—'}</dd>
              </div>
              <div className="field">
                <dt>Size</dt>
                <dd>{newest ? formatBytes(newest.totalBytes) : '—'}</dd>
              </div>
              <div className="field">
                <dt>Newest snapshot</dt>
                <dd>
                  {newest ? (
                    <>
                      {newest.name ?? newest.shortId}, {formatRelative(newest.time, now)} ·{' '}
                      <a href={routeHref({ screen: 'snapshots' })}>Browse snapshots</a>
                    </>
                  ) : (
                    'None yet'
                  )}
                </dd>
              </div>
            </dl>
          ) : (
            <>
              <p>
                Snapshots keep the audio folders and the library database together in an encrypted repository
                that stores unchanged files only once.
              </p>
              <RepoSetup
                libraryPath={v.libraryPath}
                blocked={blocked}
                onDone={() => {
                  view.reload();
                  snapshots.reload();
                }}
              />
            </>
          )}
          <ErrorNotice title="Backbeat could not read the snapshots." message={snapshots.error} />
          <AudioFolders view={v} onChanged={view.set} />
          {v.repo && !blocked && list && <MissingFiles />}
          {v.repo && <SnapshotNow disabled={blocked} />}
        </>
      )}
    </section>
  );
}
