// systemd user units for scheduled backups: a oneshot service running the CLI and a
// timer with Persistent=true, so a run missed while the machine was off or asleep
// happens once at the next boot or wake. OnCalendar is in local time.
import type { Schedule } from '../../../../shared/schedule-types';
import { weekdayIndex } from '../local-time';
import type { TimerCommand } from './timer-command';
import { BACKBEAT_MARKER } from './timer-names';

/** One argument for ExecStart: always double-quoted; `%` is a specifier and `$` a variable to systemd. */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}

/** Free text (Description=) still expands specifiers. */
function systemdText(text: string): string {
  return text.replace(/%/g, '%%');
}

const SYSTEMD_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Daily and weekly schedules map to their exact calendar time. An interval cannot be
 * said in OnCalendar from the last run, so the timer fires hourly and the CLI backs
 * up only when the interval has passed.
 */
export function systemdOnCalendar(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval':
      return '*-*-* *:00:00';
    case 'daily':
      return `*-*-* ${schedule.time}:00`;
    case 'weekly':
      return `${SYSTEMD_DAYS[weekdayIndex(schedule.weekday)]} *-*-* ${schedule.time}:00`;
  }
}

/** The copy cadence (timer-firings.ts) as a second OnCalendar: every N minutes of every hour. */
export function systemdCopyCalendar(minutes: number): string {
  return `*-*-* *:00/${minutes}:00`;
}

export interface SystemdUnits {
  service: string;
  timer: string;
}

export function systemdUnits(
  unitName: string,
  schedule: Schedule,
  command: TimerCommand,
  description: string,
  copyCheckMinutes: number | null = null,
): SystemdUnits {
  const header = `# ${BACKBEAT_MARKER} Remove with \`backbeat schedule uninstall\`.\n`;
  const execStart = [command.program, ...command.args].map(systemdQuote).join(' ');
  const service =
    header +
    '[Unit]\n' +
    `Description=${systemdText(description)}\n` +
    '\n' +
    '[Service]\n' +
    'Type=oneshot\n' +
    `ExecStart=${execStart}\n` +
    // A backup should not slow down whatever the user is doing.
    'Nice=10\n' +
    'IOSchedulingClass=idle\n';
  const timer =
    header +
    '[Unit]\n' +
    `Description=${systemdText(description)} (timer)\n` +
    '\n' +
    '[Timer]\n' +
    `OnCalendar=${systemdOnCalendar(schedule)}\n` +
    // Several OnCalendar lines: the timer fires at each; moments they share fire once.
    (copyCheckMinutes === null ? '' : `OnCalendar=${systemdCopyCalendar(copyCheckMinutes)}\n`) +
    'Persistent=true\n' +
    'AccuracySec=1min\n' +
    `Unit=${unitName}.service\n` +
    '\n' +
    '[Install]\n' +
    'WantedBy=timers.target\n';
  return { service, timer };
}
