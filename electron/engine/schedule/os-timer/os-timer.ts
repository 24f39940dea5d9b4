// `backbeat schedule install | uninstall | status`: the OS timer that runs scheduled
// backups while the app is closed. The home folder, platform and command runner are
// injected, so tests write into a temporary HOME and never call the service manager.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { ContractError } from '../../../../shared/errors';
import type { OsTimerStatus, Schedule, TimerPlatform } from '../../../../shared/schedule-types';
import { writeFileInFolder } from '../../fs/atomic-json';
import { describeSchedule } from '../schedule-model';
import { firstLine, systemCommandRunner, tryRun } from './command-runner';
import type { CommandRunner } from './command-runner';
import { launchdPlist } from './launchd-plist';
import { systemdUnits } from './systemd-units';
import type { TimerCommand } from './timer-command';
import { BACKBEAT_MARKER, LAUNCHD_LABEL, SYSTEMD_UNIT_NAME, WINDOWS_TASK_NAME } from './timer-names';
import { windowsTaskXml } from './windows-task';

export interface OsTimerEnv {
  platform: TimerPlatform;
  home: string;
  /** Linux: $XDG_CONFIG_HOME when set; default `<home>/.config`. */
  configHome?: string | undefined;
  /** macOS: the user id for `launchctl ... gui/<uid>`. */
  uid?: number | undefined;
  /** Windows: where the task XML is staged for schtasks. */
  tempDir?: string | undefined;
  run: CommandRunner;
}

export function osTimerEnvFromProcess(run: CommandRunner = systemCommandRunner): OsTimerEnv {
  const platform = process.platform;
  if (platform !== 'linux' && platform !== 'darwin' && platform !== 'win32') {
    throw new ContractError(
      'not-applicable',
      `Scheduled backups while the app is closed are not supported on ${platform}.`,
    );
  }
  return {
    platform,
    home: os.homedir(),
    configHome: process.env.XDG_CONFIG_HOME || undefined,
    uid: process.getuid?.(),
    tempDir: os.tmpdir(),
    run,
  };
}

export interface TimerFile {
  path: string;
  content: string;
}

function systemdDir(env: OsTimerEnv): string {
  return path.join(env.configHome ?? path.join(env.home, '.config'), 'systemd', 'user');
}

function launchdPlistPath(env: OsTimerEnv): string {
  return path.join(env.home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
}

function launchdLogPath(env: OsTimerEnv): string {
  return path.join(env.home, 'Library', 'Logs', 'Backbeat', 'scheduled-backup.log');
}

/** Files Backbeat keeps for the timer on this platform (none on Windows: the task lives in Task Scheduler). */
export function timerFilePaths(env: OsTimerEnv): string[] {
  if (env.platform === 'linux') {
    const dir = systemdDir(env);
    return [path.join(dir, `${SYSTEMD_UNIT_NAME}.service`), path.join(dir, `${SYSTEMD_UNIT_NAME}.timer`)];
  }
  if (env.platform === 'darwin') return [launchdPlistPath(env)];
  return [];
}

export interface InstallOptions {
  schedule: Schedule;
  command: TimerCommand;
  libraryPath: string;
  /** Also fire every N minutes for the copies destinations owe (timer-firings.ts); absent or null: no. */
  copyCheckMinutes?: number | null;
}

function timerDescription(options: InstallOptions): string {
  const copies = options.copyCheckMinutes
    ? `, and every ${options.copyCheckMinutes} minutes for owed copies`
    : '';
  return `Backbeat scheduled backup of ${options.libraryPath}, ${describeSchedule(options.schedule)}${copies}`;
}

/** What install writes (Windows: the XML handed to schtasks). Pure apart from paths. */
export function renderTimerFiles(env: OsTimerEnv, options: InstallOptions): TimerFile[] {
  const description = timerDescription(options);
  const copies = options.copyCheckMinutes ?? null;
  if (env.platform === 'linux') {
    const units = systemdUnits(SYSTEMD_UNIT_NAME, options.schedule, options.command, description, copies);
    const [servicePath, timerPath] = timerFilePaths(env) as [string, string];
    return [
      { path: servicePath, content: units.service },
      { path: timerPath, content: units.timer },
    ];
  }
  if (env.platform === 'darwin') {
    const plist = launchdPlist(LAUNCHD_LABEL, options.schedule, options.command, launchdLogPath(env), copies);
    return [{ path: launchdPlistPath(env), content: plist }];
  }
  const xml = windowsTaskXml(WINDOWS_TASK_NAME, options.schedule, options.command, description, copies);
  return [{ path: path.join(env.tempDir ?? os.tmpdir(), 'backbeat-task.xml'), content: xml }];
}

export interface InstallResult {
  platform: TimerPlatform;
  files: string[];
  /** False when the files are written but the OS could not be told (e.g. no user systemd). */
  activated: boolean;
  messages: string[];
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Never overwrite or delete a file of the same name that a user (not Backbeat) wrote. */
async function assertOursOrAbsent(file: string): Promise<boolean> {
  const existing = await readIfExists(file);
  if (existing === null) return false;
  if (!existing.includes(BACKBEAT_MARKER)) {
    throw new ContractError(
      'io',
      `${file} exists and was not written by Backbeat; move it away first if Backbeat should manage it.`,
    );
  }
  return true;
}

export async function installOsTimer(env: OsTimerEnv, options: InstallOptions): Promise<InstallResult> {
  const files = renderTimerFiles(env, options);
  if (env.platform === 'win32') return installWindowsTask(env, files[0] as TimerFile);
  for (const file of files) await assertOursOrAbsent(file.path);
  for (const file of files) await writeFileInFolder(file.path, file.content);
  const written = files.map((f) => f.path);
  return env.platform === 'linux' ? activateSystemd(env, written) : activateLaunchd(env, written);
}

async function activateSystemd(env: OsTimerEnv, files: string[]): Promise<InstallResult> {
  const timer = `${SYSTEMD_UNIT_NAME}.timer`;
  const reload = await tryRun(env.run, 'systemctl', ['--user', 'daemon-reload']);
  const enable =
    reload.code === 0 ? await tryRun(env.run, 'systemctl', ['--user', 'enable', '--now', timer]) : reload;
  const messages = [`Wrote ${files.join(' and ')}.`];
  if (enable.code === 0) {
    messages.push(
      `Enabled ${timer}: backups now run while Backbeat is closed (missed runs happen at the next boot).`,
    );
    return { platform: 'linux', files, activated: true, messages };
  }
  messages.push(
    `Could not reach a user systemd (${firstLine(enable) || 'no reason given'}), so the timer is not active yet. ` +
      `In a login session with systemd, run: systemctl --user daemon-reload && systemctl --user enable --now ${timer}`,
  );
  return { platform: 'linux', files, activated: false, messages };
}

function launchdDomain(env: OsTimerEnv): string {
  return `gui/${env.uid ?? 0}`;
}

async function activateLaunchd(env: OsTimerEnv, files: string[]): Promise<InstallResult> {
  await fs.mkdir(path.dirname(launchdLogPath(env)), { recursive: true });
  // Unload an earlier version first, or bootstrap refuses; failure just means none was loaded.
  await tryRun(env.run, 'launchctl', ['bootout', `${launchdDomain(env)}/${LAUNCHD_LABEL}`]);
  const load = await tryRun(env.run, 'launchctl', ['bootstrap', launchdDomain(env), files[0] as string]);
  const messages = [`Wrote ${files.join(' and ')}.`];
  if (load.code === 0) {
    messages.push(`Loaded ${LAUNCHD_LABEL}: backups now run while Backbeat is closed.`);
    return { platform: 'darwin', files, activated: true, messages };
  }
  messages.push(
    `launchctl could not load the agent (${firstLine(load) || 'no reason given'}); it will load at the next login.`,
  );
  return { platform: 'darwin', files, activated: false, messages };
}

async function installWindowsTask(env: OsTimerEnv, file: TimerFile): Promise<InstallResult> {
  // Task Scheduler expects UTF-16 as the XML declaration says; a BOM marks the byte order.
  const staged = file.path.replace(/\.xml$/, `-${crypto.randomUUID()}.xml`);
  await writeFileInFolder(
    staged,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file.content, 'utf16le')]),
  );
  try {
    const create = await tryRun(env.run, 'schtasks', [
      '/Create',
      '/TN',
      WINDOWS_TASK_NAME,
      '/XML',
      staged,
      '/F',
    ]);
    if (create.code !== 0) {
      throw new ContractError(
        'io',
        `Task Scheduler refused the backup task: ${firstLine(create) || 'no reason given'}`,
      );
    }
  } finally {
    await fs.rm(staged, { force: true });
  }
  return {
    platform: 'win32',
    files: [],
    activated: true,
    messages: [`Created the task "${WINDOWS_TASK_NAME}": backups now run while Backbeat is closed.`],
  };
}

export interface UninstallResult {
  removed: string[];
  messages: string[];
}

export async function uninstallOsTimer(env: OsTimerEnv): Promise<UninstallResult> {
  if (env.platform === 'win32') {
    const del = await tryRun(env.run, 'schtasks', ['/Delete', '/TN', WINDOWS_TASK_NAME, '/F']);
    const message =
      del.code === 0 ? `Removed the task "${WINDOWS_TASK_NAME}".` : 'There was no Backbeat task to remove.';
    return { removed: [], messages: [message] };
  }
  if (env.platform === 'linux') {
    await tryRun(env.run, 'systemctl', ['--user', 'disable', '--now', `${SYSTEMD_UNIT_NAME}.timer`]);
  } else {
    await tryRun(env.run, 'launchctl', ['bootout', `${launchdDomain(env)}/${LAUNCHD_LABEL}`]);
  }
  const removed: string[] = [];
  for (const file of timerFilePaths(env)) {
    if (await assertOursOrAbsent(file)) {
      await fs.rm(file, { force: true });
      removed.push(file);
    }
  }
  if (env.platform === 'linux' && removed.length > 0) {
    await tryRun(env.run, 'systemctl', ['--user', 'daemon-reload']);
  }
  const messages =
    removed.length > 0 ? [`Removed ${removed.join(' and ')}.`] : ['No Backbeat timer was installed.'];
  return { removed, messages };
}

/** `key=value` lines, as `systemctl show` prints them. */
function parseKeyValues(text: string, separator: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(separator);
    if (at > 0) map.set(line.slice(0, at).trim(), line.slice(at + separator.length).trim());
  }
  return map;
}

function meaningful(value: string | undefined): string | null {
  return value && value !== 'n/a' && value !== 'N/A' && value !== '0' ? value : null;
}

export async function osTimerStatus(env: OsTimerEnv): Promise<OsTimerStatus> {
  if (env.platform === 'win32') return windowsStatus(env);
  const files: string[] = [];
  for (const file of timerFilePaths(env)) if ((await readIfExists(file)) !== null) files.push(file);
  const installed = files.length === timerFilePaths(env).length;
  const base: OsTimerStatus = {
    platform: env.platform,
    installed,
    files,
    active: null,
    nextRun: null,
    lastRun: null,
    detail: installed ? 'The timer files are in place.' : 'No Backbeat timer is installed.',
  };
  if (!installed) return base;
  if (env.platform === 'linux') {
    const show = await tryRun(env.run, 'systemctl', [
      '--user',
      'show',
      `${SYSTEMD_UNIT_NAME}.timer`,
      '--property=ActiveState,UnitFileState,NextElapseUSecRealtime,LastTriggerUSec',
    ]);
    if (show.code !== 0) return { ...base, detail: `Could not ask the user systemd: ${firstLine(show)}` };
    const props = parseKeyValues(show.stdout, '=');
    const active = props.get('ActiveState') === 'active';
    return {
      ...base,
      active,
      nextRun: meaningful(props.get('NextElapseUSecRealtime')),
      lastRun: meaningful(props.get('LastTriggerUSec')),
      detail: active
        ? `${SYSTEMD_UNIT_NAME}.timer is active (${props.get('UnitFileState') ?? 'unknown'}).`
        : `${SYSTEMD_UNIT_NAME}.timer is installed but not active; run: systemctl --user enable --now ${SYSTEMD_UNIT_NAME}.timer`,
    };
  }
  const print = await tryRun(env.run, 'launchctl', ['print', `${launchdDomain(env)}/${LAUNCHD_LABEL}`]);
  return {
    ...base,
    active: print.code === 0,
    detail:
      print.code === 0
        ? `${LAUNCHD_LABEL} is loaded.`
        : `${LAUNCHD_LABEL} is installed but not loaded; it loads at the next login.`,
  };
}

async function windowsStatus(env: OsTimerEnv): Promise<OsTimerStatus> {
  const query = await tryRun(env.run, 'schtasks', ['/Query', '/TN', WINDOWS_TASK_NAME, '/V', '/FO', 'LIST']);
  if (query.code !== 0) {
    return {
      platform: 'win32',
      installed: false,
      files: [],
      active: null,
      nextRun: null,
      lastRun: null,
      detail: 'No Backbeat task is installed.',
    };
  }
  const props = parseKeyValues(query.stdout, ':');
  const state = props.get('Scheduled Task State') ?? props.get('Status') ?? '';
  return {
    platform: 'win32',
    installed: true,
    files: [],
    active: !/disabled/i.test(state),
    nextRun: meaningful(props.get('Next Run Time')),
    lastRun: meaningful(props.get('Last Run Time')),
    detail: `The task "${WINDOWS_TASK_NAME}" is ${state || 'registered'}.`,
  };
}
