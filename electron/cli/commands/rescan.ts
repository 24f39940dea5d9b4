// `backbeat rescan [--force] [--confirm YES] [--workers N] [--limit N] [--retry-failed]`:
// re-analyses the library's audio. Safe mode (the default) only fills tracks with no
// analysis; force mode overwrites everything, so it must be confirmed with exactly
// YES, typed at a prompt on a terminal or given as --confirm YES in scripts.
import { ContractError } from '../../../shared/contract';
import { FORCE_RESCAN_CONFIRMATION, type RescanMode } from '../../../shared/rescan-types';
import { rescanOperation } from '../../engine/operations';
import { rescanPlanView, rescanStateDir, rescanSummaryView } from '../../engine/service-rescan';
import { UsageError } from '../args';
import { cliDataDir } from '../data-dir';
import type { CommandSpec, Invocation } from '../invocation';
import { forceWarning, renderRescanSummary } from '../rescan-format';

export const NOT_CONFIRMED = 'Not confirmed; nothing was changed.';

/**
 * The confirmation for a force rescan, or a refusal (exit 1, nothing changed). A
 * --confirm value counts only when it is exactly YES; without one, only a person at a
 * terminal can answer, so a script that forgot it is refused rather than left waiting.
 */
async function confirmForce(inv: Invocation): Promise<string> {
  const given = inv.value('confirm');
  if (given !== undefined) {
    if (given !== FORCE_RESCAN_CONFIRMATION) {
      throw new ContractError(
        'bad-arguments',
        `--confirm must be exactly YES (in capitals). ${NOT_CONFIRMED}`,
      );
    }
    return given;
  }
  if (!inv.io.stdinIsTTY || !inv.io.stderrIsTTY) {
    throw new ContractError(
      'bad-arguments',
      `A force rescan needs --confirm YES when it is not run on a terminal. ${NOT_CONFIRMED}`,
    );
  }
  const answer = await inv.io.prompt('Type YES to continue: ');
  if (answer !== FORCE_RESCAN_CONFIRMATION) throw new ContractError('cancelled', NOT_CONFIRMED);
  return answer;
}

export const rescanCommand: CommandSpec = {
  name: 'rescan',
  synopsis: 'rescan [--force] [--confirm YES] [--workers N] [--limit N] [--retry-failed]',
  flags: ['force', 'confirm', 'workers', 'limit', 'retry-failed', 'data-dir'],
  positionals: { min: 0, max: 0, label: '' },
  async run(inv) {
    const mode: RescanMode = inv.has('force') ? 'force' : 'safe';
    if (mode === 'safe' && inv.value('confirm') !== undefined) {
      throw new UsageError('--confirm goes with --force only.');
    }
    const workers = inv.count('workers', 1, 64);
    const limit = inv.count('limit', 1, 10_000_000);
    const retryFailed = inv.has('retry-failed');
    const libraryPath = inv.library();
    const backupDir = inv.backupDir();
    const stateDir = rescanStateDir(cliDataDir(inv));
    const plan = rescanPlanView({ libraryPath, stateDir, mode, retryFailed, limit });

    let confirm: string | undefined;
    if (mode === 'force') {
      inv.note(forceWarning(plan));
      confirm = await confirmForce(inv);
    }
    const summary = rescanSummaryView(
      await inv.job((ctx) =>
        rescanOperation({
          libraryPath,
          backupDir,
          stateDir,
          mode,
          ...(confirm !== undefined ? { confirm } : {}),
          retryFailed,
          ...(limit !== undefined ? { limit } : {}),
          ...(workers !== undefined ? { workers } : {}),
          appVersion: inv.appVersion,
          ctx,
        }),
      ),
    );
    inv.result({ plan, summary }, () => renderRescanSummary(summary));
    // Scripts can rely on 0 meaning "every selected track now has its analysis".
    return summary.cancelled || summary.failedCount > 0 ? 1 : 0;
  },
};
