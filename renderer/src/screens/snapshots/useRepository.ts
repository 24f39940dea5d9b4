// The repository as both the Library screen's Audio card and the Snapshots screen see
// it: where it is and its folders, whether restic and a password are there, and the
// snapshots (asked of restic only once a repository is set and usable).
import type { RepositoryReadiness } from '../../../../shared/repository-browse';
import type { RepoSnapshotEntry, RepositoryView } from '../../../../shared/repository-types';
import { useRemoteData, type RemoteData } from '../../hooks/useRemoteData';

export interface RepositoryState {
  view: RemoteData<RepositoryView>;
  readiness: RemoteData<RepositoryReadiness>;
  /** Null data while there is no usable repository (nothing to list). */
  snapshots: RemoteData<RepoSnapshotEntry[] | null>;
  /** What stops snapshots from running here, as sentences (empty when nothing does). */
  problems: string[];
  /** Reads all three again (after the password was set: readiness, and what it unblocks). */
  reloadAll(): void;
}

export function useRepository(): RepositoryState {
  const view = useRemoteData((bridge) => bridge.getRepository({}), ['library-changed']);
  const readiness = useRemoteData((bridge) => bridge.getRepositoryReadiness({}), ['library-changed']);
  const snapshots = useRemoteData(
    async (bridge) => {
      const [repo, ready] = await Promise.all([bridge.getRepository({}), bridge.getRepositoryReadiness({})]);
      if (repo.repo === null || !ready.restic.ok || !ready.password.ok) return null;
      return bridge.listSnapshots({});
    },
    ['library-changed'],
    ['snapshot'],
  );
  const problems: string[] = [];
  const r = readiness.data;
  if (r && !r.restic.ok) problems.push(r.restic.problem);
  // The app asks for the password itself, unless BACKBEAT_REPO_PASSWORD_FILE pins it.
  if (r && !r.password.ok) {
    problems.push(
      r.passwordInput === 'none' ? `${r.password.problem} Then start Backbeat again.` : r.password.problem,
    );
  }
  const reloadAll = () => {
    readiness.reload();
    view.reload();
    snapshots.reload();
  };
  return { view, readiness, snapshots, problems, reloadAll };
}

/** A snapshot's name, or when it was taken when it has none. */
export function snapshotLabel(s: RepoSnapshotEntry): string {
  return s.name ?? `${s.shortId} (${new Date(s.time).toLocaleString('en-GB')})`;
}
