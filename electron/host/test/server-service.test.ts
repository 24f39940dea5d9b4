// The browser host over the REAL service: a temp data folder, the demo library with
// a few tracks, and every contract method called through HTTP, plus job events over SSE.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { METHOD_NAMES } from '../../../shared/contract';
import type { BackbeatEvent, MethodName } from '../../../shared/contract';
import type { BackupListEntry, JobInfo, LibraryOverview, RestorePreviewSummary } from '../../../shared/types';
import type { RepositoryReadiness, SnapshotSearchResult } from '../../../shared/repository-browse';
import type {
  RepoSnapshotEntry,
  RepositoryView,
  SnapshotDiffResult,
  SnapshotFilesResult,
} from '../../../shared/repository-types';
import { checkPasswordFile } from '../../engine/repository/repo-password';
import { findRestic } from '../../engine/repository/restic-discovery';
import { createBackbeatService } from '../../engine/app/service';
import type { BackbeatService } from '../../engine/app/service';
import { startBrowserHost } from '../server';
import type { BrowserHost } from '../server';
import { callApi } from './http-client';

describe('browser host over the real service', () => {
  let dataDir: string;
  let service: BackbeatService;
  let host: BrowserHost;
  const called = new Set<MethodName>();
  const jobEvents: JobInfo[] = [];
  let stream: http.ClientRequest | null = null;

  async function ok<T>(method: MethodName, args: unknown = {}): Promise<T> {
    called.add(method);
    const { status, json } = await callApi(host.port, host.token, method, args);
    assert.equal(status, 200, `${method}: ${JSON.stringify(json)}`);
    return json.result as T;
  }

  async function fails(method: MethodName, args: unknown, status: number, code: string): Promise<string> {
    called.add(method);
    const res = await callApi(host.port, host.token, method, args);
    assert.equal(res.status, status, `${method}: ${JSON.stringify(res.json)}`);
    assert.equal(res.json.error?.code, code);
    return res.json.error?.message ?? '';
  }

  /** Waits for a job to end and returns its final state. */
  async function settle(jobId: string): Promise<JobInfo> {
    // The ceiling only catches a hang: on a busy machine a job may take many times longer.
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const job = (await ok<JobInfo[]>('listJobs')).find((j) => j.id === jobId);
      assert.ok(job, `job ${jobId} listed`);
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`job ${jobId} did not finish in 3 minutes`);
  }

  async function finish(jobId: string): Promise<JobInfo> {
    const job = await settle(jobId);
    assert.equal(job.state, 'succeeded', job.error ?? '');
    return job;
  }

  /** The restore engine is still a stub in places; until it lands only the transport is checked. */
  function notImplementedYet(job: JobInfo): boolean {
    return job.state === 'failed' && /not implemented/.test(job.error ?? '');
  }

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-host-real-'));
    const passwordFile = path.join(dataDir, 'repo-password');
    fs.writeFileSync(passwordFile, 'host test password\n', { mode: 0o600 });
    service = createBackbeatService({
      dataDir,
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: () => undefined,
      repoPassword: () => Promise.resolve(checkPasswordFile(passwordFile)),
    });
    host = await startBrowserHost({ service, rendererDir: path.join(dataDir, 'no-renderer'), port: 0 });
    await new Promise<void>((resolve, reject) => {
      stream = http.get(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, agent: false },
        (res) => {
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let idx: number;
            while ((idx = buffer.indexOf('\n\n')) !== -1) {
              const frame = buffer.slice(0, idx);
              buffer = buffer.slice(idx + 2);
              if (!frame.startsWith('data: ')) continue;
              const event = JSON.parse(frame.slice(6)) as BackbeatEvent;
              if (event.type === 'job') jobEvents.push(event.job);
            }
          });
          resolve();
        },
      );
      stream.on('error', reject);
    });
  });

  after(async () => {
    stream?.destroy();
    await host.close();
    await service.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every contract method from first run to restore and cleanup', async (t) => {
    const info = await ok<{ mode: string; version: string; nativeDialogs: boolean }>('getAppInfo');
    assert.deepEqual(
      { mode: info.mode, version: info.version, nativeDialogs: info.nativeDialogs },
      { mode: 'browser', version: '9.9.9-test', nativeDialogs: false },
    );
    assert.deepEqual(await ok('getSettings'), { libraryPath: null, backupDir: null });
    assert.deepEqual(await ok('chooseLibraryFile'), { path: null });
    assert.deepEqual(await ok('chooseBackupDir'), { path: null });
    assert.deepEqual(await ok('chooseExportFile', { suggestedName: 'first.tar.gz' }), { path: null });
    assert.deepEqual(await ok('chooseRestoreFolder'), { path: null });
    const first = await ok<LibraryOverview>('getOverview');
    assert.equal(first.stats, null, "first run: nothing created behind the user's back");
    assert.match(await fails('listBackups', {}, 422, 'no-library'), /library/i);

    const demo = await ok<LibraryOverview>('createDemoLibrary', { tracks: 12 });
    assert.equal(demo.stats?.tracks, 12);
    const libraryPath = demo.settings.libraryPath!;
    const backupDir = path.join(dataDir, 'backups');
    await ok('setBackupDir', { path: backupDir });
    const reopened = await ok<LibraryOverview>('setLibrary', { path: libraryPath });
    assert.equal(reopened.backupDir, backupDir);
    const notSqlite = path.join(dataDir, 'notes.txt');
    fs.writeFileSync(
      notSqlite,
      'not a database, just some words that are long enough to not be empty\n'.repeat(20),
    );
    await fails('setLibrary', { path: notSqlite }, 422, 'not-sqlite');

    await finish((await ok<{ jobId: string }>('startBackup', { name: 'before rescan' })).jobId);
    const backups = await ok<BackupListEntry[]>('listBackups');
    assert.equal(backups.length, 1);
    const id = backups[0]!.id;
    assert.equal((await ok<BackupListEntry>('getBackup', { id })).name, 'before rescan');
    await fails('getBackup', { id: 'nosuchbackup' }, 422, 'not-found');
    await finish((await ok<{ jobId: string }>('startVerify', { id })).jobId);
    const verifiedAll = await finish((await ok<{ jobId: string }>('startVerifyAll')).jobId);
    assert.deepEqual(verifiedAll.tally, { done: 1, total: 1, verb: 'verified' });
    assert.equal((await ok<{ pinned: boolean }>('setPinned', { id, pinned: true })).pinned, true);

    const preview = await settle((await ok<{ jobId: string }>('startRestorePreview', { id })).jobId);
    if (notImplementedYet(preview)) {
      t.diagnostic('restore preview is not implemented in the engine yet: checked the transport only');
      await fails(
        'getRestorePreviewPage',
        { previewId: 'preview-none', offset: 0, limit: 5 },
        422,
        'not-found',
      );
    } else {
      assert.equal(preview.state, 'succeeded', preview.error ?? '');
      const summary = preview.result as RestorePreviewSummary;
      const page = await ok<{ total: number; items: unknown[] }>('getRestorePreviewPage', {
        previewId: summary.previewId,
        offset: 0,
        limit: 5,
      });
      assert.equal(page.total, summary.toRestore);
    }
    const restore = await settle(
      (await ok<{ jobId: string }>('startRestore', { id, mode: 'additive' })).jobId,
    );
    if (notImplementedYet(restore))
      t.diagnostic('restore is not implemented in the engine yet: checked the transport only');
    else assert.equal(restore.state, 'succeeded', restore.error ?? '');

    // Keep 1 newest: the pinned backup stays whatever else goes.
    const dry = await ok<{ dryRun: boolean; kept: BackupListEntry[] }>('cleanup', { keep: 1, dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.ok(
      dry.kept.some((b) => b.id === id),
      'the pinned backup is kept',
    );
    await ok('setPinned', { id, pinned: false });
    assert.deepEqual(await ok('deleteBackup', { id }), { deleted: id });
    assert.ok(!(await ok<BackupListEntry[]>('listBackups')).some((b) => b.id === id));
    assert.deepEqual(await ok('cancelJob', { jobId: 'job-none' }), { cancelled: false });

    // Scheduled backups: none until set; saved switched off, so no backup starts behind the test.
    assert.equal((await ok<{ config: unknown }>('getSchedule')).config, null);
    const schedule = { kind: 'daily', time: '03:00' };
    const saved = await ok<{ scheduleText: string }>('setSchedule', {
      enabled: false,
      schedule,
      retention: { keepLast: 5 },
    });
    assert.equal(saved.scheduleText, 'every day at 03:00');
    assert.match((await ok<{ policyText: string }>('previewRetention', {})).policyText, /5 newest/);
    assert.equal((await ok<{ dryRun: boolean }>('applyRetention', { dryRun: true })).dryRun, true);
    assert.equal((await ok<{ enabled: boolean }>('getStatus')).enabled, false);

    // The OS timer: this host was given none, so the answer is a plain "no" and changes are refused.
    const timer = await ok<{ supported: boolean; runsWhileClosed: string }>('getOsTimer');
    assert.deepEqual([timer.supported, timer.runsWhileClosed], [false, 'no']);
    await fails('installOsTimer', {}, 422, 'not-applicable');
    await fails('uninstallOsTimer', {}, 422, 'not-applicable');

    // Cleanup and retention run as jobs (Activity lists them).
    const cleanup = await finish((await ok<{ jobId: string }>('startCleanup', { keep: 5 })).jobId);
    assert.equal(cleanup.kind, 'cleanup');
    const pruned = await finish((await ok<{ jobId: string }>('startRetention', {})).jobId);
    assert.equal(pruned.kind, 'cleanup');

    // Rescan: the demo has no audio files, so the rescan is refused before it starts.
    const plan = await ok<{ mode: string; toAnalyse: number; blocked: string | null }>('getRescanPlan', {
      mode: 'force',
      limit: 2,
    });
    assert.equal(plan.mode, 'force');
    assert.equal(plan.toAnalyse, 2);
    assert.match(plan.blocked ?? '', /Is the drive connected\?/);
    assert.match(
      await fails('startRescan', { mode: 'safe', limit: 2, workers: 1 }, 422, 'not-applicable'),
      /Is the drive connected\?/,
    );

    // The repository: folders proposed from the demo's file paths, edited, then a snapshot
    // of a real folder (with restic; without it, the clear error).
    const proposed = await ok<RepositoryView>('getRepository');
    assert.equal(proposed.foldersProposed, true);
    for (const f of proposed.folders) await ok('removeRepositoryFolder', { path: f.path });
    const music = path.join(dataDir, 'music');
    fs.mkdirSync(music);
    fs.writeFileSync(path.join(music, 'a.mp3'), 'x'.repeat(4000));
    const edited = await ok<RepositoryView>('addRepositoryFolder', { path: music, excludes: ['*.tmp'] });
    assert.deepEqual(edited.folders, [{ path: music, excludes: ['*.tmp'], present: true }]);
    const repo = path.join(dataDir, 'repository');
    if (
      await findRestic(process.env).then(
        () => true,
        () => false,
      )
    ) {
      assert.equal((await ok<{ created: boolean }>('initRepository', { repo })).created, true);
      const snap = await settle((await ok<{ jobId: string }>('startSnapshot', { name: 'first' })).jobId);
      assert.equal(snap.state, 'succeeded', snap.error ?? '');
      const snapshots = await ok<RepoSnapshotEntry[]>('listSnapshots');
      assert.deepEqual(
        snapshots.map((s) => s.name),
        ['first'],
      );
      const ready = await ok<RepositoryReadiness>('getRepositoryReadiness');
      assert.deepEqual([ready.restic.ok, ready.password.ok], [true, true]);
      // Browse, search and compare, from the snapshot's index.
      const folder = await ok<SnapshotFilesResult>('listSnapshotFiles', { snapshot: 'latest', path: music });
      assert.deepEqual(
        folder.entries.map((e) => [e.path, e.size]),
        [[path.join(music, 'a.mp3'), 4000]],
      );
      const found = await ok<SnapshotSearchResult>('searchSnapshotFiles', {
        snapshot: 'first',
        query: 'A.MP3',
      });
      assert.deepEqual(
        found.entries.map((e) => e.path),
        [path.join(music, 'a.mp3')],
      );
      const same = await ok<SnapshotDiffResult>('diffSnapshots', { from: 'first', to: 'latest' });
      assert.deepEqual([same.added, same.removed, same.changed], [[], [], []]);
      // The repository tools: check (recorded), cross-check, and a restore of files, previewed
      // then applied to another folder.
      const check = await settle((await ok<{ jobId: string }>('startRepositoryCheck', {})).jobId);
      assert.equal(check.state, 'succeeded', check.error ?? '');
      assert.ok(await ok<object | null>('getLastRepositoryCheck'), 'the check is recorded');
      const cross = await ok<{ missing: unknown[] }>('crosscheckLibrary');
      assert.ok(Array.isArray(cross.missing));
      const to = path.join(dataDir, 'restored-files');
      fs.mkdirSync(to);
      const restoreArgs = { snapshot: 'latest', paths: [music], to };
      const plan = await ok<{ entries?: unknown[] }>('previewRestoreFiles', restoreArgs);
      assert.ok(plan, 'a restore-files plan');
      const restored = await settle((await ok<{ jobId: string }>('startRestoreFiles', restoreArgs)).jobId);
      assert.equal(restored.state, 'succeeded', restored.error ?? '');
      const archive = path.join(dataDir, 'first.zip');
      const exported = await settle(
        (await ok<{ jobId: string }>('startExport', { snapshot: 'first', out: archive })).jobId,
      );
      assert.equal(exported.state, 'succeeded', exported.error ?? '');
      assert.ok(fs.existsSync(`${archive}.sha256`), 'the archive has its SHA-256 beside it');

      // Destinations: a folder on "another disk", tested, copied to, recovered from, removed.
      const usb = path.join(dataDir, 'usb');
      fs.mkdirSync(usb);
      const added = await ok<{ created: boolean }>('addDestination', {
        name: 'usb',
        location: path.join(usb, 'copy'),
      });
      assert.equal(added.created, true);
      assert.equal((await ok<{ ok: boolean }>('testDestination', { name: 'usb' })).ok, true);
      const copied = await settle((await ok<{ jobId: string }>('startCopy', { to: 'usb' })).jobId);
      assert.equal(copied.state, 'succeeded', copied.error ?? '');
      const dests = await ok<{ name: string; lastCopy: string | null }[]>('listDestinations');
      assert.notEqual(dests[0]!.lastCopy, null);
      const destCheck = await settle(
        (await ok<{ jobId: string }>('startDestinationCheck', { name: 'usb', readDataPercent: 50 })).jobId,
      );
      assert.equal(destCheck.state, 'succeeded', destCheck.error ?? '');
      const scheduled = await ok<{ copyEveryHours: number | null }>('setDestinationSchedule', {
        name: 'usb',
        everyHours: 6,
      });
      assert.equal(scheduled.copyEveryHours, 6);
      const prunePreview = await settle(
        (
          await ok<{ jobId: string }>('startDestinationPrune', {
            name: 'usb',
            policy: 'keep-last=5',
            apply: false,
          })
        ).jobId,
      );
      assert.equal(prunePreview.state, 'succeeded', prunePreview.error ?? '');
      const recovered = await settle(
        (await ok<{ jobId: string }>('startRecover', { from: 'usb', to: path.join(dataDir, 'recovered') }))
          .jobId,
      );
      assert.equal(recovered.state, 'succeeded', recovered.error ?? '');
      assert.equal((await ok<{ name: string }>('removeDestination', { name: 'usb' })).name, 'usb');
      await fails('addDestination', { name: 'rel', location: 'relative/folder' }, 400, 'bad-arguments');
    } else {
      t.diagnostic('restic not found: the repository methods are checked for their error only');
      assert.match(await fails('initRepository', { repo }, 422, 'not-applicable'), /restic/);
      await fails('listSnapshots', {}, 422, 'not-found');
      const snap = await settle((await ok<{ jobId: string }>('startSnapshot', {})).jobId);
      assert.equal(snap.state, 'failed');
      assert.equal(await ok<object | null>('getLastRepositoryCheck'), null);
      await ok('crosscheckLibrary');
      const ready = await ok<RepositoryReadiness>('getRepositoryReadiness');
      assert.equal(ready.restic.ok, false);
      assert.match(ready.restic.ok ? '' : ready.restic.problem, /restic/);
      await fails('listSnapshotFiles', { snapshot: 'latest' }, 422, 'not-found');
      await fails('searchSnapshotFiles', { snapshot: 'latest', query: 'a' }, 422, 'not-found');
      await fails('diffSnapshots', { from: 'latest', to: 'latest' }, 422, 'not-found');
      // Jobs start (like a snapshot) and fail there with a sentence; a preview fails at once.
      const restoreArgs = { snapshot: 'latest', paths: [music] };
      assert.match(await fails('previewRestoreFiles', restoreArgs, 422, 'not-found'), /restic|repository/i);
      for (const [method, args] of [
        ['startRepositoryCheck', {}],
        ['startRestoreFiles', restoreArgs],
        ['startExport', { snapshot: 'latest', out: path.join(dataDir, 'x.tar.gz') }],
      ] as const) {
        called.add(method);
        const job = await settle((await ok<{ jobId: string }>(method, args)).jobId);
        assert.equal(job.state, 'failed', `${method} without restic`);
        assert.match(job.error ?? '', /restic|repository/i, `${method}: says why`);
      }
      assert.deepEqual(await ok('listDestinations'), []);
      await fails('startDestinationCheck', { name: 'usb' }, 422, 'not-found');
      await fails('setDestinationSchedule', { name: 'usb', everyHours: 6 }, 422, 'not-found');
      await fails(
        'startDestinationPrune',
        { name: 'usb', policy: 'keep-last=5', apply: false },
        422,
        'not-found',
      );
      for (const method of ['addDestination', 'removeDestination', 'testDestination'] as const) {
        called.add(method);
        const res = await callApi(host.port, host.token, method, { name: 'usb', location: '/nowhere/copy' });
        assert.notEqual(res.status, 200, `${method} without restic`);
      }
      for (const [method, args] of [
        ['startCopy', {}],
        ['startRecover', { from: 'usb', to: path.join(dataDir, 'recovered') }],
      ] as const) {
        const job = await settle((await ok<{ jobId: string }>(method, args)).jobId);
        assert.equal(job.state, 'failed', `${method} without restic`);
      }
    }

    // Browser mode keeps no secrets of its own (the desktop app uses safeStorage): saving
    // one is refused with a sentence that says which file to use instead.
    for (const [method, args] of [
      ['setRepositoryPassword', { password: 'not kept' }],
      ['setDestinationSecrets', { name: 'usb', password: 'not kept' }],
    ] as const) {
      assert.match(await fails(method, args, 422, 'not-applicable'), /BACKBEAT_REPO_PASSWORD_FILE/);
    }

    assert.deepEqual([...called].sort(), [...METHOD_NAMES].sort(), 'every method went through HTTP');
  });

  it("pushed the jobs' progress over the event stream", () => {
    const ended = new Set(jobEvents.filter((j) => j.state !== 'running').map((j) => j.kind));
    for (const kind of ['demo', 'backup', 'verify', 'restore-preview', 'restore', 'cleanup'] as const) {
      assert.ok(ended.has(kind), `an event for the end of the ${kind} job`);
    }
    assert.ok(
      jobEvents.some((j) => j.kind === 'backup' && j.state === 'running'),
      'progress while running',
    );
  });
});
