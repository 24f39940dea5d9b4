// `backbeat status` through the real binary: the JSON fields scripts rely on, with and
// without a schedule, a failed last run shown loudly, and the human form's warning.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../../shared/schedule-types';
import { createDemoLibrary } from '../../engine/demo/demo';
import { scheduleStateDir } from '../../engine/schedule/config-store';
import {
  emptyScheduleState,
  fileScheduleStateStore,
  withRunRecorded,
} from '../../engine/schedule/state-store';
import { writeDatedBackup } from '../../engine/test/fixtures/dated-backups';
import { jsonOf, runCli } from './spawn-cli';

const DAY = 86_400_000;

describe('backbeat status', () => {
  let root: string;
  let library: string;
  let env: NodeJS.ProcessEnv;
  let newest: string;
  let newestAt: Date;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-status-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 10, seed: 4 });
    const backups = path.join(path.dirname(library), 'backbeat-backups');
    newestAt = new Date(Date.now() - 3 * DAY);
    newest = writeDatedBackup(backups, newestAt, {
      name: 'nightly',
      sizes: { databaseBytes: 9000, compressedBytes: 4321 },
    });
    writeDatedBackup(backups, new Date(Date.now() - 5 * DAY));
    env = { BACKBEAT_LIBRARY: library, BACKBEAT_DATA_DIR: path.join(root, 'data'), HOME: root };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints the documented fields with no schedule set', async () => {
    const report = jsonOf<StatusReport>(await runCli(['status', '--json'], env));
    assert.deepEqual(Object.keys(report).sort(), [
      'backupFolder',
      'count',
      'enabled',
      'health',
      'lastRun',
      'newestBackup',
      'retentionPolicy',
      'schedule',
    ]);
    assert.equal(report.enabled, false);
    assert.equal(report.schedule, null);
    assert.equal(report.backupFolder, path.join(path.dirname(library), 'backbeat-backups'));
    assert.match(report.retentionPolicy, /^Keeps every backup/);
    assert.equal(report.count, 2);
    assert.deepEqual(report.newestBackup, {
      id: newest,
      name: 'nightly',
      createdAt: newestAt.toISOString(),
      ageText: '3 days ago',
      sizeBytes: 4321,
      trigger: 'manual',
    });
    assert.equal(report.lastRun, null);
    assert.deepEqual(report.health, { level: 'ok', text: 'Newest backup: 3 days ago', warning: null });
  });

  it('shows the schedule, the policy in words, a failed last run and the warning', async () => {
    const set = await runCli(['schedule', 'set', 'daily', '03:00', 'keep-last=5,weekly=4'], env);
    assert.equal(set.code, 0, set.stderr);
    const failedAt = new Date(Date.now() - DAY).toISOString();
    const stateDir = scheduleStateDir(path.join(root, 'data'));
    await fileScheduleStateStore(stateDir, library).write(
      withRunRecorded(emptyScheduleState(library), {
        time: failedAt,
        finishedAt: failedAt,
        status: 'failed',
        reason: 'os-timer',
        sizeBytes: null,
        error: 'The disk is full.',
        backupId: null,
      }),
    );

    const report = jsonOf<StatusReport>(await runCli(['status', '--json'], env));
    assert.equal(report.enabled, true);
    assert.deepEqual(report.schedule, { kind: 'daily', time: '03:00', text: 'every day at 03:00' });
    assert.match(
      report.retentionPolicy,
      /^Keeps the 5 newest backups and the newest backup of each of the last 4 weeks/,
    );
    assert.deepEqual(report.lastRun, {
      time: failedAt,
      status: 'failed',
      sizeBytes: null,
      error: 'The disk is full.',
    });
    assert.equal(report.health.level, 'error');
    // Daily backups, the newest 3 days old: more than twice the interval.
    assert.equal(report.health.warning, 'No backup for 3 days; backups may have stopped.');

    const human = await runCli(['status'], env);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Scheduled backups: on, every day at 03:00\n/);
    assert.match(human.stdout, /\nLast scheduled run: .+, FAILED: The disk is full\.\n/);
    assert.match(human.stdout, /\nWARNING: No backup for 3 days; backups may have stopped\.\n$/);
    assert.equal(human.stderr, '');
  });

  it('reads the same data folder from --data-dir as from BACKBEAT_DATA_DIR', async () => {
    const viaFlag = await runCli(['status', '--json', '--data-dir', path.join(root, 'data')], {
      ...env,
      BACKBEAT_DATA_DIR: path.join(root, 'elsewhere'),
    });
    assert.equal(jsonOf<StatusReport>(viaFlag).enabled, true);
    const usage = await runCli(['status', 'extra'], env);
    assert.equal(usage.code, 2);
  });
});
