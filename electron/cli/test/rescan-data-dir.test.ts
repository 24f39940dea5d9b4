// What `backbeat rescan` leaves in the data folder, and what reads it back, in-process
// on a variant A library with synthesized audio: `stats` counts the failures the rescan
// recorded there (text and --json), and a rescan backs up every N analysed tracks when
// the schedule saved by `backbeat schedule` has progress tiers, as the app's does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RescanSummaryView } from '../../../shared/rescan-types';
import { readScheduleConfig, scheduleStateDir } from '../../engine/schedule/config-store';
import { createLibrary, writeClip } from '../../engine/test/fixtures/rescan-fixtures';
import { main } from '../main';
import { renderProgressBackups, type ProgressBackupJson } from '../rescan-format';
import { fakeIo } from './fake-io';

interface Run {
  code: number;
  out: string;
  err: string;
}

interface StatsDoc {
  totalTracks: number;
  analyzed: number;
  pending: number;
  failed: number;
}

/** Four playable tracks and one whose file is missing, all without features. */
const PLAYABLE = ['t1', 't2', 't3', 't4'];

describe('backbeat rescan and stats with the data folder', () => {
  let root: string;
  let library: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  async function run(argv: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    const io = fakeIo({ env: { ...env, ...extraEnv } });
    const code = await main(argv, io);
    return { code, out: io.out, err: io.err };
  }

  async function json<T>(argv: string[], expectedCode = 0, extraEnv: NodeJS.ProcessEnv = {}): Promise<T> {
    const r = await run([...argv, '--json'], extraEnv);
    assert.equal(r.code, expectedCode, r.err);
    return JSON.parse(r.out) as T;
  }

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-rescan-data-'));
    const libDir = path.join(root, 'lib');
    PLAYABLE.forEach((id, i) => writeClip(path.join(libDir, 'audio', `${id}.wav`), 90 + 10 * i, 4));
    library = path.join(libDir, 'library.db');
    createLibrary(library, 'A', [
      ...PLAYABLE.map((id) => ({ id, filePath: `audio/${id}.wav` })),
      { id: 'lost', filePath: 'audio/lost.flac' },
    ]);
    dataDir = path.join(root, 'data');
    // No real service manager, no user's data folder: everything under root.
    env = { BACKBEAT_LIBRARY: library, HOME: root, BACKBEAT_OS_TIMER_DRY: '1' };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stats counts the failures a rescan recorded in the data folder, in text and --json', async () => {
    const scan = await json<{ summary: RescanSummaryView; progressBackups: ProgressBackupJson[] }>(
      ['rescan', '--workers', '1', '--data-dir', dataDir],
      1,
    );
    assert.equal(scan.summary.analysed, PLAYABLE.length);
    assert.deepEqual(
      scan.summary.failed.map((f) => f.trackId),
      ['lost'],
    );
    assert.deepEqual(scan.progressBackups, [], 'no schedule saved: no progress backups');

    const stats = await json<StatsDoc & Record<string, unknown>>(['stats', '--data-dir', dataDir]);
    for (const key of [
      'libraryPath',
      'variant',
      'totalTracks',
      'analyzed',
      'pending',
      'failed',
      'beat3tower',
      'legacy',
    ])
      assert.ok(key in stats, `stats --json keeps ${key}`);
    assert.deepEqual(
      [stats.totalTracks, stats.analyzed, stats.pending, stats.failed],
      [5, PLAYABLE.length, 0, 1],
    );

    const text = await run(['stats', '--data-dir', dataDir]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^Pending +0$/m);
    assert.match(text.out, /^Failed +1$/m);

    // BACKBEAT_DATA_DIR names the same folder; another folder knows of no failure.
    const fromEnv = await json<StatsDoc>(['stats'], 0, { BACKBEAT_DATA_DIR: dataDir });
    assert.equal(fromEnv.failed, 1);
    const elsewhere = await json<StatsDoc>(['stats', '--data-dir', path.join(root, 'other-data')]);
    assert.deepEqual([elsewhere.pending, elsewhere.failed], [1, 0]);
  });

  it('backs up every N analysed tracks when the saved schedule has progress tiers', async () => {
    const scheduleDir = scheduleStateDir(dataDir);
    for (const bad of ['sometimes', 'frequent=0', 'frequent=2,frequent=3', 'daily=7', 'frequent=2.5']) {
      const refused = await run([
        'schedule',
        'set',
        'daily',
        '03:00',
        '--rescan-backups',
        bad,
        '--data-dir',
        dataDir,
      ]);
      assert.equal(refused.code, 2, `${bad}: ${refused.err}`);
      assert.match(refused.err, /--rescan-backups/);
    }
    assert.equal(await readScheduleConfig(scheduleDir, library), null, 'a refused value saves nothing');

    const set = await run([
      'schedule',
      'set',
      'daily',
      '03:00',
      '--rescan-backups',
      'frequent=2',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /^Backups during rescans: every 2 \(frequent\) analysed tracks$/m);
    // Timed backups off: backups during rescans do not depend on them (as in the app).
    assert.equal((await run(['schedule', 'off', '--data-dir', dataDir])).code, 0);
    assert.deepEqual((await readScheduleConfig(scheduleDir, library))?.progressTiers, { frequent: 2 });

    const scan = await json<{ summary: RescanSummaryView; progressBackups: ProgressBackupJson[] }>(
      ['rescan', '--force', '--confirm', 'YES', '--workers', '1', '--data-dir', dataDir],
      1,
    );
    assert.equal(scan.summary.analysed, PLAYABLE.length);
    // All four are written in one batch: one backup for the crossing, at 4 analysed.
    assert.equal(scan.progressBackups.length, 1);
    assert.deepEqual(
      { name: scan.progressBackups[0]!.name, tier: scan.progressBackups[0]!.tier },
      { name: 'rescan-frequent-4', tier: 'frequent' },
    );

    const list = await json<{ id: string; trigger: string; name: string | null }[]>(['list']);
    const scheduled = list.filter((b) => b.trigger === 'scheduled');
    assert.deepEqual(
      scheduled.map((b) => b.id),
      [scan.progressBackups[0]!.id],
    );
    assert.equal(list.filter((b) => b.trigger === 'auto_before_force').length, 1);
  });

  it('keeps the saved tiers when schedule set is run without --rescan-backups, and clears them with off', async () => {
    const scheduleDir = scheduleStateDir(dataDir);
    const tiers = async (): Promise<unknown> =>
      (await readScheduleConfig(scheduleDir, library))?.progressTiers;
    assert.equal(
      (await run(['schedule', 'set', 'weekly', 'sunday', '03:00', '--data-dir', dataDir])).code,
      0,
    );
    assert.deepEqual(await tiers(), { frequent: 2 });
    const status = await run(['schedule', 'status', '--data-dir', dataDir]);
    assert.match(status.out, /^Backups during rescans: every 2 \(frequent\) analysed tracks$/m);
    const wrongPlace = await run(['schedule', 'on', '--rescan-backups', 'default', '--data-dir', dataDir]);
    assert.equal(wrongPlace.code, 2, wrongPlace.err);
    assert.match(wrongPlace.err, /--rescan-backups only goes with schedule set/);
    assert.equal(
      (await run(['schedule', 'set', 'daily', '03:00', '--rescan-backups', 'off', '--data-dir', dataDir]))
        .code,
      0,
    );
    assert.equal(await tiers(), null);
  });

  it('lists the progress backups under the summary, and says nothing when there were none', () => {
    assert.equal(renderProgressBackups([]), '');
    assert.equal(
      renderProgressBackups([{ id: '20240101-000000-abcd', name: 'rescan-frequent-4', tier: 'frequent' }]),
      'Backups made during the rescan: 1\n  20240101-000000-abcd (rescan-frequent-4)\n',
    );
  });
});
