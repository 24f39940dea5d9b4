// The service's jobs end to end on a small demo library: backup, verify, restore
// preview (paging, filtering), restore, pin, cleanup, delete, cancel, busy, dispose.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContractError, type BackbeatEvent } from '../../../../shared/contract';
import type {
  BackupMeta,
  JobInfo,
  RestorePreviewSummary,
  RestoreResult,
  VerifyResult,
} from '../../../../shared/types';
import { createBackbeatService, type BackbeatService } from '../service';
import { damageAnalysis, missingAnalysis } from '../../test/fixtures/library-edits';
import { atTheBoundary } from './boundary';

function isContractError(code: string): (e: unknown) => boolean {
  return (e: unknown) => e instanceof ContractError && e.code === code;
}

describe('service jobs', () => {
  let root: string;
  let service: BackbeatService;
  let library: string;
  const events: BackbeatEvent[] = [];

  /** Waits for the job's final event. */
  function finished(jobId: string): Promise<JobInfo> {
    return new Promise((resolve) => {
      const seen = events.find((e) => e.type === 'job' && e.job.id === jobId && e.job.state !== 'running');
      if (seen?.type === 'job') return resolve(seen.job);
      const off = service.onEvent((e) => {
        if (e.type === 'job' && e.job.id === jobId && e.job.state !== 'running') {
          off();
          resolve(e.job);
        }
      });
    });
  }

  async function succeeded<T>(start: Promise<{ jobId: string }>): Promise<T> {
    const job = await finished((await start).jobId);
    assert.equal(job.state, 'succeeded', job.error ?? '');
    return job.result as T;
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-service-jobs-'));
    service = createBackbeatService({
      dataDir: path.join(root, 'data'),
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: () => undefined,
    });
    service.onEvent((e) => events.push(e));
    const overview = await service.createDemoLibrary({ tracks: 200 });
    library = overview.settings.libraryPath!;
  });
  after(async () => {
    await service.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  let first: BackupMeta;

  it('backs up as a job with progress events, then lists the backup', async () => {
    events.length = 0;
    const { jobId } = await service.startBackup({ name: 'first' });
    const end = await finished(jobId);
    assert.equal(end.state, 'succeeded', end.error ?? '');
    first = end.result as BackupMeta;
    assert.equal(first.name, 'first');
    assert.equal(first.stats.tracks, 200);
    assert.equal(first.trigger, 'manual');
    assert.equal(first.appVersion, '9.9.9-test');
    const jobEvents = events.flatMap((e) => (e.type === 'job' && e.job.id === jobId ? [e.job] : []));
    assert.equal(jobEvents[0]!.state, 'running');
    assert.equal(jobEvents[0]!.kind, 'backup');
    assert.ok(
      jobEvents.some((j) => j.state === 'running' && j.progress.fraction > 0 && j.progress.phase !== 'start'),
      `progress events: ${jobEvents.map((j) => `${j.progress.phase}:${j.progress.fraction}`).join(', ')}`,
    );
    const fractions = jobEvents.map((j) => j.progress.fraction);
    assert.deepEqual(
      [...fractions].sort((a, b) => a - b),
      fractions,
      'progress never goes backwards',
    );
    assert.ok(events.some((e) => e.type === 'backups-changed'));

    const list = await service.listBackups({});
    assert.deepEqual(
      list.map((b) => b.id),
      [first.id],
    );
    assert.equal((await service.getBackup({ id: first.id })).name, 'first');
    await assert.rejects(service.getBackup({ id: 'nope-123' }), isContractError('not-found'));
    const overview = await service.getOverview({});
    assert.equal(overview.backupCount, 1);
    assert.equal(overview.newestBackup?.id, first.id);
  });

  it('verifies a backup and records it', async () => {
    events.length = 0;
    const result = await succeeded<VerifyResult>(service.startVerify({ id: first.id }));
    assert.equal(result.ok, true, result.problems.join('; '));
    assert.equal((await service.getBackup({ id: first.id })).verified, true);
    assert.ok(events.some((e) => e.type === 'backups-changed'));
    await assert.rejects(service.startVerify({ id: 'nope-123' }), isContractError('not-found'));
  });

  let damaged = 0;
  let summary: RestorePreviewSummary;

  it('previews a restore, then pages and filters its changes', async () => {
    damaged = damageAnalysis(library);
    assert.ok(damaged > 5);
    summary = await succeeded<RestorePreviewSummary>(service.startRestorePreview({ id: first.id }));
    assert.equal(summary.toRestore, damaged);
    assert.equal(summary.backupId, first.id);
    assert.match(summary.previewId, /^preview-/);
    assert.equal(missingAnalysis(library) >= damaged, true, 'a preview changes nothing');

    const all = await service.getRestorePreviewPage({ previewId: summary.previewId, offset: 0, limit: 1000 });
    assert.equal(all.total, damaged);
    assert.equal(all.items.length, damaged);
    const page = await service.getRestorePreviewPage({ previewId: summary.previewId, offset: 2, limit: 3 });
    assert.equal(page.total, damaged);
    assert.equal(page.offset, 2);
    assert.deepEqual(
      page.items.map((i) => i.trackId),
      all.items.slice(2, 5).map((i) => i.trackId),
    );
    const past = await service.getRestorePreviewPage({
      previewId: summary.previewId,
      offset: 5000,
      limit: 10,
    });
    assert.deepEqual(past.items, []);

    const target = all.items.find((i) => i.artist)!;
    const needle = target.artist!.slice(1, 5).toUpperCase();
    const filtered = await service.getRestorePreviewPage({
      previewId: summary.previewId,
      offset: 0,
      limit: 1000,
      filter: needle,
    });
    const expected = all.items.filter((i) =>
      [i.artist, i.title, i.filePath].some((f) => f?.toLowerCase().includes(needle.toLowerCase())),
    );
    assert.ok(filtered.total >= 1 && filtered.total < damaged, `filter ${needle} matched ${filtered.total}`);
    assert.deepEqual(
      filtered.items.map((i) => i.trackId),
      expected.map((i) => i.trackId),
    );
    const byPath = await service.getRestorePreviewPage({
      previewId: summary.previewId,
      offset: 0,
      limit: 10,
      filter: path.basename(target.filePath!),
    });
    assert.ok(byPath.items.some((i) => i.trackId === target.trackId));
    const none = await service.getRestorePreviewPage({
      previewId: summary.previewId,
      offset: 0,
      limit: 10,
      filter: 'no such artist zzzz',
    });
    assert.equal(none.total, 0);
  });

  it('restores, with a safety backup and library-changed', async () => {
    events.length = 0;
    const result = await succeeded<RestoreResult>(service.startRestore({ id: first.id, mode: 'additive' }));
    assert.equal(result.restored, damaged);
    assert.equal(result.mode, 'additive');
    assert.ok(events.some((e) => e.type === 'library-changed'));
    const list = await service.listBackups({});
    const safety = list.find((b) => b.id === result.safetyBackupId);
    assert.equal(safety?.trigger, 'auto_before_restore');
    const again = await succeeded<RestorePreviewSummary>(service.startRestorePreview({ id: first.id }));
    assert.equal(again.toRestore, 0);
  });

  it('pins, cleans up (keeping pins) and deletes', async () => {
    events.length = 0;
    const pinned = await service.setPinned({ id: first.id, pinned: true });
    assert.equal(pinned.pinned, true);
    assert.ok(events.some((e) => e.type === 'backups-changed'));
    await succeeded<BackupMeta>(service.startBackup({}));
    const before = await service.listBackups({});
    assert.equal(before.length, 3);

    const dry = await service.cleanup({ keep: 1, dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.equal(dry.removed.length, 1);
    assert.ok(
      dry.kept.some((k) => k.id === first.id),
      'the pinned backup is kept',
    );
    assert.equal((await service.listBackups({})).length, 3, 'a dry run removes nothing');
    await assert.rejects(
      atTheBoundary(service, 'cleanup', { keep: 0, dryRun: false }),
      isContractError('bad-arguments'),
    );

    const real = await service.cleanup({ keep: 1, dryRun: false });
    assert.deepEqual(
      real.removed.map((r) => r.id),
      dry.removed.map((r) => r.id),
    );
    assert.equal((await service.listBackups({})).length, 2);

    const victim = (await service.listBackups({})).find((b) => b.id !== first.id)!;
    assert.deepEqual(await service.deleteBackup({ id: victim.id }), { deleted: victim.id });
    assert.deepEqual(
      (await service.listBackups({})).map((b) => b.id),
      [first.id],
    );
    await assert.rejects(service.deleteBackup({ id: victim.id }), isContractError('not-found'));
  });

  it('cancels a running backup, which ends as cancelled and leaves no backup', async () => {
    const { jobId } = await service.startBackup({ name: 'to-cancel' });
    assert.deepEqual(await service.cancelJob({ jobId }), { cancelled: true });
    const end = await finished(jobId);
    assert.equal(end.state, 'cancelled');
    assert.ok(!(await service.listBackups({})).some((b) => b.name === 'to-cancel'));
    const jobs = await service.listJobs({});
    assert.equal(jobs.find((j) => j.id === jobId)?.state, 'cancelled');
  });

  it('refuses a second backup while one runs, and dispose cancels running jobs', async () => {
    const { jobId } = await service.startBackup({});
    await assert.rejects(service.startBackup({}), isContractError('busy'));
    await assert.rejects(service.startRestore({ id: first.id, mode: 'additive' }), isContractError('busy'));
    const ended = finished(jobId);
    await service.dispose();
    const end = await ended;
    assert.equal(end.state, 'cancelled');
    await assert.rejects(service.listJobs({}), isContractError('internal'));
  });
});
