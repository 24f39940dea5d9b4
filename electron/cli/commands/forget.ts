// `backbeat forget [--policy P | --keep-* N] [--apply]`: retention for the repository's
// snapshots of this library, in the policy language of `schedule prune`. A preview by
// default: restic's own `forget --dry-run` answer, each snapshot with why it stays;
// `--apply` forgets exactly those and prunes their data. Without a policy, the one the
// schedule saved for snapshots (`schedule set --snapshot-policy`). Snapshots restic
// does not tag as this library's Backbeat snapshots are never touched.
import type { SnapshotRetentionResult } from '../../../shared/snapshot-retention-types';
import { snapshotRetentionOperation } from '../../engine/app/use-cases/repository';
import { readScheduleConfig, scheduleStateDir } from '../../engine/app/use-cases/schedule';
import { UsageError } from '../args';
import { cliDataDir } from '../data-dir';
import { formatLocalTime, renderTable } from '../format';
import type { CommandSpec } from '../invocation';
import { policyFromInvocation, RETENTION_FLAGS } from '../policy-flags';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

function text(r: SnapshotRetentionResult): string {
  if (r.decisions.length === 0) return 'No snapshots of this library yet.\n';
  const rows = r.decisions.map((d) => [
    d.snapshot.shortId,
    d.snapshot.name ?? '',
    formatLocalTime(d.snapshot.time),
    d.keep ? 'keep' : r.applied ? 'forgotten' : 'forget',
    d.keep ? d.reasons.join(', ') : 'no rule keeps it',
  ]);
  const table = renderTable(['ID', 'NAME', 'TIME', 'ACTION', 'WHY'], rows);
  const n = r.remove.length;
  const tail = r.applied
    ? `Forgot ${n} snapshot${n === 1 ? '' : 's'} and pruned their data (policy ${r.policyText}).\n`
    : n === 0
      ? `Nothing to forget under ${r.policyText}.\n`
      : `${n} snapshot${n === 1 ? '' : 's'} would be forgotten under ${r.policyText}. Run again with --apply to forget ${n === 1 ? 'it' : 'them'}.\n`;
  return `${table}${tail}`;
}

export const forgetCommand: CommandSpec = {
  name: 'forget',
  synopsis: 'forget [--policy P | --keep-last N --keep-daily N ...] [--apply]',
  flags: ['apply', ...RETENTION_FLAGS, ...REPO_FLAGS],
  async run(inv) {
    const library = inv.library();
    const policy =
      policyFromInvocation(inv) ??
      (await readScheduleConfig(scheduleStateDir(cliDataDir(inv)), library))?.snapshotRetention ??
      null;
    if (!policy) {
      throw new UsageError(
        'No snapshot policy given or saved; give one, e.g.: backbeat forget --policy keep-last=5,daily=7',
      );
    }
    const scope = cliRepoScope(inv);
    const result = await snapshotRetentionOperation(scope, policy, { apply: inv.has('apply') });
    inv.result(result, () => text(result));
    return 0;
  },
};
