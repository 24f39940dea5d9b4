// `backbeat schedule ...`: scheduled backups for one library. The schedule is
// positional words; the retention policy is words too, or --policy / --keep-* flags:
//   backbeat schedule set daily 03:00 keep-last=5,daily=7,weekly=4 --library lib.db
//   backbeat schedule set weekly sunday 03:00 --policy "daily=7,weekly=4"
//   backbeat schedule set daily 03:00 --rescan-backups default   (backups during rescans)
// `run` is what the OS timer calls; `install`/`uninstall` manage that timer (in $HOME;
// BACKBEAT_OS_TIMER_DRY=1 writes the files without calling the service manager).
import fs from 'node:fs';
import path from 'node:path';
import type { OsTimerStatus, RetentionPolicy, ScheduleConfig } from '../../../shared/schedule-types';
import { listBackups } from '../../engine/app/use-cases/backups';
import {
  describePolicy,
  formatRetentionResult,
  policyToText,
  retentionOperation,
} from '../../engine/app/use-cases/cleanup';
import {
  describeSchedule,
  fileScheduleStateStore,
  knowledgeFrom,
  newScheduleConfig,
  nextDueAfter,
  parseScheduleText,
  readScheduleConfig,
  scheduledRunWithSnapshot,
  describeScope,
  scheduleScopeOf,
  scheduleStateDir,
  writeScheduleConfig,
} from '../../engine/app/use-cases/schedule';
import {
  installOsTimer,
  osTimerStatus,
  scheduledRunCommand,
  timerPlan,
  uninstallOsTimer,
} from '../../engine/app/use-cases/os-timer';
import { destinationCountOf } from '../../engine/app/use-cases/destinations';
import { resolveBackupDir } from '../../engine/app/use-cases/folders';
import { UsageError } from '../args';
import { cliDataDir, dataDirArgs } from '../data-dir';
import type { CommandSpec, Invocation } from '../invocation';
import { cliOsTimerEnv } from '../os-timer-env';
import { hasPolicyFlags, policyFromInvocation, policyFromWords, RETENTION_FLAGS } from '../policy-flags';
import { describeRescanBackups, parseRescanBackups } from '../rescan-backups-flag';
import { retentionJson } from './cleanup-policy';
import { cliRepoScope } from '../repo-scope';
import { SCHEDULE_SCOPE_FLAGS, scopeFieldsFromFlags } from '../schedule-scope-flags';

const SUBCOMMANDS = ['status', 'set', 'on', 'off', 'run', 'install', 'uninstall', 'prune'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function stateDirOf(inv: Invocation): string {
  return scheduleStateDir(cliDataDir(inv));
}

async function configOrNull(inv: Invocation, library: string): Promise<ScheduleConfig | null> {
  return readScheduleConfig(stateDirOf(inv), library);
}

async function requireConfig(inv: Invocation, library: string): Promise<ScheduleConfig> {
  const config = await configOrNull(inv, library);
  if (!config) {
    throw new UsageError(
      'No schedule is set for this library yet. Set one first, e.g.: backbeat schedule set daily 03:00',
    );
  }
  return config;
}

function configJson(config: ScheduleConfig): unknown {
  return {
    ...config,
    scheduleText: describeSchedule(config.schedule),
    retentionText: describePolicy(config.retention),
    retentionPolicy: policyToText(config.retention),
    scope: scheduleScopeOf(config),
    snapshotRetention: config.snapshotRetention ?? null,
    check: config.check ?? null,
  };
}

/** The repository side of a schedule, for the text output (empty for "database only"). */
function scopeLines(config: ScheduleConfig): string {
  const scope = scheduleScopeOf(config);
  const lines = [`Scope: ${describeScope(scope)}`];
  if (scope === 'database-and-audio') {
    lines.push(
      `Snapshot retention: ${config.snapshotRetention ? `${policyToText(config.snapshotRetention)} (named snapshots and the newest are always kept)` : 'keep every snapshot'}`,
    );
    lines.push(
      `Repository check: ${config.check ? `every ${config.check.everyDays} day(s)${config.check.readDataPercent > 0 ? `, reading ${config.check.readDataPercent}% of the data` : ''}` : 'not scheduled'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function timerLines(timer: OsTimerStatus): string {
  const lines = [
    `While Backbeat is closed: ${timer.installed ? 'OS timer installed' : 'no OS timer'} (${timer.detail})`,
  ];
  if (timer.nextRun) lines.push(`Next timer run: ${timer.nextRun}`);
  return `${lines.join('\n')}\n`;
}

async function showStatus(inv: Invocation): Promise<number> {
  const library = inv.library();
  const config = await configOrNull(inv, library);
  const state = await fileScheduleStateStore(stateDirOf(inv), library).read();
  const timer = await osTimerStatus(cliOsTimerEnv(inv.io.env));
  let nextDueAt: string | null = null;
  if (config?.enabled) {
    const backupDir = resolveBackupDir(library, config.backupDir);
    const known = knowledgeFrom(state, await listBackups(backupDir).catch(() => null));
    nextDueAt = known.lastSuccessAt
      ? nextDueAfter(config.schedule, known.lastSuccessAt).toISOString()
      : 'now';
  }
  inv.result(
    { library, config: config ? configJson(config) : null, nextDueAt, lastRun: state.lastRun, timer },
    () => {
      if (!config)
        return `No schedule set for ${library}. Set one with: backbeat schedule set daily 03:00\n${timerLines(timer)}`;
      const when = describeSchedule(config.schedule);
      return (
        `Scheduled backups: ${config.enabled ? 'on' : 'off'}, ${when}\n` +
        `Retention: ${describePolicy(config.retention)}\n` +
        scopeLines(config) +
        (state.lastSnapshot
          ? `Last scheduled snapshot: ${new Date(state.lastSnapshot.at).toLocaleString()}, ${state.lastSnapshot.status}` +
            `${state.lastSnapshot.error ? `: ${state.lastSnapshot.error}` : ''}\n`
          : '') +
        `Backups during rescans: ${describeRescanBackups(config.progressTiers)}\n` +
        (nextDueAt
          ? `Next backup due: ${nextDueAt === 'now' ? 'now' : new Date(nextDueAt).toLocaleString()}\n`
          : '') +
        (state.lastRun
          ? `Last run: ${new Date(state.lastRun.time).toLocaleString()}, ${state.lastRun.status}` +
            `${state.lastRun.error ? `: ${state.lastRun.error}` : ''}\n`
          : '') +
        timerLines(timer)
      );
    },
  );
  return 0;
}

/** Words with `=` (or `none`) are the retention policy; the rest is the schedule. */
function splitSetWords(
  words: readonly string[],
  flagPolicy: RetentionPolicy | null,
): { scheduleText: string; policy: RetentionPolicy | null } {
  const policyWords = words.filter((w) => w.includes('=') || w === 'none');
  const scheduleWords = words.filter((w) => !policyWords.includes(w));
  if (scheduleWords.length === 0) {
    throw new UsageError(
      'schedule set needs a schedule: "every 6h", "daily 03:00" or "weekly sunday 03:00".',
    );
  }
  if (policyWords.length > 0 && flagPolicy) {
    throw new UsageError(
      'Give the retention policy either as words or as --policy / --keep-* flags, not both.',
    );
  }
  return {
    scheduleText: scheduleWords.join(' '),
    policy: policyWords.length > 0 ? policyFromWords(policyWords) : flagPolicy,
  };
}

async function setSchedule(inv: Invocation): Promise<number> {
  const library = inv.library();
  const { scheduleText, policy } = splitSetWords(inv.positionals.slice(1), policyFromInvocation(inv));
  const schedule = parseScheduleText(scheduleText);
  const rescanBackups = inv.value('rescan-backups');
  // Parsed before anything is read or written, so a typo changes nothing.
  const progressTiers = rescanBackups !== undefined ? parseRescanBackups(rescanBackups) : undefined;
  const scopeFields = scopeFieldsFromFlags(inv);
  const existing = await configOrNull(inv, library);
  const base = existing ?? newScheduleConfig(library, schedule);
  const config: ScheduleConfig = {
    ...base,
    schedule,
    enabled: true,
    retention: policy ?? existing?.retention ?? newScheduleConfig(library, schedule).retention,
    backupDir: inv.backupDirOrNull() ?? existing?.backupDir ?? null,
    // Without the flag the saved tiers stay (they may have been set through the app's API).
    progressTiers: progressTiers !== undefined ? progressTiers : base.progressTiers,
    ...scopeFields,
  };
  await writeScheduleConfig(stateDirOf(inv), config);
  const timer = await osTimerStatus(cliOsTimerEnv(inv.io.env)).catch(() => null);
  if (timer?.installed)
    inv.note('The OS timer still has the old times: run `backbeat schedule install` again.');
  inv.result(
    configJson(config),
    () =>
      `Scheduled backups: ${describeSchedule(schedule)}.\n${describePolicy(config.retention)}\n` +
      scopeLines(config) +
      `Backups during rescans: ${describeRescanBackups(config.progressTiers)}\n`,
  );
  return 0;
}

async function setEnabled(inv: Invocation, enabled: boolean): Promise<number> {
  const library = inv.library();
  const config = { ...(await requireConfig(inv, library)), enabled };
  await writeScheduleConfig(stateDirOf(inv), config);
  inv.result(configJson(config), () => `Scheduled backups ${enabled ? 'on' : 'off'} for ${library}.\n`);
  return 0;
}

async function runIfDue(inv: Invocation): Promise<number> {
  const library = inv.library();
  const result = await scheduledRunWithSnapshot({
    libraryPath: library,
    stateDir: stateDirOf(inv),
    appVersion: inv.appVersion,
    // The password is asked for only when a "database and audio" run reaches restic.
    repoScope: cliRepoScope(inv),
  });
  inv.result(
    {
      outcome: result.outcome,
      exitCode: result.exitCode,
      message: result.message,
      backupId: result.meta?.id ?? null,
      removed: result.retention?.removed.map((e) => e.id) ?? [],
      snapshot: result.snapshot
        ? {
            ...result.snapshot.run,
            check: result.snapshot.check?.result ?? null,
            copies: result.snapshot.copies,
          }
        : null,
      // Retries and own-schedule copies made at this firing (null: the library was busy or has no repository).
      owedCopies: result.owedCopies
        ? {
            ...result.owedCopies.round,
            skipped: result.owedCopies.skipped,
            notifications: result.owedCopies.notifications,
          }
        : null,
    },
    () => `${result.message}\n`,
  );
  return result.exitCode;
}

/** The CLI launcher the timer runs: bin/backbeat.js of this installation. */
export function launcherPath(): string {
  const bin = path.resolve(__dirname, '..', '..', '..', '..', 'bin', 'backbeat.js');
  if (!fs.existsSync(bin)) throw new UsageError(`Cannot find the backbeat launcher at ${bin}.`);
  return bin;
}

async function install(inv: Invocation): Promise<number> {
  const library = inv.library();
  const config = await requireConfig(inv, library);
  // The timer starts with a bare environment, so a non-default data folder goes on its command line.
  const command = scheduledRunCommand({
    nodePath: process.execPath,
    binPath: launcherPath(),
    libraryPath: library,
    extraArgs: dataDirArgs(inv),
  });
  // With destinations, the timer also fires for the copies they owe (timer-firings.ts).
  const plan = timerPlan(config.schedule, destinationCountOf(cliDataDir(inv), library));
  const result = await installOsTimer(cliOsTimerEnv(inv.io.env), {
    schedule: plan.schedule,
    copyCheckMinutes: plan.copyCheckMinutes,
    command,
    libraryPath: library,
  });
  inv.result(result, () => `${result.messages.join('\n')}\n`);
  return 0;
}

async function uninstall(inv: Invocation): Promise<number> {
  const result = await uninstallOsTimer(cliOsTimerEnv(inv.io.env));
  inv.result(result, () => `${result.messages.join('\n')}\n`);
  return 0;
}

/** Applies the saved policy, or one given as words or flags (`keep-last=5,daily=7`); --dry-run previews. */
async function prune(inv: Invocation): Promise<number> {
  const library = inv.library();
  const config = await configOrNull(inv, library);
  const words = inv.positionals.slice(1);
  const flagPolicy = policyFromInvocation(inv);
  if (words.length > 0 && flagPolicy)
    throw new UsageError(
      'Give the retention policy either as words or as --policy / --keep-* flags, not both.',
    );
  const policy = words.length > 0 ? policyFromWords(words) : (flagPolicy ?? config?.retention);
  if (!policy)
    throw new UsageError(
      'No retention policy saved; give one, e.g.: backbeat schedule prune keep-last=5,daily=7',
    );
  const backupDir = inv.backupDirOrNull() ?? resolveBackupDir(library, config?.backupDir);
  const result = await retentionOperation(library, backupDir, policy, {
    dryRun: inv.has('dry-run'),
    now: new Date(),
  });
  inv.result(retentionJson(policy, result), () => formatRetentionResult(result));
  return result.failures.length > 0 ? 1 : 0;
}

const HANDLERS: Record<Subcommand, (inv: Invocation) => Promise<number>> = {
  status: showStatus,
  set: setSchedule,
  on: (inv) => setEnabled(inv, true),
  off: (inv) => setEnabled(inv, false),
  run: runIfDue,
  install,
  uninstall,
  prune,
};

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  synopsis:
    'schedule [status | set <when> [policy] [--rescan-backups <tiers>] [--scope db|all] [--snapshot-policy P] [--check-every DAYS [--read-data PCT]] | on | off | run | install | uninstall | prune [policy] [--dry-run]]',
  flags: [
    'dry-run',
    'data-dir',
    'rescan-backups',
    ...SCHEDULE_SCOPE_FLAGS,
    'repo',
    'password-file',
    ...RETENTION_FLAGS,
  ],
  positionals: { min: 0, max: 8, label: 'a subcommand' },
  async run(inv) {
    const sub = inv.positionals[0] ?? 'status';
    if (!isSubcommand(sub))
      throw new UsageError(`Unknown schedule subcommand "${sub}". Use one of: ${SUBCOMMANDS.join(', ')}.`);
    const takesWords = sub === 'set' || sub === 'prune';
    if (!takesWords && inv.positionals.length > 1)
      throw new UsageError(`schedule ${sub} takes no further words.`);
    if (inv.value('rescan-backups') !== undefined && sub !== 'set')
      throw new UsageError('--rescan-backups only goes with schedule set.');
    if (SCHEDULE_SCOPE_FLAGS.some((f) => inv.value(f) !== undefined) && sub !== 'set')
      throw new UsageError(
        '--scope, --snapshot-policy, --check-every and --read-data only go with schedule set.',
      );
    if (inv.has('dry-run') && sub !== 'prune')
      throw new UsageError('--dry-run only goes with schedule prune.');
    if (hasPolicyFlags(inv) && !takesWords)
      throw new UsageError('A retention policy only goes with schedule set or schedule prune.');
    return HANDLERS[sub](inv);
  },
};
