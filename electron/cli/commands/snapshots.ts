// `backbeat snapshots`: the library's snapshots in the repository, oldest first.
import type { RepoSnapshotEntry } from '../../../shared/repository-types';
import { listSnapshotsOperation } from '../../engine/app/use-cases/repository';
import { formatBytes, formatCount, formatLocalTime, renderTable } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

function count(n: number | null): string {
  return n === null ? '?' : formatCount(n);
}

function table(list: readonly RepoSnapshotEntry[]): string {
  const rows = list.map((s) => [
    s.shortId,
    s.name ?? '',
    formatLocalTime(s.time),
    s.trigger ?? '',
    count(s.filesNew),
    count(s.filesChanged),
    s.dataAdded === null ? '?' : formatBytes(s.dataAdded),
  ]);
  return renderTable(['ID', 'NAME', 'TIME', 'TRIGGER', 'NEW', 'CHANGED', 'ADDED'], rows, [
    'NEW',
    'CHANGED',
    'ADDED',
  ]);
}

export const snapshotsCommand: CommandSpec = {
  name: 'snapshots',
  synopsis: 'snapshots',
  flags: REPO_FLAGS,
  async run(inv) {
    const list = await listSnapshotsOperation(cliRepoScope(inv));
    inv.result(list, () =>
      list.length === 0
        ? 'No snapshots of this library yet. Make one with: backbeat snapshot\n'
        : table(list),
    );
    return 0;
  },
};
