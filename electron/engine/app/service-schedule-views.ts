// What the service reports about one library's scheduled backups: the Schedule
// screen's view, getStatus (the report `backbeat status --json` prints) and the
// overview's health line. Read from disk on every call (saved config, run record,
// the backups themselves), so the app and an OS timer's CLI run always agree.
import type {
  BackupHealth,
  ScheduleConfig,
  ScheduleState,
  ScheduleView,
  StatusReport,
} from '../../../shared/schedule-types';
import type { BackupListEntry, OverviewHealth } from '../../../shared/types';
import { listBackups } from '../backup/backup-store';
import { backupHealth } from '../health/backup-health';
import { statusReport } from '../health/status-report';
import { describePolicy } from '../retention/describe-policy';
import { readScheduleConfig } from '../schedule/config-store';
import { knowledgeFrom } from '../schedule/due';
import { describeSchedule, nextDueAfter } from '../schedule/schedule-model';
import { fileScheduleStateStore } from '../schedule/state-store';
import { readConfigTolerant } from './service-schedule-config';
import path from 'node:path';
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import { snapshotHealth } from '../health/snapshot-health';
import { readLastCheck } from '../repository/last-check';
import { scheduleScopeOf } from '../schedule/scheduled-snapshot';

const HOUR_MS = 3_600_000;

export interface ScheduleFacts {
  config: ScheduleConfig | null;
  state: ScheduleState;
  entries: readonly BackupListEntry[];
  backupDir: string;
  /** The newest repository check (for a "database and audio" schedule's health). */
  lastCheck?: RepoCheckResult | null;
}

/** Throws a `corrupt` ContractError (naming the file) when the saved config cannot be trusted. */
export async function readScheduleFacts(
  stateDir: string,
  libraryPath: string,
  backupDir: string,
): Promise<ScheduleFacts> {
  const [config, state, entries] = await Promise.all([
    readScheduleConfig(stateDir, libraryPath),
    fileScheduleStateStore(stateDir, libraryPath).read(),
    listBackups(backupDir),
  ]);
  // The state folder is `<data folder>/schedules` (scheduleStateDir); the check record is in the data folder.
  const lastCheck = readLastCheck(path.dirname(stateDir), libraryPath);
  return { config, state, entries, backupDir, lastCheck };
}

function thresholdMs(config: ScheduleConfig | null): number | null {
  return config?.warnAfterHours ? config.warnAfterHours * HOUR_MS : null;
}

/** Health counts the schedule only while it is on: a switched-off schedule is not "stopped". */
export function healthOf(facts: ScheduleFacts, now: Date): BackupHealth {
  const { config } = facts;
  return backupHealth({
    entries: facts.entries,
    schedule: config?.enabled ? config.schedule : null,
    lastRun: facts.state.lastRun,
    now,
    thresholdMs: thresholdMs(config),
  });
}

/** When the next scheduled backup is due; an overdue one is due now. Null while off. */
function nextDueAt(facts: ScheduleFacts, now: Date): string | null {
  const { config } = facts;
  if (!config?.enabled) return null;
  const known = knowledgeFrom(facts.state, facts.entries);
  if (!known.hasBackup || !known.lastSuccessAt) return now.toISOString();
  const next = nextDueAfter(config.schedule, known.lastSuccessAt);
  return (next.getTime() < now.getTime() ? now : next).toISOString();
}

export function scheduleView(facts: ScheduleFacts, now: Date): ScheduleView {
  const { config } = facts;
  return {
    config,
    scheduleText: config ? describeSchedule(config.schedule) : null,
    retentionText: describePolicy(config?.retention ?? {}),
    health: healthOf(facts, now),
    lastRun: facts.state.lastRun,
    nextDueAt: nextDueAt(facts, now),
    snapshotHealth: snapshotHealth(
      scheduleScopeOf(config),
      facts.state.lastSnapshot ?? null,
      facts.lastCheck ?? null,
      now,
    ),
  };
}

export function statusOf(facts: ScheduleFacts, now: Date): StatusReport {
  const { config } = facts;
  return statusReport({
    enabled: config?.enabled ?? false,
    schedule: config?.schedule ?? null,
    backupFolder: facts.backupDir,
    policy: config?.retention ?? {},
    entries: facts.entries,
    lastRun: facts.state.lastRun,
    now,
    thresholdMs: thresholdMs(config),
  });
}

/**
 * The overview's short form ("Newest backup: 3 hours ago" and what to warn about),
 * from the backups the overview already listed. A damaged config only loses the
 * schedule's threshold here (logged); the overview must always load.
 */
export async function overviewHealth(
  stateDir: string,
  libraryPath: string,
  backupDir: string,
  entries: readonly BackupListEntry[],
  now: Date,
  log: (message: string) => void,
): Promise<OverviewHealth> {
  const [config, state] = await Promise.all([
    readConfigTolerant(stateDir, libraryPath, log),
    fileScheduleStateStore(stateDir, libraryPath).read(),
  ]);
  const health = healthOf({ config, state, entries, backupDir }, now);
  return { text: health.text, warning: health.warning, lastRunFailed: health.lastRunFailed };
}
