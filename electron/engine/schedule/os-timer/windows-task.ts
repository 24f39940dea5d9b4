// A Task Scheduler task for scheduled backups on Windows, as the XML that
// `schtasks /Create /XML` takes. StartWhenAvailable runs a missed start once the
// machine is back; IgnoreNew stops a second instance while one runs.
import type { Schedule } from '../../../../shared/schedule-types';
import { xmlEscape } from './launchd-plist';
import type { TimerCommand } from './timer-command';
import { BACKBEAT_MARKER } from './timer-names';

/** Quotes one argument the way CommandLineToArgvW (and node.exe) splits them back. */
export function windowsQuoteArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote are doubled, and the quote itself escaped.
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  // Trailing backslashes are doubled so they do not escape the closing quote.
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** An arbitrary past date: only the time of day (and weekday, for weekly) of the boundary matters. */
const BOUNDARY_DATE = '2020-01-05';

/** Every day from midnight, repeated every `interval` (an ISO 8601 duration) all day. */
function repeatingTrigger(interval: string): string {
  return (
    '    <CalendarTrigger>\n' +
    `      <Repetition>\n        <Interval>${interval}</Interval>\n        <Duration>P1D</Duration>\n` +
    '        <StopAtDurationEnd>false</StopAtDurationEnd>\n      </Repetition>\n' +
    `      <StartBoundary>${BOUNDARY_DATE}T00:00:00</StartBoundary>\n` +
    '      <Enabled>true</Enabled>\n' +
    '      <ScheduleByDay>\n        <DaysInterval>1</DaysInterval>\n      </ScheduleByDay>\n' +
    '    </CalendarTrigger>\n'
  );
}

function trigger(schedule: Schedule): string {
  // Hourly checks; the CLI backs up only once the interval has passed.
  if (schedule.kind === 'interval') return repeatingTrigger('PT1H');
  const start = `      <StartBoundary>${BOUNDARY_DATE}T${schedule.time}:00</StartBoundary>\n      <Enabled>true</Enabled>\n`;
  if (schedule.kind === 'daily') {
    return `    <CalendarTrigger>\n${start}      <ScheduleByDay>\n        <DaysInterval>1</DaysInterval>\n      </ScheduleByDay>\n    </CalendarTrigger>\n`;
  }
  const day = schedule.weekday.charAt(0).toUpperCase() + schedule.weekday.slice(1);
  return (
    `    <CalendarTrigger>\n${start}` +
    '      <ScheduleByWeek>\n        <WeeksInterval>1</WeeksInterval>\n' +
    `        <DaysOfWeek>\n          <${day} />\n        </DaysOfWeek>\n      </ScheduleByWeek>\n` +
    '    </CalendarTrigger>\n'
  );
}

export function windowsTaskXml(
  taskName: string,
  schedule: Schedule,
  command: TimerCommand,
  description: string,
  copyCheckMinutes: number | null = null,
): string {
  const args = command.args.map(windowsQuoteArg).join(' ');
  return (
    '<?xml version="1.0" encoding="UTF-16"?>\n' +
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n' +
    '  <RegistrationInfo>\n' +
    `    <Description>${xmlEscape(`${description}. ${BACKBEAT_MARKER}`)}</Description>\n` +
    `    <URI>${xmlEscape(taskName)}</URI>\n` +
    '  </RegistrationInfo>\n' +
    `  <Triggers>\n${trigger(schedule)}${copyCheckMinutes === null ? '' : repeatingTrigger(`PT${copyCheckMinutes}M`)}  </Triggers>\n` +
    '  <Principals>\n    <Principal id="Author">\n      <LogonType>InteractiveToken</LogonType>\n' +
    '      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>\n  </Principals>\n' +
    '  <Settings>\n' +
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n' +
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n' +
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n' +
    '    <StartWhenAvailable>true</StartWhenAvailable>\n' +
    '    <ExecutionTimeLimit>PT12H</ExecutionTimeLimit>\n' +
    '    <Priority>7</Priority>\n' +
    '    <Enabled>true</Enabled>\n' +
    '  </Settings>\n' +
    '  <Actions Context="Author">\n    <Exec>\n' +
    `      <Command>${xmlEscape(command.program)}</Command>\n` +
    `      <Arguments>${xmlEscape(args)}</Arguments>\n` +
    '    </Exec>\n  </Actions>\n' +
    '</Task>\n'
  );
}
