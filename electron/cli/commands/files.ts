// `backbeat files <snapshot> [PATH]`: one folder of a snapshot, from Backbeat's index.
import type { SnapshotFilesResult } from '../../../shared/repository-types';
import { filesOperation } from '../../engine/app/use-cases/repository';
import { formatBytes, renderTable } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

function table(r: SnapshotFilesResult): string {
  if (r.entries.length === 0) return `${r.path} is empty in snapshot ${r.snapshot.shortId}.\n`;
  const rows = r.entries.map((e) => [e.type, e.size === null ? '' : formatBytes(e.size), e.path]);
  return renderTable(['TYPE', 'SIZE', 'PATH'], rows, ['SIZE']);
}

export const filesCommand: CommandSpec = {
  name: 'files',
  synopsis: 'files <snapshot> [PATH]',
  flags: REPO_FLAGS,
  positionals: { min: 1, max: 2, label: '<snapshot>' },
  async run(inv) {
    const [ref, dir] = inv.positionals;
    const result = await filesOperation(cliRepoScope(inv), ref!, dir);
    inv.result(result, () => table(result));
    return 0;
  },
};
