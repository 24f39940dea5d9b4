// `backbeat verify <ref> | --all`: checks backups end to end; exit 1 when any has a problem.
import type { VerifyResult } from '../../../shared/types';
import { resolveRef, verifyAllBackups, verifyOperation } from '../../engine/app/use-cases/backups';
import { UsageError } from '../args';
import type { CommandSpec } from '../invocation';

function renderResult(r: VerifyResult): string {
  if (r.ok) return `${r.id}: ok\n`;
  return `${r.id}: PROBLEMS\n${r.problems.map((p) => `  - ${p}\n`).join('')}`;
}

export const verifyCommand: CommandSpec = {
  name: 'verify',
  synopsis: 'verify <ref> | --all',
  flags: ['all'],
  positionals: { min: 0, max: 1, label: '<ref>' },
  async run(inv) {
    const ref = inv.positionals[0];
    const all = inv.has('all');
    if (all === (ref !== undefined))
      throw new UsageError('Give either a backup <ref> or --all, not both or neither.');
    const backupDir = inv.backupDir();

    if (!all) {
      const entry = await resolveRef(backupDir, ref!);
      const result = await inv.job((ctx) => verifyOperation(backupDir, entry.id, ctx));
      inv.result(result, () => renderResult(result));
      return result.ok ? 0 : 1;
    }

    // The same loop as the app's "Verify all": an unreadable backup is a finding, not a stop.
    const results = await inv.job((ctx) => verifyAllBackups(backupDir, ctx));
    const ok = results.every((r) => r.ok);
    inv.result({ ok, results }, () => {
      if (results.length === 0) return `No backups in ${backupDir} to verify.\n`;
      const bad = results.filter((r) => !r.ok).length;
      const summary = ok
        ? `All ${results.length} backups are ok.\n`
        : `${bad} of ${results.length} backups have problems.\n`;
      return results.map(renderResult).join('') + summary;
    });
    return ok ? 0 : 1;
  },
};
