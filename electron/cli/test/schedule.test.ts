// `backbeat schedule install | status | uninstall` through the real binary, into a
// temporary HOME with BACKBEAT_OS_TIMER_DRY=1, so the real systemctl is never called.
// The installed timer's own command line is then run, with a bare environment, to
// show that it finds the schedule and backs up. Linux only: the files are systemd units.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoLibrary } from '../../engine/demo/demo';
import { jsonOf, runCli, runCollecting, type CliRun } from './spawn-cli';

interface InstallJson {
  platform: string;
  files: string[];
  activated: boolean;
  messages: string[];
}

interface StatusJson {
  config: { enabled: boolean; scheduleText: string; retentionPolicy: string } | null;
  nextDueAt: string | null;
  timer: { installed: boolean; files: string[]; active: boolean | null; detail: string };
}

/** The arguments of a systemd ExecStart= line written by systemdQuote (each one double-quoted). */
function execStartArgs(unit: string): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  assert.ok(line, 'the service has an ExecStart line');
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** Runs a command the way a timer does: no inherited environment beyond PATH and HOME. */
function runBare(program: string, args: string[], home: string): Promise<CliRun> {
  return runCollecting(program, args, { env: { PATH: process.env.PATH ?? '', HOME: home } });
}

describe('backbeat schedule install | status | uninstall', { skip: process.platform !== 'linux' }, () => {
  let root: string;
  let home: string;
  let dataDir: string;
  let library: string;
  let env: NodeJS.ProcessEnv;
  let unitDir: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-schedule-'));
    home = path.join(root, 'home');
    fs.mkdirSync(home);
    dataDir = path.join(root, 'data');
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 10, seed: 8 });
    unitDir = path.join(home, '.config', 'systemd', 'user');
    env = {
      BACKBEAT_LIBRARY: library,
      BACKBEAT_DATA_DIR: dataDir,
      BACKBEAT_OS_TIMER_DRY: '1',
      HOME: home,
      XDG_CONFIG_HOME: '',
    };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses to install before a schedule is set', async () => {
    const run = await runCli(['schedule', 'install'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No schedule is set for this library yet/);
    assert.equal(fs.existsSync(unitDir), false);
  });

  it('installs the timer into HOME without calling systemctl, reports it, and removes it', async () => {
    const set = await runCli(['schedule', 'set', 'daily', '03:00', '--policy', 'keep-last=5,daily=7'], env);
    assert.equal(set.code, 0, set.stderr);

    const installed = jsonOf<InstallJson>(await runCli(['schedule', 'install', '--json'], env));
    const service = path.join(unitDir, 'backbeat-backup.service');
    const timer = path.join(unitDir, 'backbeat-backup.timer');
    assert.deepEqual(installed.files, [service, timer]);
    assert.equal(installed.platform, 'linux');
    assert.equal(installed.activated, false, 'systemctl was not called, so nothing claims it is active');
    assert.match(installed.messages.join('\n'), /systemctl was not called: BACKBEAT_OS_TIMER_DRY=1 is set/);
    assert.match(fs.readFileSync(timer, 'utf8'), /\nOnCalendar=\*-\*-\* 03:00:00\nPersistent=true\n/);
    const args = execStartArgs(fs.readFileSync(service, 'utf8'));
    assert.deepEqual(args.slice(2), ['schedule', 'run', '--library', library, '--data-dir', dataDir]);

    const status = jsonOf<StatusJson>(await runCli(['schedule', 'status', '--json'], env));
    assert.equal(status.config?.enabled, true);
    assert.equal(status.config?.scheduleText, 'every day at 03:00');
    assert.equal(status.config?.retentionPolicy, 'keep-last=5,daily=7');
    assert.equal(status.nextDueAt, 'now', 'no backup yet');
    assert.equal(status.timer.installed, true);
    assert.deepEqual(status.timer.files, [service, timer]);
    assert.equal(status.timer.active, null, 'the OS was not asked');

    const removed = jsonOf<{ removed: string[] }>(await runCli(['schedule', 'uninstall', '--json'], env));
    assert.deepEqual(removed.removed, [service, timer]);
    assert.equal(fs.existsSync(service) || fs.existsSync(timer), false);
    const after = jsonOf<StatusJson>(await runCli(['schedule', 'status', '--json'], env));
    assert.equal(after.timer.installed, false);
    const again = await runCli(['schedule', 'uninstall'], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /No Backbeat timer was installed/);
  });

  it('honours XDG_CONFIG_HOME and never overwrites a unit file it did not write', async () => {
    const xdg = path.join(root, 'xdg');
    const xdgEnv = { ...env, XDG_CONFIG_HOME: xdg };
    const installed = jsonOf<InstallJson>(await runCli(['schedule', 'install', '--json'], xdgEnv));
    assert.deepEqual(installed.files, [
      path.join(xdg, 'systemd', 'user', 'backbeat-backup.service'),
      path.join(xdg, 'systemd', 'user', 'backbeat-backup.timer'),
    ]);
    assert.deepEqual(fs.existsSync(unitDir) ? fs.readdirSync(unitDir) : [], [], 'nothing went under HOME');
    jsonOf(await runCli(['schedule', 'uninstall', '--json'], xdgEnv));

    const foreign = path.join(unitDir, 'backbeat-backup.timer');
    fs.mkdirSync(unitDir, { recursive: true });
    fs.writeFileSync(foreign, '[Timer]\nOnCalendar=hourly\n');
    const refused = await runCli(['schedule', 'install'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /was not written by Backbeat/);
    assert.equal(fs.readFileSync(foreign, 'utf8'), '[Timer]\nOnCalendar=hourly\n');
    fs.rmSync(foreign);
  });

  it("runs the installed timer's command with a bare environment: it finds the schedule and backs up once", async () => {
    jsonOf(await runCli(['schedule', 'install', '--json'], env));
    const [program, ...args] = execStartArgs(
      fs.readFileSync(path.join(unitDir, 'backbeat-backup.service'), 'utf8'),
    );
    const first = await runBare(program!, [...args, '--json'], home);
    assert.equal(first.code, 0, first.stderr);
    const outcome = JSON.parse(first.stdout) as { outcome: string; backupId: string | null };
    assert.equal(outcome.outcome, 'backed-up');
    assert.ok(outcome.backupId);
    const second = JSON.parse((await runBare(program!, [...args, '--json'], home)).stdout) as {
      outcome: string;
    };
    assert.equal(second.outcome, 'not-due', 'one backup per slot');

    const status = jsonOf<{ lastRun: { status: string; time: string } | null; count: number }>(
      await runCli(['status', '--json'], env),
    );
    assert.equal(status.count, 1);
    assert.equal(status.lastRun?.status, 'succeeded');
    jsonOf(await runCli(['schedule', 'uninstall', '--json'], env));
  });
});
