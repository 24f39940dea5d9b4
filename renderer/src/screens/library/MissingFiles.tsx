// The Audio card's missing files: tracks whose audio file is gone, from the cross-check
// (asked of the host without holding the page: "Checking…" meanwhile), each with the
// newest snapshot that still holds it and a Restore that goes through the same preview
// as the Snapshots screen; "Restore all missing" does them together per snapshot.
import { useRef, useState } from 'react';
import type { CrosscheckResult } from '../../../../shared/repository-tools-types';
import type { RepoSnapshotEntry } from '../../../../shared/repository-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, plural } from '../../format';
import { useRemoteData } from '../../hooks/useRemoteData';
import { baseName, parentOf } from '../snapshots/PathCell';
import { RestoreFilesDialog, type RestoreRequest } from '../snapshots/RestoreFilesDialog';

/** The first missing files listed; the count covers them all. */
const SHOWN = 10;

type Missing = CrosscheckResult['missing'][number];

/** Missing files that a snapshot holds, by that snapshot, the snapshot holding most first. */
function bySnapshot(missing: readonly Missing[]): { snapshot: RepoSnapshotEntry; trackIds: string[] }[] {
  const groups = new Map<string, { snapshot: RepoSnapshotEntry; trackIds: string[] }>();
  for (const m of missing) {
    if (!m.snapshot) continue;
    const g = groups.get(m.snapshot.id) ?? { snapshot: m.snapshot, trackIds: [] };
    g.trackIds.push(m.trackId);
    groups.set(m.snapshot.id, g);
  }
  return [...groups.values()].sort((a, b) => b.trackIds.length - a.trackIds.length);
}

function snapName(s: RepoSnapshotEntry): string {
  return s.name ?? s.shortId;
}

export function MissingFiles() {
  // The host keeps its answer until the library, the snapshots or the folders change;
  // "Check again" asks it to look afresh (a file deleted behind Backbeat's back).
  const fresh = useRef(false);
  const check = useRemoteData(
    (bridge) => {
      const args = fresh.current ? { fresh: true } : {};
      fresh.current = false;
      return bridge.crosscheckLibrary(args);
    },
    ['library-changed'],
    ['snapshot', 'restore-files'],
  );
  const [restoring, setRestoring] = useState<RestoreRequest | null>(null);
  const r = check.data;
  const groups = r ? bySnapshot(r.missing) : [];

  const status = check.loading
    ? 'Checking the library’s audio files…'
    : r
      ? r.missing.length === 0
        ? `Every track’s file is there (${plural(r.tracks, 'track')} checked).`
        : `${plural(r.missing.length, 'track')} of ${formatCount(r.tracks)} ${r.missing.length === 1 ? 'has' : 'have'} no audio file.`
      : '';

  return (
    <div className="missing-files">
      <div className="missing-files-head">
        <h3 className="subheading">Missing files</h3>
        <span
          className={r && r.missing.length > 0 && !check.loading ? 'missing-count' : 'muted'}
          role="status"
        >
          {status}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={check.loading}
          onClick={() => {
            fresh.current = true;
            check.reload();
          }}
        >
          Check again
        </button>
      </div>
      <ErrorNotice title="Backbeat could not check the audio files." message={check.error} />
      {r && r.missing.length > 0 && (
        <>
          <ul className="missing-list" aria-label="Missing files">
            {r.missing.slice(0, SHOWN).map((m) => (
              <li key={m.trackId} className="missing-item">
                <span className="missing-file" title={m.path}>
                  <span className="missing-name">{baseName(m.path)}</span>
                  <span className="missing-detail">
                    <bdi dir="ltr">{parentOf(m.path)}</bdi>
                  </span>
                  <span className="missing-detail mono">Track {m.trackId}</span>
                </span>
                <span className="muted missing-where">
                  {m.snapshot ? `in ${snapName(m.snapshot)}` : 'in no snapshot'}
                </span>
                <button
                  type="button"
                  className="button button-small"
                  disabled={m.snapshot === null}
                  aria-label={`Restore the file of track ${m.trackId}`}
                  onClick={() =>
                    m.snapshot &&
                    setRestoring({
                      snapshot: m.snapshot,
                      tracks: [m.trackId],
                      what: `“${baseName(m.path)}”, the audio file of track ${m.trackId}`,
                    })
                  }
                >
                  Restore
                </button>
              </li>
            ))}
            {r.missing.length > SHOWN && (
              <li className="muted">…and {plural(r.missing.length - SHOWN, 'more missing file')}.</li>
            )}
          </ul>
          {groups.length > 0 && (
            <div className="button-row">
              {groups.map((g) => (
                <button
                  key={g.snapshot.id}
                  type="button"
                  className="button"
                  onClick={() =>
                    setRestoring({
                      snapshot: g.snapshot,
                      tracks: g.trackIds,
                      what: `the audio files of ${plural(g.trackIds.length, 'missing track')}`,
                    })
                  }
                >
                  {groups.length === 1
                    ? 'Restore all missing'
                    : `Restore the ${formatCount(g.trackIds.length)} in ${snapName(g.snapshot)}`}
                </button>
              ))}
            </div>
          )}
        </>
      )}
      {restoring && (
        <RestoreFilesDialog
          request={restoring}
          onClose={() => setRestoring(null)}
          onRestored={check.reload}
        />
      )}
    </div>
  );
}
