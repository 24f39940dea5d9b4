// A launchd agent for scheduled backups on macOS. StartCalendarInterval events
// missed while the Mac slept are coalesced into one run at wake, which is the
// catch-up behaviour we want; launchd has no notion of a missed run while off.
import type { Schedule } from '../../../../shared/schedule-types';
import { parseTimeOfDay, weekdayIndex } from '../local-time';
import type { TimerCommand } from './timer-command';
import { BACKBEAT_MARKER } from './timer-names';

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function intKey(key: string, value: number): string {
  return `    <key>${key}</key>\n    <integer>${value}</integer>\n`;
}

/** launchd's Weekday: 0 (or 7) is Sunday, like Date#getDay. Intervals fire hourly; the CLI decides. */
function calendarInterval(schedule: Schedule): string {
  if (schedule.kind === 'interval') return intKey('Minute', 0);
  const time = parseTimeOfDay(schedule.time);
  const day = schedule.kind === 'weekly' ? intKey('Weekday', weekdayIndex(schedule.weekday)) : '';
  return day + intKey('Hour', time.hour) + intKey('Minute', time.minute);
}

/** The schedule's moment alone as one dict; with the copy cadence, an array of dicts (launchd fires at each). */
function calendarIntervals(schedule: Schedule, copyCheckMinutes: number | null): string {
  if (copyCheckMinutes === null) return `  <dict>\n${calendarInterval(schedule)}  </dict>\n`;
  const dicts = [calendarInterval(schedule)];
  for (let minute = 0; minute < 60; minute += copyCheckMinutes) dicts.push(intKey('Minute', minute));
  return `  <array>\n${dicts.map((d) => `  <dict>\n${d}  </dict>\n`).join('')}  </array>\n`;
}

export function launchdPlist(
  label: string,
  schedule: Schedule,
  command: TimerCommand,
  logPath: string,
  copyCheckMinutes: number | null = null,
): string {
  const args = [command.program, ...command.args]
    .map((a) => `    <string>${xmlEscape(a)}</string>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    `<!-- ${BACKBEAT_MARKER} -->\n` +
    '<plist version="1.0">\n' +
    '<dict>\n' +
    `  <key>Label</key>\n  <string>${xmlEscape(label)}</string>\n` +
    `  <key>ProgramArguments</key>\n  <array>\n${args}  </array>\n` +
    `  <key>StartCalendarInterval</key>\n${calendarIntervals(schedule, copyCheckMinutes)}` +
    '  <key>RunAtLoad</key>\n  <false/>\n' +
    '  <key>ProcessType</key>\n  <string>Background</string>\n' +
    '  <key>LowPriorityIO</key>\n  <true/>\n' +
    `  <key>StandardOutPath</key>\n  <string>${xmlEscape(logPath)}</string>\n` +
    `  <key>StandardErrorPath</key>\n  <string>${xmlEscape(logPath)}</string>\n` +
    '</dict>\n' +
    '</plist>\n'
  );
}
