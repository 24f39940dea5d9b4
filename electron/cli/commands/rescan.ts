// `backbeat rescan [--force] [--confirm YES] [--workers N] [--limit N] [--retry-failed]`:
// re-analyses the library's audio. Safe mode (the default) only fills tracks with no
// analysis; force mode overwrites everything, so it must be confirmed with exactly
// YES, typed at a prompt on a terminal or given as --confirm YES in scripts.
// With progress tiers saved in the library's schedule (the same file the app and
// `backbeat schedule` use), it backs up every N analysed tracks, as the app does.
import { ContractError } from '../../../shared/contract';
import { FORCE_RESCAN_CONFIRMATION, type RescanMode } from '../../../shared/rescan-types';
import {
  refuseBlockedPlan,
  rescanBackupTiers,
  rescanPlan,
  rescanSummaryView,
  runRescanWithBackups,
} from '../../engine/app/use-cases/rescan';
import { UsageError } from '../args';
import { cliDataDir } from '../data-dir';
import type { CommandSpec, Invocation } from '../invocation';
import {
  forceWarning,
  missingAudioNote,
  renderProgressBackups,
  renderRescanSummary,
  type ProgressBackupJson,
} from '../rescan-format';

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
    const dataDir = cliDataDir(inv);
    const request = { libraryPath, dataDir, mode, retryFailed, limit };
    const plan = await rescanPlan(request);
    // None of the audio there (an unplugged drive): exit 1 before the prompt and any backup.
    refuseBlockedPlan(plan);
    const missing = missingAudioNote(plan);
    if (missing) inv.note(missing);
    const log = (message: string): void => inv.note(message);
    const tiers = await rescanBackupTiers(dataDir, libraryPath, log);
    const progressBackups: ProgressBackupJson[] = [];

    let confirm: string | undefined;
    if (mode === 'force') {
      inv.note(forceWarning(plan));
      confirm = await confirmForce(inv);
    }
    const summary = rescanSummaryView(
      await inv.job((ctx) =>
        runRescanWithBackups({
          ...request,
          backupDir,
          confirm,
          workers,
          appVersion: inv.appVersion,
          ctx,
          tiers,
          onProgressBackup: (meta) =>
            progressBackups.push({ id: meta.id, name: meta.name, tier: meta.tier ?? null }),
          log,
        }),
      ),
    );
    inv.result(
      { plan, summary, progressBackups },
      () => renderRescanSummary(summary) + renderProgressBackups(progressBackups),
    );
    // Scripts can rely on 0 meaning "every selected track now has its analysis".
    return summary.cancelled || summary.failedCount > 0 ? 1 : 0;
  },
};
