// The Schedule screen's "while Backbeat is closed" card: whether the OS timer that runs
// `backbeat schedule run` is installed for this library and its saved schedule, in one
// plain sentence, and installing or removing it exactly as `backbeat schedule
// install | uninstall` does (same files, same command line), so the app and the CLI
// each recognise the other's timer.
import fs from 'node:fs/promises';
import { ContractError } from '../../../shared/errors';
import type {
  OsTimerChange,
  OsTimerStatus,
  OsTimerView,
  ScheduleConfig,
} from '../../../shared/schedule-types';
import { defaultDataDir } from '../fs/paths';
import {
  installOsTimer,
  osTimerStatus,
  renderTimerFiles,
  uninstallOsTimer,
  type InstallOptions,
  type OsTimerEnv,
} from '../schedule/os-timer/os-timer';
import { timerPlan } from '../schedule/os-timer/timer-firings';
import { scheduledRunCommand, type TimerCommand } from '../schedule/os-timer/timer-command';

/** What the host can give the timer: where the OS timers live, and the program it runs. */
export interface OsTimerSetup {
  env: OsTimerEnv;
  /** The `node` binary the timer starts; null when there is none (`unavailable` says why). */
  nodePath: string | null;
  /** The CLI launcher, `<install>/bin/backbeat.js`. */
  binPath: string;
  /** Why this app cannot install a timer, when it cannot. */
  unavailable?: string;
}

export interface OsTimerTarget {
  libraryPath: string;
  dataDir: string;
  config: ScheduleConfig | null;
  /** The library's destinations now: with any, the timer also fires for owed copies (timer-firings.ts). */
  destinationCount: number;
}

/** The timer's command, built like the CLI's: `--data-dir` only when a bare environment would not find the folder. */
function commandFor(setup: OsTimerSetup, target: OsTimerTarget): TimerCommand {
  if (!setup.nodePath) throw new ContractError('not-applicable', unavailableReason(setup));
  return scheduledRunCommand({
    nodePath: setup.nodePath,
    binPath: setup.binPath,
    libraryPath: target.libraryPath,
    extraArgs: target.dataDir === defaultDataDir({}) ? [] : ['--data-dir', target.dataDir],
  });
}

/** What installing writes for this library now: its schedule, and the copy cadence when it has destinations. */
function installOptions(setup: OsTimerSetup, target: OsTimerTarget, config: ScheduleConfig): InstallOptions {
  const plan = timerPlan(config.schedule, target.destinationCount);
  return {
    schedule: plan.schedule,
    copyCheckMinutes: plan.copyCheckMinutes,
    command: commandFor(setup, target),
    libraryPath: target.libraryPath,
  };
}

function unavailableReason(setup: OsTimerSetup | null): string {
  return (
    setup?.unavailable ??
    'this copy of Backbeat cannot set up a system timer (no Node.js was found to run it)'
  );
}

/** Whether the installed files are exactly what installing now would write (this library, this schedule). */
async function isCurrent(
  setup: OsTimerSetup,
  target: OsTimerTarget,
  status: OsTimerStatus,
): Promise<boolean> {
  if (!status.installed || !target.config || !setup.nodePath) return false;
  // Windows keeps the task inside Task Scheduler: nothing to compare, trust it.
  if (setup.env.platform === 'win32') return true;
  const wanted = renderTimerFiles(setup.env, installOptions(setup, target, target.config));
  for (const file of wanted) {
    const found = await fs.readFile(file.path, 'utf8').catch(() => null);
    if (found !== file.content) return false;
  }
  return true;
}

function closedOnly(detail: string, canInstall: boolean, status: OsTimerStatus | null): OsTimerView {
  return {
    supported: status !== null,
    status,
    current: false,
    runsWhileClosed: 'no',
    headline: 'No: backups run only while Backbeat is open.',
    detail,
    canInstall,
  };
}

export async function osTimerView(setup: OsTimerSetup | null, target: OsTimerTarget): Promise<OsTimerView> {
  if (!setup || !setup.nodePath) {
    return closedOnly(`A system timer cannot be installed here: ${unavailableReason(setup)}.`, false, null);
  }
  const status = await osTimerStatus(setup.env);
  const scheduleOn = target.config?.enabled === true;
  if (!status.installed) {
    return closedOnly(
      scheduleOn
        ? 'Install the system timer to back up on schedule while Backbeat is closed too.'
        : 'Save a schedule and switch it on first; then the system timer can run it while Backbeat is closed.',
      scheduleOn,
      status,
    );
  }
  const current = await isCurrent(setup, target, status);
  const base = { supported: true, status, current, canInstall: scheduleOn };
  if (!scheduleOn) {
    return {
      ...base,
      runsWhileClosed: 'no',
      headline: 'No: the system timer is installed, but scheduled backups of this library are off.',
      detail: 'Switch the schedule on, or remove the timer.',
    };
  }
  if (!current) {
    return {
      ...base,
      runsWhileClosed: 'no',
      headline: 'Not as scheduled: the system timer has other times or another library.',
      detail:
        'Update the timer so it runs this library on the saved schedule (and, when it has destinations, makes the copies they owe).',
    };
  }
  if (status.active === true) {
    return {
      ...base,
      runsWhileClosed: 'yes',
      headline: 'Yes: backups run on schedule while Backbeat is closed.',
      detail: status.detail,
    };
  }
  if (status.active === false) {
    return {
      ...base,
      runsWhileClosed: 'no',
      headline: 'No: the system timer is installed but not active.',
      detail: status.detail,
    };
  }
  return {
    ...base,
    runsWhileClosed: 'unknown',
    headline: 'Not known: the system timer is installed, but the system could not say whether it is active.',
    detail: status.detail,
  };
}

export async function installTimer(
  setup: OsTimerSetup | null,
  target: OsTimerTarget,
): Promise<OsTimerChange> {
  if (!setup || !setup.nodePath) {
    throw new ContractError(
      'not-applicable',
      `A system timer cannot be installed here: ${unavailableReason(setup)}.`,
    );
  }
  const config = target.config;
  if (!config?.enabled) {
    throw new ContractError(
      'bad-arguments',
      'Save a schedule and switch it on first: the system timer runs the saved schedule.',
    );
  }
  const result = await installOsTimer(setup.env, installOptions(setup, target, config));
  return { messages: result.messages, view: await osTimerView(setup, target) };
}

export async function uninstallTimer(
  setup: OsTimerSetup | null,
  target: OsTimerTarget,
): Promise<OsTimerChange> {
  if (!setup) {
    throw new ContractError('not-applicable', `There is no system timer here: ${unavailableReason(setup)}.`);
  }
  const result = await uninstallOsTimer(setup.env);
  return { messages: result.messages, view: await osTimerView(setup, target) };
}

/**
 * After a library gained its first destination or lost its last: an installed timer
 * that is exactly this library's, on its saved schedule, but with the other copy
 * cadence (timer-firings.ts) is installed again, so owed copies are made while the app
 * is closed without a visit to the Schedule screen. Any other timer (another library,
 * other times, one the system could not be asked about) is left as it is. True when
 * it was updated. Windows keeps the task inside Task Scheduler, where it cannot be
 * compared: there the Schedule screen's Update is the way.
 */
export async function followDestinations(
  setup: OsTimerSetup | null,
  target: OsTimerTarget,
): Promise<boolean> {
  if (!setup?.nodePath || !target.config?.enabled || setup.env.platform === 'win32') return false;
  const status = await osTimerStatus(setup.env);
  if (!status.installed || (await isCurrent(setup, target, status))) return false;
  const before = { ...target, destinationCount: target.destinationCount > 0 ? 0 : 1 };
  if (!(await isCurrent(setup, before, status))) return false;
  await installOsTimer(setup.env, installOptions(setup, target, target.config));
  return true;
}
