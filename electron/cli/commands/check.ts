// `backbeat check [--dest NAME] [--read-data PERCENT]`: restic's check of the repository
// (or of a destination's copy): its structure, and a share of its data read back. Exit
// 0 when it found no error, 1 when it found some (each listed) or could not check; the
// outcome is recorded for health (a destination's with the destination).
import { readDataPercentSchema, type RepoCheckResult } from '../../../shared/repository-tools-types';
import { checkDestinationOperation } from '../../engine/app/use-cases/destinations';
import { checkOperation } from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import type { CommandSpec } from '../invocation';
import { cliRepoScope } from '../repo-scope';
import { cliDestScope, DEST_FLAGS } from './dest-scope';

/** "10", "10%" or "2.5" -> the percent; anything else is a usage error. */
export function parseReadDataPercent(text: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const parsed = m ? readDataPercentSchema.safeParse(Number(m[1])) : null;
  if (!parsed?.success) {
    throw new UsageError(
      `--read-data must be a percent above 0 and at most 100 (e.g. 10 or 2.5%), not "${text}".`,
    );
  }
  return parsed.data;
}

function describe(r: RepoCheckResult): string {
  const lines = [r.message];
  if (r.staleLockCleared) lines.push('A lock left by a stopped restic was removed first (restic unlock).');
  if (r.outcome === 'errors') lines.push(...r.errors.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export const checkCommand: CommandSpec = {
  name: 'check',
  synopsis: 'check [--dest NAME] [--read-data PERCENT]',
  flags: ['read-data', 'dest', ...DEST_FLAGS],
  async run(inv) {
    const raw = inv.value('read-data');
    const readDataPercent = raw === undefined ? undefined : parseReadDataPercent(raw);
    const dest = inv.value('dest');
    if (dest !== undefined) {
      const destScope = cliDestScope(inv);
      const checked = await inv.job((ctx) =>
        checkDestinationOperation(destScope, {
          name: dest,
          ...(readDataPercent !== undefined ? { readDataPercent } : {}),
          ctx,
        }),
      );
      inv.result(checked, () => describe({ ...checked, brokenPacks: [], repo: checked.location }));
      return checked.outcome === 'ok' ? 0 : 1;
    }
    const scope = cliRepoScope(inv);
    const result = await inv.job((ctx) =>
      checkOperation(scope, { ...(readDataPercent !== undefined ? { readDataPercent } : {}), ctx }),
    );
    inv.result(result, () => describe(result));
    return result.outcome === 'ok' ? 0 : 1;
  },
};
