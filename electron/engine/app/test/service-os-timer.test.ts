// The OS timer through the contract (getOsTimer / installOsTimer / uninstallOsTimer):
// a plain answer to "do backups run while Backbeat is closed?", install only for a
// saved schedule that is on, the files the CLI writes, a timer with older times
// recognised as such, and removal. A temporary HOME and a recording command runner
// stand in for the user's systemd.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContractError } from '../../../../shared/contract';
import { createDemoLibrary } from '../../demo/demo';
import { savedDestination } from '../../destinations/test/dest-fixtures';
import { updateLibraryRepoConfig } from '../../repository/repo-config';
import type { CommandRunner } from '../../schedule/os-timer/command-runner';
import { createBackbeatService, type BackbeatService } from '../service';
import type { OsTimerSetup } from '../service-os-timer';

function rejectsWith(code: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ContractError, `expected a ContractError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

describe('service: the OS timer', () => {
  let root: string;
  let library: string;
  const services: BackbeatService[] = [];
  let counter = 0;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-service-timer-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 20 });
  });

  after(async () => {
    await Promise.all(services.map((s) => s.dispose()));
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A service whose timer lives in its own HOME; systemd answers "active" once enabled. */
  async function make(
    withTimer = true,
  ): Promise<{ service: BackbeatService; home: string; calls: string[] }> {
    const home = path.join(root, `home-${++counter}`);
    const calls: string[] = [];
    let enabled = false;
    const run: CommandRunner = async (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      if (args.includes('enable')) enabled = true;
      if (args.includes('disable')) enabled = false;
      if (args.includes('show')) {
        return {
          code: 0,
          stdout: `ActiveState=${enabled ? 'active' : 'inactive'}\nUnitFileState=enabled\n`,
          stderr: '',
        };
      }
      return { code: 0, stdout: '', stderr: '' };
    };
    const setup: OsTimerSetup = {
      env: { platform: 'linux', home, run },
      nodePath: '/usr/bin/node',
      binPath: '/opt/backbeat/bin/backbeat.js',
    };
    const service = createBackbeatService({
      dataDir: path.join(root, `data-${counter}`),
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: () => undefined,
      osTimer: withTimer ? setup : null,
    });
    services.push(service);
    await service.setLibrary({ path: library });
    return { service, home, calls };
  }

  const unitDir = (home: string): string => path.join(home, '.config', 'systemd', 'user');

  it('says plainly that nothing runs while closed where no timer can be installed', async () => {
    const { service } = await make(false);
    const view = await service.getOsTimer({});
    assert.equal(view.supported, false);
    assert.equal(view.runsWhileClosed, 'no');
    assert.match(view.headline, /^No: backups run only while Backbeat is open/);
    await assert.rejects(service.installOsTimer({}), rejectsWith('not-applicable'));
  });

  it('refuses to install before a schedule is saved and on', async () => {
    const { service, home } = await make();
    const before = await service.getOsTimer({});
    assert.equal(before.canInstall, false);
    assert.match(before.detail, /Save a schedule/);
    await assert.rejects(service.installOsTimer({}), rejectsWith('bad-arguments', /Save a schedule/));
    await service.setSchedule({ enabled: false, schedule: { kind: 'daily', time: '03:00' } });
    await assert.rejects(service.installOsTimer({}), rejectsWith('bad-arguments'));
    assert.equal(fs.existsSync(unitDir(home)), false);
  });

  it('installs the timer for the saved schedule, notices older times, and removes it', async () => {
    const { service, home, calls } = await make();
    await service.setSchedule({ enabled: true, schedule: { kind: 'daily', time: '03:00' } });
    const idle = await service.getOsTimer({});
    assert.equal(idle.runsWhileClosed, 'no');
    assert.equal(idle.canInstall, true);

    const installed = await service.installOsTimer({});
    assert.equal(installed.view.runsWhileClosed, 'yes');
    assert.equal(installed.view.current, true);
    assert.match(installed.view.headline, /^Yes: backups run on schedule while Backbeat is closed/);
    const service_ = fs.readFileSync(path.join(unitDir(home), 'backbeat-backup.service'), 'utf8');
    assert.match(service_, /\/usr\/bin\/node/);
    assert.ok(service_.includes(library), 'the unit names the library');
    assert.match(service_, /--data-dir/);
    assert.ok(calls.some((c) => c.includes('enable --now')));

    // The saved schedule moves on; the timer still has the old times until updated.
    await service.setSchedule({ enabled: true, schedule: { kind: 'daily', time: '04:30' } });
    const stale = await service.getOsTimer({});
    assert.equal(stale.current, false);
    assert.equal(stale.runsWhileClosed, 'no');
    assert.match(stale.headline, /other times or another library/);
    assert.equal((await service.installOsTimer({})).view.current, true);

    const removed = await service.uninstallOsTimer({});
    assert.match(removed.messages.join(' '), /Removed/);
    assert.equal(removed.view.runsWhileClosed, 'no');
    assert.equal(removed.view.status?.installed, false);
    assert.deepEqual(fs.readdirSync(unitDir(home)), []);
  });
  it('with a destination the timer also fires for owed copies; an older timer is noticed', async () => {
    const { service, home } = await make();
    await service.setSchedule({ enabled: true, schedule: { kind: 'daily', time: '03:00' } });
    await service.installOsTimer({});
    const timerFile = path.join(unitDir(home), 'backbeat-backup.timer');
    assert.doesNotMatch(fs.readFileSync(timerFile, 'utf8'), /00\/15/);
    // As `dest add` saves it (reaching the destination is not what this test is about).
    const dataDir = path.join(root, `data-${counter}`);
    await updateLibraryRepoConfig(dataDir, library, (c) => ({
      ...c,
      destinations: [savedDestination('usb', path.join(root, 'usb'), { copyEveryHours: 6 })],
    }));
    const stale = await service.getOsTimer({});
    assert.equal(stale.current, false);
    assert.match(stale.detail, /copies they owe/);
    assert.equal((await service.installOsTimer({})).view.current, true);
    const timer = fs.readFileSync(timerFile, 'utf8');
    assert.deepEqual(timer.match(/^OnCalendar=.*$/gm), [
      'OnCalendar=*-*-* 03:00:00',
      'OnCalendar=*-*-* *:00/15:00',
    ]);

    // Removing the last destination in the app: the timer follows by itself.
    await service.removeDestination({ name: 'usb' });
    assert.deepEqual(fs.readFileSync(timerFile, 'utf8').match(/^OnCalendar=.*$/gm), [
      'OnCalendar=*-*-* 03:00:00',
    ]);
    assert.equal((await service.getOsTimer({})).current, true);
  });
});
