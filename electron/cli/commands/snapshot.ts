// `backbeat snapshot [--name NAME]`: the audio folders and a consistent copy of the
// database as one restic snapshot. Exit 0 when made or when nothing changed (no new
// snapshot); 1 for a partial snapshot (some files unreadable, each named) or a failure.
import { snapshotNameSchema, type SnapshotResult } from '../../../shared/repository-types';
import { snapshotOperation } from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import { formatBytes, formatCount } from '../format';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';
import { describeZodIssues } from '../../../shared/zod-issues';

function label(r: SnapshotResult): string {
  const s = r.snapshot;
  if (!s) return '';
  return s.name ? `${s.shortId} ("${s.name}")` : s.shortId;
}

function describe(r: SnapshotResult): string {
  if (r.status === 'unchanged') {
    return `Nothing changed since snapshot ${label(r)}; no new snapshot was made.\n`;
  }
  const counts =
    `${formatCount(r.filesNew)} new, ${formatCount(r.filesChanged)} changed, ` +
    `${formatCount(r.filesUnmodified)} unchanged files; ${formatBytes(r.dataAdded)} added to the repository.\n`;
  if (r.status === 'created') return `Snapshot ${label(r)}: ${counts}`;
  const files = r.unreadable.map((u) => `  ${u.path}: ${u.reason}\n`).join('');
  return `Partial snapshot ${label(r)}: ${counts}${formatCount(r.unreadable.length)} files could not be read and are not in it:\n${files}`;
}

export const snapshotCommand: CommandSpec = {
  name: 'snapshot',
  synopsis: 'snapshot [--name NAME]',
  flags: ['name', ...REPO_FLAGS],
  async run(inv) {
    const rawName = inv.value('name');
    let name: string | undefined;
    if (rawName !== undefined) {
      const parsed = snapshotNameSchema.safeParse(rawName);
      if (!parsed.success) throw new UsageError(describeZodIssues(parsed.error));
      name = parsed.data;
    }
    const scope = cliRepoScope(inv);
    const result = await inv.job((ctx) =>
      snapshotOperation(scope, { ...(name !== undefined ? { name } : {}), trigger: 'manual', ctx }),
    );
    inv.result(result, () => describe(result));
    return result.status === 'partial' ? 1 : 0;
  },
};
