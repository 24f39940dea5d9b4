// OS timers for backups while the app is closed: the files `schedule install` writes
// (checked for content, and by `systemd-analyze verify` where it exists), and
// install/uninstall/status against a temporary HOME with a recording command runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Schedule } from '../../../../shared/schedule-types';
import type { CommandResult, CommandRunner } from '../os-timer/command-runner';
import { launchdPlist } from '../os-timer/launchd-plist';
import { installOsTimer, osTimerStatus, renderTimerFiles, uninstallOsTimer } from '../os-timer/os-timer';
import type { OsTimerEnv } from '../os-timer/os-timer';
import { systemdOnCalendar, systemdQuote, systemdUnits } from '../os-timer/systemd-units';
import { scheduledRunCommand } from '../os-timer/timer-command';
import type { TimerCommand } from '../os-timer/timer-command';
import { windowsQuoteArg, windowsTaskXml } from '../os-timer/windows-task';

const DAILY: Schedule = { kind: 'daily', time: '03:00' };
const WEEKLY: Schedule = { kind: 'weekly', weekday: 'sunday', time: '04:30' };
const EVERY_6H: Schedule = { kind: 'interval', hours: 6 };
const COMMAND: TimerCommand = {
  program: '/usr/bin/node',
  args: ['/opt/backbeat/bin/backbeat.js', 'schedule', 'run', '--library', '/music/library.db'],
};

async function withTempHome(fn: (home: string) => Promise<void>): Promise<void> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'backbeat-home-'));
  try {
    await fn(home);
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

/** Records every command; answers from `respond` (default: success, no output). */
function recordingRunner(respond: (cmd: string, args: string[]) => CommandResult | Error = () => ok('')) {
  const calls: string[] = [];
  const run: CommandRunner = async (cmd, args) => {
    calls.push([cmd, ...args].join(' '));
    const answer = respond(cmd, args);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls };
}

function ok(stdout: string): CommandResult {
  return { code: 0, stdout, stderr: '' };
}

test('systemd units: oneshot service running the CLI, persistent timer at the local time', () => {
  const units = systemdUnits(
    'backbeat-backup',
    DAILY,
    COMMAND,
    'Backbeat scheduled backup of /music/library.db',
  );
  assert.equal(
    units.service,
    '# Written by Backbeat (backbeat schedule install). Remove with `backbeat schedule uninstall`.\n' +
      '[Unit]\n' +
      'Description=Backbeat scheduled backup of /music/library.db\n' +
      '\n' +
      '[Service]\n' +
      'Type=oneshot\n' +
      'ExecStart="/usr/bin/node" "/opt/backbeat/bin/backbeat.js" "schedule" "run" "--library" "/music/library.db"\n' +
      'Nice=10\n' +
      'IOSchedulingClass=idle\n',
  );
  assert.equal(
    units.timer,
    '# Written by Backbeat (backbeat schedule install). Remove with `backbeat schedule uninstall`.\n' +
      '[Unit]\n' +
      'Description=Backbeat scheduled backup of /music/library.db (timer)\n' +
      '\n' +
      '[Timer]\n' +
      'OnCalendar=*-*-* 03:00:00\n' +
      'Persistent=true\n' +
      'AccuracySec=1min\n' +
      'Unit=backbeat-backup.service\n' +
      '\n' +
      '[Install]\n' +
      'WantedBy=timers.target\n',
  );
  assert.equal(systemdOnCalendar(WEEKLY), 'Sun *-*-* 04:30:00');
  assert.equal(systemdOnCalendar(EVERY_6H), '*-*-* *:00:00', 'intervals: hourly checks, the CLI decides');
});

test('systemd quoting: spaces, quotes, backslashes, % specifiers and $ variables', () => {
  assert.equal(systemdQuote('/music/My Music/lib.db'), '"/music/My Music/lib.db"');
  assert.equal(systemdQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(systemdQuote('100%'), '"100%%"');
  assert.equal(systemdQuote('$HOME'), '"$$HOME"');
  const units = systemdUnits('x', DAILY, COMMAND, '50% done');
  assert.match(units.service, /^Description=50%% done$/m);
});

test('systemd-analyze verify accepts the generated units', async (t) => {
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    t.skip('systemd-analyze is not installed here');
    console.log('# skipped systemd-analyze verify: systemd-analyze is not installed');
    return;
  }
  await withTempHome(async (dir) => {
    const command = scheduledRunCommand({
      nodePath: process.execPath,
      binPath: path.join(dir, 'bin', 'backbeat.js'),
      libraryPath: '/music/My 100% "odd" $library.db',
    });
    for (const [schedule, copies] of [
      [DAILY, null],
      [WEEKLY, null],
      [EVERY_6H, null],
      [DAILY, 15],
      [EVERY_6H, 15],
    ] as const) {
      const units = systemdUnits('backbeat-backup', schedule, command, 'Backbeat scheduled backup', copies);
      const service = path.join(dir, 'backbeat-backup.service');
      const timer = path.join(dir, 'backbeat-backup.timer');
      await fs.writeFile(service, units.service);
      await fs.writeFile(timer, units.timer);
      const res = spawnSync('systemd-analyze', ['verify', timer, service], { encoding: 'utf8' });
      // Warnings (an unknown key, say) exit 0 but name the file; anything about our units fails the test.
      const aboutOurs = `${res.stdout}\n${res.stderr}`
        .split('\n')
        .filter((l) => l.includes('backbeat-backup'));
      assert.equal(res.status, 0, `${schedule.kind}: ${res.stderr}`);
      assert.deepEqual(aboutOurs, [], schedule.kind);
    }
  });
});

test('launchd plist: program arguments, calendar interval, escaped text', () => {
  const command: TimerCommand = {
    program: '/usr/local/bin/node',
    args: ['/Apps/b.js', '--library', '/Music/R&B <mix>.db'],
  };
  const plist = launchdPlist(
    'app.backbeat.backup',
    WEEKLY,
    command,
    '/Users/me/Library/Logs/Backbeat/scheduled-backup.log',
  );
  assert.match(plist, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE plist /);
  assert.ok(plist.includes('  <key>Label</key>\n  <string>app.backbeat.backup</string>\n'));
  assert.ok(
    plist.includes(
      '  <key>ProgramArguments</key>\n  <array>\n    <string>/usr/local/bin/node</string>\n' +
        '    <string>/Apps/b.js</string>\n    <string>--library</string>\n' +
        '    <string>/Music/R&amp;B &lt;mix&gt;.db</string>\n  </array>\n',
    ),
  );
  assert.ok(
    plist.includes(
      '  <key>StartCalendarInterval</key>\n  <dict>\n' +
        '    <key>Weekday</key>\n    <integer>0</integer>\n' +
        '    <key>Hour</key>\n    <integer>4</integer>\n' +
        '    <key>Minute</key>\n    <integer>30</integer>\n  </dict>\n',
    ),
  );
  assert.ok(
    plist.includes(
      '<key>StandardErrorPath</key>\n  <string>/Users/me/Library/Logs/Backbeat/scheduled-backup.log</string>',
    ),
  );
  const hourly = launchdPlist('l', EVERY_6H, command, '/log');
  assert.ok(hourly.includes('<dict>\n    <key>Minute</key>\n    <integer>0</integer>\n  </dict>'));
  assert.ok(!hourly.includes('<key>Hour</key>'));
  // Balanced tags: every opened element is closed.
  for (const tag of ['dict', 'array', 'plist']) {
    assert.equal(plist.split(`<${tag}`).length, plist.split(`</${tag}>`).length, tag);
  }
});

test('Windows task XML: triggers, catch-up when the machine was off, one instance, quoted arguments', () => {
  const command: TimerCommand = {
    program: 'C:\\Program Files\\nodejs\\node.exe',
    args: ['C:\\Backbeat\\bin\\backbeat.js', 'schedule', 'run', '--library', 'D:\\My Music\\lib.db'],
  };
  const xml = windowsTaskXml('\\Backbeat\\Scheduled backup', WEEKLY, command, 'Backbeat scheduled backup');
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-16"\?>\n<Task version="1\.2" /);
  assert.ok(xml.includes('<StartBoundary>2020-01-05T04:30:00</StartBoundary>'));
  assert.ok(
    xml.includes(
      '<ScheduleByWeek>\n        <WeeksInterval>1</WeeksInterval>\n        <DaysOfWeek>\n          <Sunday />',
    ),
  );
  assert.ok(xml.includes('<StartWhenAvailable>true</StartWhenAvailable>'));
  assert.ok(xml.includes('<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>'));
  assert.ok(xml.includes('<Command>C:\\Program Files\\nodejs\\node.exe</Command>'));
  assert.ok(
    xml.includes(
      '<Arguments>C:\\Backbeat\\bin\\backbeat.js schedule run --library &quot;D:\\My Music\\lib.db&quot;</Arguments>',
    ),
  );
  const daily = windowsTaskXml('t', DAILY, command, 'd');
  assert.ok(daily.includes('<StartBoundary>2020-01-05T03:00:00</StartBoundary>'));
  assert.ok(daily.includes('<ScheduleByDay>\n        <DaysInterval>1</DaysInterval>'));
  const hourly = windowsTaskXml('t', EVERY_6H, command, 'd');
  assert.ok(hourly.includes('<Interval>PT1H</Interval>'));
});

test('Windows argument quoting follows CommandLineToArgvW', () => {
  assert.equal(windowsQuoteArg('plain'), 'plain');
  assert.equal(windowsQuoteArg(''), '""');
  assert.equal(windowsQuoteArg('a b'), '"a b"');
  assert.equal(windowsQuoteArg('C:\\My Dir\\'), '"C:\\My Dir\\\\"');
  assert.equal(windowsQuoteArg('say "hi"'), '"say \\"hi\\""');
  assert.equal(windowsQuoteArg('a\\"b c'), '"a\\\\\\"b c"');
});

test('the timer command: absolute paths, no control characters', () => {
  const command = scheduledRunCommand({
    nodePath: '/usr/bin/node',
    binPath: '/opt/b/bin/backbeat.js',
    libraryPath: '/m/lib.db',
  });
  assert.deepEqual(command, {
    program: '/usr/bin/node',
    args: ['/opt/b/bin/backbeat.js', 'schedule', 'run', '--library', '/m/lib.db'],
  });
  assert.throws(
    () => scheduledRunCommand({ nodePath: '/n', binPath: '/b', libraryPath: '/m/a\nb.db' }),
    /control character/,
  );
});

test('linux install writes both units into the user systemd folder and enables the timer', async () => {
  await withTempHome(async (home) => {
    const { run, calls } = recordingRunner();
    const env: OsTimerEnv = { platform: 'linux', home, run };
    const options = { schedule: DAILY, command: COMMAND, libraryPath: '/music/library.db' };
    const result = await installOsTimer(env, options);
    const dir = path.join(home, '.config', 'systemd', 'user');
    assert.deepEqual(result.files, [
      path.join(dir, 'backbeat-backup.service'),
      path.join(dir, 'backbeat-backup.timer'),
    ]);
    assert.equal(result.activated, true);
    for (const file of renderTimerFiles(env, options)) {
      assert.equal(await fs.readFile(file.path, 'utf8'), file.content);
    }
    const timer = await fs.readFile(path.join(dir, 'backbeat-backup.timer'), 'utf8');
    assert.match(timer, /^Persistent=true$/m);
    assert.match(timer, /^OnCalendar=\*-\*-\* 03:00:00$/m);
    assert.deepEqual(calls, [
      'systemctl --user daemon-reload',
      'systemctl --user enable --now backbeat-backup.timer',
    ]);

    const status = await osTimerStatus({
      ...env,
      run: recordingRunner(() =>
        ok(
          'ActiveState=active\nUnitFileState=enabled\nNextElapseUSecRealtime=Tue 2024-06-11 03:00:00 CEST\nLastTriggerUSec=n/a\n',
        ),
      ).run,
    });
    assert.equal(status.installed, true);
    assert.equal(status.active, true);
    assert.equal(status.nextRun, 'Tue 2024-06-11 03:00:00 CEST');
    assert.equal(status.lastRun, null);

    const removal = recordingRunner();
    const uninstalled = await uninstallOsTimer({ ...env, run: removal.run });
    assert.equal(uninstalled.removed.length, 2);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.deepEqual(removal.calls, [
      'systemctl --user disable --now backbeat-backup.timer',
      'systemctl --user daemon-reload',
    ]);
    assert.equal((await osTimerStatus(env)).installed, false);
  });
});

test('linux install without a user systemd: files written, a clear message, not activated', async () => {
  await withTempHome(async (home) => {
    const noBus = recordingRunner(() => ({
      code: 1,
      stdout: '',
      stderr: 'Failed to connect to bus: No medium found\n',
    }));
    const result = await installOsTimer(
      { platform: 'linux', home, configHome: path.join(home, 'xdg'), run: noBus.run },
      { schedule: EVERY_6H, command: COMMAND, libraryPath: '/music/library.db' },
    );
    assert.equal(result.activated, false);
    assert.match(result.messages.join(' '), /Failed to connect to bus/);
    assert.match(result.messages.join(' '), /systemctl --user enable --now backbeat-backup\.timer/);
    await fs.access(path.join(home, 'xdg', 'systemd', 'user', 'backbeat-backup.timer'));

    const missing = recordingRunner(() =>
      Object.assign(new Error('spawn systemctl ENOENT'), { code: 'ENOENT' }),
    );
    const again = await installOsTimer(
      { platform: 'linux', home, configHome: path.join(home, 'xdg'), run: missing.run },
      { schedule: EVERY_6H, command: COMMAND, libraryPath: '/music/library.db' },
    );
    assert.equal(again.activated, false);
    assert.match(again.messages.join(' '), /systemctl is not installed/);
  });
});

test('a file of the same name that Backbeat did not write is never overwritten or deleted', async () => {
  await withTempHome(async (home) => {
    const dir = path.join(home, '.config', 'systemd', 'user');
    await fs.mkdir(dir, { recursive: true });
    const theirs = path.join(dir, 'backbeat-backup.timer');
    await fs.writeFile(theirs, '[Timer]\nOnCalendar=weekly\n');
    const env: OsTimerEnv = { platform: 'linux', home, run: recordingRunner().run };
    await assert.rejects(
      installOsTimer(env, { schedule: DAILY, command: COMMAND, libraryPath: '/m' }),
      /not written by Backbeat/,
    );
    await assert.rejects(uninstallOsTimer(env), /not written by Backbeat/);
    assert.equal(await fs.readFile(theirs, 'utf8'), '[Timer]\nOnCalendar=weekly\n');
  });
});

test("macOS install writes the launch agent and bootstraps it in the user's GUI domain", async () => {
  await withTempHome(async (home) => {
    const { run, calls } = recordingRunner();
    const env: OsTimerEnv = { platform: 'darwin', home, uid: 501, run };
    const result = await installOsTimer(env, {
      schedule: DAILY,
      command: COMMAND,
      libraryPath: '/music/library.db',
    });
    const plistPath = path.join(home, 'Library', 'LaunchAgents', 'app.backbeat.backup.plist');
    assert.deepEqual(result.files, [plistPath]);
    const plist = await fs.readFile(plistPath, 'utf8');
    assert.ok(plist.includes('<key>Hour</key>\n    <integer>3</integer>'));
    assert.ok(
      plist.includes(
        `<string>${path.join(home, 'Library', 'Logs', 'Backbeat', 'scheduled-backup.log')}</string>`,
      ),
    );
    await fs.access(path.join(home, 'Library', 'Logs', 'Backbeat'));
    assert.deepEqual(calls, [
      'launchctl bootout gui/501/app.backbeat.backup',
      `launchctl bootstrap gui/501 ${plistPath}`,
    ]);
    const removal = recordingRunner();
    await uninstallOsTimer({ ...env, run: removal.run });
    assert.deepEqual(removal.calls, ['launchctl bootout gui/501/app.backbeat.backup']);
    await assert.rejects(fs.access(plistPath));
  });
});

test('Windows install hands schtasks the task XML as UTF-16 and removes the staged file', async () => {
  await withTempHome(async (home) => {
    let staged = '';
    let stagedXml = '';
    const runner = recordingRunner((cmd, args) => {
      if (cmd === 'schtasks' && args[0] === '/Create') {
        staged = args[args.indexOf('/XML') + 1] ?? '';
        const bytes = readFileSync(staged);
        assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE byte order mark');
        stagedXml = bytes.subarray(2).toString('utf16le');
      }
      return ok('');
    });
    const env: OsTimerEnv = { platform: 'win32', home, tempDir: home, run: runner.run };
    const options = { schedule: WEEKLY, command: COMMAND, libraryPath: 'D:\\Music\\lib.db' };
    const result = await installOsTimer(env, options);
    assert.equal(result.activated, true);
    assert.equal(stagedXml, renderTimerFiles(env, options)[0]?.content);
    assert.deepEqual(runner.calls, [`schtasks /Create /TN \\Backbeat\\Scheduled backup /XML ${staged} /F`]);
    await assert.rejects(fs.access(staged), 'staged XML removed');

    const query = recordingRunner(() =>
      ok(
        'TaskName:      \\Backbeat\\Scheduled backup\r\nNext Run Time: 6/16/2024 4:30:00 AM\r\nStatus:        Ready\r\nLast Run Time: N/A\r\nScheduled Task State: Enabled\r\n',
      ),
    );
    const status = await osTimerStatus({ ...env, run: query.run });
    assert.equal(status.installed, true);
    assert.equal(status.active, true);
    assert.equal(status.nextRun, '6/16/2024 4:30:00 AM');
    assert.equal(status.lastRun, null);
    const absent = await osTimerStatus({
      ...env,
      run: recordingRunner(() => ({ code: 1, stdout: '', stderr: 'ERROR' })).run,
    });
    assert.equal(absent.installed, false);
  });
});
