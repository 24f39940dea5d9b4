// `backbeat status [--json]`: is this library being backed up? Schedule, backup
// folder, retention policy in words, backup count, newest backup, last run, and a
// warning when backups look stopped or the last run failed.
import { listBackups } from '../../engine/app/use-cases/backups';
import {
  fileScheduleStateStore,
  formatStatusText,
  readScheduleConfig,
  scheduleStateDir,
  statusReport,
} from '../../engine/app/use-cases/schedule';
import { resolveBackupDir } from '../../engine/app/use-cases/folders';
import { cliDataDir } from '../data-dir';
import type { CommandSpec } from '../invocation';

const HOUR_MS = 3_600_000;

export const statusCommand: CommandSpec = {
  name: 'status',
  synopsis: 'status',
  flags: ['data-dir'],
  async run(inv) {
    const library = inv.library();
    const stateDir = scheduleStateDir(cliDataDir(inv));
    const config = await readScheduleConfig(stateDir, library);
    const backupFolder = inv.backupDirOrNull() ?? resolveBackupDir(library, config?.backupDir);
    const state = await fileScheduleStateStore(stateDir, library).read();
    const report = statusReport({
      enabled: config?.enabled ?? false,
      schedule: config?.schedule ?? null,
      backupFolder,
      policy: config?.retention ?? {},
      entries: await listBackups(backupFolder),
      lastRun: state.lastRun,
      now: new Date(),
      thresholdMs: config?.warnAfterHours ? config.warnAfterHours * HOUR_MS : null,
    });
    inv.result(report, () => `${formatStatusText(report)}\n`);
    return 0;
  },
};
