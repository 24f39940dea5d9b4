// `backbeat diff <a> <b>`: files added, removed and changed from snapshot a to b.
import type { SnapshotDiffResult } from '../../../shared/repository-types';
import { diffOperation } from '../../engine/app/use-cases/repository';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

function size(n: number | null): string {
  return n === null ? '' : ` (${formatBytes(n)})`;
}

function describe(r: SnapshotDiffResult): string {
  const lines = [
    `From ${r.from.shortId} to ${r.to.shortId}: ${formatCount(r.added.length)} added, ` +
      `${formatCount(r.removed.length)} removed, ${formatCount(r.changed.length)} changed.`,
    ...r.added.map((e) => `+ ${e.path}${size(e.size)}`),
    ...r.removed.map((e) => `- ${e.path}${size(e.size)}`),
    ...r.changed.map((e) => `M ${e.path}${size(e.size)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const diffCommand: CommandSpec = {
  name: 'diff',
  synopsis: 'diff <a> <b>',
  flags: REPO_FLAGS,
  positionals: { min: 2, max: 2, label: 'two snapshots <a> <b>' },
  async run(inv) {
    const [a, b] = inv.positionals;
    const result = await diffOperation(cliRepoScope(inv), a!, b!);
    inv.result(result, () => describe(result));
    return 0;
  },
};
