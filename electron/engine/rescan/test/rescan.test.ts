// The rescan job on real files: safe mode touches only pending tracks and records
// failures (variant A outside the user's database, variant B in sonic_failed_at);
// force mode refuses without an exact YES, backs up first, and stops if that backup
// fails; plans count what would be overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../../shared/errors';
import { listBackups } from '../../backup/backup-store';
import { failureFilePath } from '../failure-store';
import { stateOf } from '../../runtime/jobs';
import { planRescan } from '../plan';
import { runRescan } from '../rescan';
import type { RescanOptions } from '../types';
import { rescanPlanView, rescanSummaryView, rescanVerdict } from '../../app/service-rescan';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import {
  bpmOf,
  columnsOf,
  createLibrary,
  readRows,
  recordingContext,
  writeClip,
  type FixtureTrack,
} from '../../test/fixtures/rescan-fixtures';

const LEGACY = JSON.stringify({ tempo: 99, mfcc: [1, 2, 3] });

interface Setup {
  dir: string;
  libraryPath: string;
  backupDir: string;
  stateDir: string;
}

/**
 * t1: relative path, 120 BPM. t2: absolute path, 90 BPM. t3: missing file. t4: junk.
 * t5: legacy features and a real file. t6: no file_path.
 */
function setup(dir: string, variant: 'A' | 'B', extra: FixtureTrack[] = []): Setup {
  const libraryPath = path.join(dir, 'library.db');
  writeClip(path.join(dir, 'audio', 't1.wav'), 120);
  writeClip(path.join(dir, 'elsewhere', 't2.wav'), 90);
  writeClip(path.join(dir, 'audio', 't5.wav'), 128);
  fs.writeFileSync(path.join(dir, 'audio', 'junk.mp3'), 'not audio at all '.repeat(100));
  createLibrary(libraryPath, variant, [
    { id: 't1', filePath: 'audio/t1.wav' },
    { id: 't2', filePath: path.join(dir, 'elsewhere', 't2.wav') },
    { id: 't3', filePath: 'audio/missing.flac' },
    { id: 't4', filePath: 'audio/junk.mp3' },
    { id: 't5', filePath: 'audio/t5.wav', features: LEGACY },
    { id: 't6', filePath: null },
    ...extra,
  ]);
  return { dir, libraryPath, backupDir: path.join(dir, 'backups'), stateDir: path.join(dir, 'state') };
}

function opts(s: Setup, extra: Partial<RescanOptions> = {}): RescanOptions {
  return {
    libraryPath: s.libraryPath,
    backupDir: s.backupDir,
    stateDir: s.stateDir,
    mode: 'safe',
    workers: 2,
    appVersion: '0.0.0-test',
    ctx: recordingContext(),
    ...extra,
  };
}

function hashFiles(libraryPath: string): string {
  const h = crypto.createHash('sha256');
  for (const p of [libraryPath, `${libraryPath}-wal`]) if (fs.existsSync(p)) h.update(fs.readFileSync(p));
  return h.digest('hex');
}

test('variant A, safe mode: only pending tracks are analysed; failures go to the state folder, not the library', async (t) => {
  const tmp = makeTempDir('rescan-safe-a');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  const columnsBefore = columnsOf(s.libraryPath);
  const ctx = recordingContext();
  const summary = await runRescan(opts(s, { ctx }));

  assert.equal(summary.variant, 'A');
  assert.equal(summary.selected, 5);
  assert.equal(summary.analysed, 2);
  assert.equal(summary.failedCount, 3);
  assert.equal(summary.skipped, 1);
  assert.equal(summary.cancelled, false);
  assert.equal(summary.backupId, null);
  const reasons = Object.fromEntries(summary.failed.map((f) => [f.trackId, f.reason]));
  assert.deepEqual(Object.keys(reasons).sort(), ['t3', 't4', 't6']);
  assert.equal(reasons.t3, 'file not found');
  assert.match(reasons.t4!, /^not an audio file/);
  assert.equal(reasons.t6, 'no file path');

  const rows = readRows(s.libraryPath);
  assert.ok(Math.abs(bpmOf(rows.t1!.sonic_features) - 120) < 1);
  assert.ok(Math.abs(bpmOf(rows.t2!.sonic_features) - 90) < 1);
  for (const id of ['t1', 't2']) {
    const at = String(rows[id]!.sonic_features_updated_at);
    assert.equal(new Date(at).toISOString(), at, 'ISO timestamp');
    assert.equal(JSON.parse(String(rows[id]!.sonic_features)).full.extraction_method, 'beat3tower');
  }
  assert.equal(rows.t5!.sonic_features, LEGACY, 'an analysed track is left alone');
  assert.equal(rows.t5!.sonic_features_updated_at, '2024-01-01T00:00:00.000Z');
  for (const id of ['t3', 't4', 't6']) assert.equal(rows[id]!.sonic_features, null);
  assert.deepEqual(columnsOf(s.libraryPath), columnsBefore, 'no new columns in the user database');

  const failures = JSON.parse(fs.readFileSync(failureFilePath(s.stateDir, s.libraryPath), 'utf8'));
  assert.deepEqual(Object.keys(failures.failures).sort(), ['t3', 't4', 't6']);
  assert.equal(failures.failures.t3.reason, 'file not found');

  // Progress named the files and counted tracks.
  const labels = ctx.updates.map((u) => u.label);
  assert.ok(
    labels.some((l) => l.includes('audio/t1.wav')),
    labels.join('\n'),
  );
  assert.ok(labels.some((l) => /Analysed 5 of 5 tracks/.test(l)));
  // The same facts come typed, for the app's Rescan screen.
  const counted = ctx.updates.map((u) => u.items).filter((i) => i !== undefined && i !== null);
  assert.deepEqual(
    counted.map((i) => [i.done, i.total]),
    ctx.updates
      .filter((u) => u.phase === 'analyse')
      .map((u) => [Number(/Analysed (\d+)/.exec(u.label)![1]), 5]),
  );
  assert.equal(counted[0]!.perSecond, null, 'no rate before the first track is done');
  assert.ok(counted.at(-1)!.perSecond! > 0);
  assert.ok(counted.some((i) => i.current?.endsWith('audio/t1.wav')));

  // The failed tracks are not retried by default, only when asked.
  const again = planRescan({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'safe' });
  assert.deepEqual([again.toAnalyse, again.previouslyFailed, again.alreadyAnalysed], [0, 3, 3]);
  const retry = planRescan({
    libraryPath: s.libraryPath,
    stateDir: s.stateDir,
    mode: 'safe',
    retryFailed: true,
  });
  assert.equal(retry.toAnalyse, 3);
  const force = planRescan({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'force' });
  assert.deepEqual([force.toAnalyse, force.wouldOverwrite, force.wouldOverwriteBeat3tower], [6, 3, 2]);
  const limited = planRescan({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'force', limit: 2 });
  assert.deepEqual([limited.toAnalyse, limited.wouldOverwrite], [2, 2]);

  // A file that appears later is analysed on retry, and its failure record goes away.
  writeClip(path.join(tmp.dir, 'audio', 'missing.flac'), 140);
  const second = await runRescan(opts(s, { retryFailed: true }));
  assert.equal(second.analysed, 1);
  const after = JSON.parse(fs.readFileSync(failureFilePath(s.stateDir, s.libraryPath), 'utf8'));
  assert.deepEqual(Object.keys(after.failures).sort(), ['t4', 't6']);
  assert.ok(Math.abs(bpmOf(readRows(s.libraryPath).t3!.sonic_features) - 140) < 1);
});

test('variant B: success writes epoch time and source and clears the failure; failure sets sonic_failed_at', async (t) => {
  const tmp = makeTempDir('rescan-b');
  t.after(tmp.cleanup);
  writeClip(path.join(tmp.dir, 'audio', 'was-failed.wav'), 100);
  const s = setup(tmp.dir, 'B', [{ id: 't7', filePath: 'audio/was-failed.wav', failedAt: 1_600_000_000 }]);
  const before = Math.floor(Date.now() / 1000);
  const plan = planRescan({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'safe' });
  assert.deepEqual([plan.toAnalyse, plan.previouslyFailed], [5, 1]);
  const summary = await runRescan(opts(s, { retryFailed: true }));
  const after = Math.floor(Date.now() / 1000);
  assert.equal(summary.analysed, 3);
  const rows = readRows(s.libraryPath);
  for (const id of ['t1', 't2', 't7']) {
    const r = rows[id]!;
    assert.equal(r.sonic_source, 'beat3tower_beats');
    assert.equal(r.sonic_failed_at, null);
    assert.ok(Number(r.sonic_analyzed_at) >= before && Number(r.sonic_analyzed_at) <= after);
  }
  assert.ok(Math.abs(bpmOf(rows.t7!.sonic_features) - 100) < 1);
  for (const id of ['t3', 't4', 't6']) {
    assert.equal(rows[id]!.sonic_features, null);
    assert.ok(Number(rows[id]!.sonic_failed_at) >= before && Number(rows[id]!.sonic_failed_at) <= after, id);
  }
  assert.equal(rows.t5!.sonic_features, LEGACY);
  assert.equal(rows.t5!.sonic_source, 'legacy');
  assert.equal(
    fs.existsSync(failureFilePath(s.stateDir, s.libraryPath)),
    false,
    'variant B keeps failures in the library',
  );
});

test('force mode refuses without exactly YES and changes nothing', async (t) => {
  const tmp = makeTempDir('rescan-refuse');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  const hash = hashFiles(s.libraryPath);
  for (const confirm of [undefined, 'yes', 'Yes', ' YES ', 'YES\n', 'YES!', '']) {
    await assert.rejects(runRescan(opts(s, { mode: 'force', confirm })), (err: unknown) => {
      assert.ok(err instanceof ContractError);
      assert.equal(err.code, 'bad-arguments');
      assert.match(err.message, /exactly YES/);
      return true;
    });
  }
  assert.equal(hashFiles(s.libraryPath), hash);
  assert.equal(fs.existsSync(s.backupDir), false, 'no backup either');
  assert.equal(fs.existsSync(s.stateDir), false);
});

test('force mode with YES backs up first (auto_before_force), then re-analyses every track', async (t) => {
  const tmp = makeTempDir('rescan-force');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  const ctx = recordingContext();
  const summary = await runRescan(opts(s, { mode: 'force', confirm: 'YES', ctx }));
  const backups = await listBackups(s.backupDir);
  assert.equal(backups.length, 1);
  const meta = backups[0]!.meta!;
  assert.equal(meta.trigger, 'auto_before_force');
  assert.equal(summary.backupId, meta.id);
  // The backup holds the library as it was before the scan wrote anything.
  assert.deepEqual([meta.stats.analyzed, meta.stats.legacy, meta.stats.beat3tower], [1, 1, 0]);
  assert.ok(fs.statSync(path.join(s.backupDir, `${meta.id}.db.gz`)).size > 0);
  // The audio is looked for first, then the backup is made, before any analysis.
  const phases = [...new Set(ctx.updates.map((u) => u.phase))];
  assert.deepEqual(phases.slice(0, 2), ['audio-check', 'backup']);
  assert.deepEqual([summary.selected, summary.analysed, summary.failedCount], [6, 3, 3]);
  const rows = readRows(s.libraryPath);
  assert.ok(Math.abs(bpmOf(rows.t5!.sonic_features) - 128) < 1, 'the legacy analysis was replaced');
});

test('force mode stops without changing anything when the backup fails', async (t) => {
  const tmp = makeTempDir('rescan-force-fail');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  // A file where the backup folder should be: the backup cannot be written.
  fs.writeFileSync(s.backupDir, 'in the way');
  const hash = hashFiles(s.libraryPath);
  await assert.rejects(runRescan(opts(s, { mode: 'force', confirm: 'YES' })), (err: unknown) => {
    assert.ok(err instanceof ContractError);
    assert.match(err.message, /backup before the force rescan failed, so nothing was rescanned/);
    return true;
  });
  assert.equal(hashFiles(s.libraryPath), hash);
  assert.equal(readRows(s.libraryPath).t5!.sonic_features, LEGACY);
});

test('a library without a tracks table is not applicable; bad options are refused', async (t) => {
  const tmp = makeTempDir('rescan-bad');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  await assert.rejects(runRescan(opts(s, { workers: 0 })), /whole number, at least 1/);
  await assert.rejects(runRescan(opts(s, { mode: 'turbo' as 'safe' })), /"safe" or "force"/);
  const other = path.join(tmp.dir, 'other.db');
  createLibrary(other, 'A', []);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(other);
  db.exec('DROP TABLE tracks');
  db.close();
  await assert.rejects(runRescan(opts({ ...s, libraryPath: other })), (err: unknown) => {
    assert.ok(err instanceof ContractError && err.code === 'not-applicable');
    return true;
  });
});

test('with none of the audio found, a rescan is refused before any backup and changes nothing', async (t) => {
  const tmp = makeTempDir('rescan-no-audio');
  t.after(tmp.cleanup);
  const libraryPath = path.join(tmp.dir, 'library.db');
  createLibrary(libraryPath, 'B', [
    { id: 'a', filePath: '/unplugged/music/a.flac' },
    { id: 'b', filePath: '/unplugged/music/b.flac' },
    { id: 'c', filePath: null },
  ]);
  const s: Setup = {
    dir: tmp.dir,
    libraryPath,
    backupDir: path.join(tmp.dir, 'backups'),
    stateDir: path.join(tmp.dir, 'state'),
  };
  const hash = hashFiles(libraryPath);
  for (const mode of ['safe', 'force'] as const) {
    await assert.rejects(
      runRescan(opts(s, { mode, ...(mode === 'force' ? { confirm: 'YES' } : {}) })),
      (err: unknown) => {
        assert.ok(err instanceof ContractError);
        assert.equal(err.code, 'not-applicable');
        assert.equal(
          err.message,
          'None of the 3 audio files were found (first: /unplugged/music/a.flac). Is the drive connected?',
        );
        return true;
      },
    );
  }
  assert.equal(hashFiles(libraryPath), hash, 'no track marked failed');
  assert.equal(fs.existsSync(s.backupDir), false, 'no safety backup');
  assert.equal(fs.existsSync(s.stateDir), false);
});

test('the plan counts missing audio; some missing does not block, and failures name artist and title', async (t) => {
  const tmp = makeTempDir('rescan-some-audio');
  t.after(tmp.cleanup);
  const s = setup(tmp.dir, 'A');
  const plan = await rescanPlanView({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'safe' });
  // t3's file is missing and t6 has no path; t1, t2 and t4 (junk, but there) are found.
  assert.deepEqual(plan.audio, { checked: 5, missing: 2, firstMissing: 'audio/missing.flac' });
  assert.equal(plan.blocked, null);
  const summary = rescanSummaryView(await runRescan(opts(s)));
  assert.deepEqual([summary.analysed, summary.failedCount], [2, 3]);
  const t3 = summary.failed.find((f) => f.trackId === 't3')!;
  assert.deepEqual([t3.artist, t3.title], ['Artist', 'Title t3']);
  // As a job: some tracks failed, so it is partial, never "succeeded".
  const verdict = rescanVerdict(summary)!;
  assert.deepEqual(verdict.tally, { done: 2, total: 5, verb: 'analysed' });
  assert.equal(stateOf(verdict.tally), 'partial');
  // After it, safe mode has nothing left but the failures, and the plan says so.
  const after = await rescanPlanView({ libraryPath: s.libraryPath, stateDir: s.stateDir, mode: 'safe' });
  assert.deepEqual([after.toAnalyse, after.previouslyFailed], [0, 3]);
});

test('a rescan in which every track failed is judged failed, with the first track by name', () => {
  const verdict = rescanVerdict({
    mode: 'safe',
    variant: 'A',
    selected: 2,
    analysed: 0,
    failed: [
      {
        trackId: 'x1',
        artist: 'Nina Simone',
        title: 'Sinnerman',
        filePath: 'a.flac',
        reason: 'file not found',
      },
    ],
    failedCount: 2,
    skipped: 0,
    cancelled: false,
    backupId: null,
    workers: 1,
    seconds: 1,
    tracksPerSecond: 0,
    busyRetries: 0,
  })!;
  assert.equal(stateOf(verdict.tally), 'failed');
  assert.equal(
    verdict.noneDone,
    'None of the 2 tracks could be analysed. The first: Nina Simone - Sinnerman: file not found.',
  );
});
