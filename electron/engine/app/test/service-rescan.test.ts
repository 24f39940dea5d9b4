// The service's rescan methods on a small demo library with real (synthesized) audio:
// the plan's counts, a safe rescan to the end, the force confirmation refused before
// anything happens, a force rescan's auto_before_force backup, cancel, busy, and the
// every-N-tracks progress backups.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError, type BackbeatEvent } from '../../../../shared/contract';
import type { RescanSummaryView } from '../../../../shared/rescan-types';
import type { JobInfo } from '../../../../shared/types';
import { writeDemoAudio } from '../../audio/demo-audio';
import { createDemoLibrary } from '../../demo/demo';
import { createBackbeatService, type BackbeatService } from '../service';
import { makeTempDir } from '../../test/fixtures/temp-dir';

interface Setup {
  service: BackbeatService;
  library: string;
  events: BackbeatEvent[];
}

async function setUp(t: { after(fn: () => Promise<void> | void): void }, tracks = 12): Promise<Setup> {
  const tmp = makeTempDir('service-rescan');
  const library = await createDemoLibrary(path.join(tmp.dir, 'lib'), { tracks });
  await writeDemoAudio(library, { seconds: 4 });
  const service = createBackbeatService({
    dataDir: path.join(tmp.dir, 'data'),
    appVersion: 'test',
    mode: 'browser',
    log: () => undefined,
  });
  const events: BackbeatEvent[] = [];
  service.onEvent((e) => events.push(e));
  t.after(async () => {
    await service.dispose();
    tmp.cleanup();
  });
  await service.setLibrary({ path: library });
  return { service, library, events };
}

function finished(s: Setup, jobId: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const check = async (): Promise<void> => {
      const job = (await s.service.listJobs({})).find((j) => j.id === jobId);
      if (job && job.state !== 'running') resolve(job);
      else setTimeout(() => void check(), 20);
    };
    void check();
  });
}

function counts(library: string): { analysed: number; pending: number } {
  const db = new Database(library, { readonly: true });
  try {
    const row = db
      .prepare(
        // The demo is variant A: failures live in Backbeat's state folder, none yet.
        'SELECT sum(sonic_features IS NOT NULL) AS analysed, sum(sonic_features IS NULL) AS pending FROM tracks',
      )
      .get() as { analysed: number; pending: number };
    return row;
  } finally {
    db.close();
  }
}

/** Every tracks row, hashed: proves a refused call changed nothing. */
function tracksHash(library: string): string {
  const db = new Database(library, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM tracks ORDER BY track_id').all();
    return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  } finally {
    db.close();
  }
}

test('getRescanPlan counts what each mode would touch', async (t) => {
  const s = await setUp(t);
  const { analysed, pending } = counts(s.library);
  assert.ok(pending > 0 && analysed > 0, 'the demo has both analysed and pending tracks');
  const safe = await s.service.getRescanPlan({ mode: 'safe' });
  assert.equal(safe.totalTracks, 12);
  assert.equal(safe.toAnalyse, pending);
  assert.equal(safe.alreadyAnalysed, analysed);
  assert.equal(safe.wouldOverwrite, 0);
  assert.ok(safe.defaultWorkers >= 1);
  const force = await s.service.getRescanPlan({ mode: 'force' });
  assert.equal(force.toAnalyse, 12);
  assert.equal(force.wouldOverwrite, analysed);
  assert.equal((await s.service.getRescanPlan({ mode: 'force', limit: 3 })).toAnalyse, 3);
});

test('a safe rescan analyses exactly the pending tracks and says the library changed', async (t) => {
  const s = await setUp(t);
  const { pending } = counts(s.library);
  const { jobId } = await s.service.startRescan({ mode: 'safe', workers: 2 });
  const job = await finished(s, jobId);
  assert.equal(job.state, 'succeeded', job.error ?? '');
  assert.equal(job.kind, 'rescan');
  assert.equal(job.title, 'Rescan (safe)');
  const summary = job.result as RescanSummaryView;
  assert.equal(summary.failedCount, 0, JSON.stringify(summary.failed));
  assert.equal(summary.analysed, pending);
  assert.equal(summary.backupId, null);
  assert.equal(counts(s.library).pending, 0);
  assert.ok(s.events.some((e) => e.type === 'library-changed'));
  assert.equal((await s.service.listBackups({})).length, 0, 'safe mode makes no backup');
});

test('force without exactly YES is refused before anything happens', async (t) => {
  const s = await setUp(t);
  const before = tracksHash(s.library);
  for (const confirm of ['yes', ' YES ', 'Yes', undefined]) {
    await assert.rejects(
      s.service.startRescan({ mode: 'force', ...(confirm !== undefined ? { confirm } : {}) }),
      (e: unknown) =>
        e instanceof ContractError &&
        e.code === 'bad-arguments' &&
        /Type YES \(in capitals\)/.test(e.message),
      `confirm ${String(confirm)}`,
    );
  }
  assert.equal((await s.service.listJobs({})).length, 0, 'no job was started');
  assert.equal(tracksHash(s.library), before);
  assert.equal((await s.service.listBackups({})).length, 0);
});

test('force with YES backs up first (auto_before_force), then re-analyses every track', async (t) => {
  const s = await setUp(t);
  const { jobId } = await s.service.startRescan({ mode: 'force', confirm: 'YES', workers: 2 });
  const job = await finished(s, jobId);
  assert.equal(job.state, 'succeeded', job.error ?? '');
  assert.equal(job.title, 'Rescan (force)');
  const summary = job.result as RescanSummaryView;
  assert.equal(summary.analysed, 12, JSON.stringify(summary.failed));
  const backups = await s.service.listBackups({});
  assert.equal(backups.length, 1);
  assert.equal(backups[0]!.trigger, 'auto_before_force');
  assert.equal(backups[0]!.id, summary.backupId);
  assert.ok(s.events.some((e) => e.type === 'backups-changed'));
});

test('a rescan can be cancelled, and holds off backups while it runs', async (t) => {
  const s = await setUp(t, 60);
  const { jobId } = await s.service.startRescan({ mode: 'force', confirm: 'YES', workers: 1 });
  await assert.rejects(
    s.service.startBackup({}),
    (e: unknown) => e instanceof ContractError && e.code === 'busy',
  );
  await assert.rejects(
    s.service.startRescan({ mode: 'safe' }),
    (e: unknown) => e instanceof ContractError && e.code === 'busy',
  );
  assert.deepEqual(await s.service.cancelJob({ jobId }), { cancelled: true });
  const job = await finished(s, jobId);
  assert.equal(job.state, 'cancelled');
  assert.match(job.error ?? '', /cancelled/);
  assert.ok(
    s.events.some((e) => e.type === 'library-changed'),
    'library-changed even when cancelled',
  );
  // The lock is free again.
  const again = await finished(s, (await s.service.startRescan({ mode: 'safe', limit: 1 })).jobId);
  assert.equal(again.state, 'succeeded', again.error ?? '');
});

test('with progress tiers saved, a rescan makes tier backups as it goes', async (t) => {
  const s = await setUp(t);
  await s.service.setSchedule({
    enabled: false,
    schedule: { kind: 'daily', time: '03:00' },
    progressTiers: { frequent: 2 },
  });
  // Force, so all 12 tracks are analysed (the demo has few pending ones).
  const job = await finished(
    s,
    (await s.service.startRescan({ mode: 'force', confirm: 'YES', workers: 2 })).jobId,
  );
  assert.equal(job.state, 'succeeded', job.error ?? '');
  const tierBackups = (await s.service.listBackups({})).filter((b) => b.trigger === 'scheduled');
  // One batch (at most 50 tracks) commits all 12 at once: one backup for the crossing.
  assert.equal(tierBackups.length, 1);
  assert.equal(tierBackups[0]!.name, 'rescan-frequent-12');
});

test("the overview's stats count variant A's recorded failures as failed, not pending", async (t) => {
  const s = await setUp(t);
  // One pending track points at a file that is not there, so its analysis fails.
  // Another track loses its analysis (and keeps its audio), so the scan is partly done, not refused.
  const db = new Database(s.library);
  try {
    db.prepare(
      `UPDATE tracks SET file_path = 'gone/missing.flac'
        WHERE track_id = (SELECT track_id FROM tracks WHERE sonic_features IS NULL ORDER BY rowid LIMIT 1)`,
    ).run();
    db.prepare(
      `UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL
        WHERE track_id = (SELECT track_id FROM tracks WHERE sonic_features IS NOT NULL ORDER BY rowid LIMIT 1)`,
    ).run();
  } finally {
    db.close();
  }
  const before = (await s.service.getOverview({})).stats!;
  assert.equal(before.variant, 'A');
  assert.equal(before.failed, 0);
  const plan = await s.service.getRescanPlan({ mode: 'safe' });
  assert.deepEqual(plan.audio, { checked: 2, missing: 1, firstMissing: 'gone/missing.flac' });
  const job = await finished(s, (await s.service.startRescan({ mode: 'safe', workers: 2 })).jobId);
  // One of two tracks failed: the job is partly done, never "succeeded".
  assert.equal(job.state, 'partial', job.error ?? '');
  assert.deepEqual(job.tally, { done: 1, total: 2, verb: 'analysed' });
  assert.equal((job.result as RescanSummaryView).failedCount, 1);

  const after = (await s.service.getOverview({})).stats!;
  assert.equal(counts(s.library).pending, 1, 'the database still has the one track without features');
  assert.deepEqual(
    [after.tracks, after.analyzed, after.pending, after.failed],
    [12, 11, 0, 1],
    'the failure recorded in the state folder shows as failed',
  );
});

test('with none of the audio there, the plan is blocked and startRescan is refused before any job or backup', async (t) => {
  const s = await setUp(t);
  // The drive is unplugged: every audio file is gone.
  fs.rmSync(path.join(path.dirname(s.library), 'music'), { recursive: true, force: true });
  const hash = tracksHash(s.library);
  const plan = await s.service.getRescanPlan({ mode: 'force' });
  assert.equal(plan.audio.missing, 12);
  assert.match(
    plan.blocked ?? '',
    /^None of the 12 audio files were found \(first: music\/.+\)\. Is the drive connected\?$/,
  );
  for (const args of [{ mode: 'safe' as const }, { mode: 'force' as const, confirm: 'YES' }]) {
    const expected = (await s.service.getRescanPlan({ mode: args.mode })).blocked;
    assert.ok(expected, `${args.mode} mode is blocked too`);
    await assert.rejects(
      s.service.startRescan(args),
      (e: unknown) => e instanceof ContractError && e.code === 'not-applicable' && e.message === expected,
    );
  }
  assert.deepEqual(await s.service.listJobs({}), [], 'no job was started');
  assert.deepEqual(await s.service.listBackups({}), [], 'no safety backup was made');
  assert.equal(tracksHash(s.library), hash);
});
