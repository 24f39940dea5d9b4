// The service without long jobs: app info, settings, library choice, overview, argument
// validation for every method, dialogs, events and dispose.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ContractError,
  METHOD_NAMES,
  type BackbeatEvent,
  type MethodName,
} from '../../../../shared/contract';
import { createDemoLibrary } from '../../demo/demo';
import { settingsFilePath } from '../../fs/paths';
import { createBackbeatService, type BackbeatService, type ServiceOptions } from '../service';
import { atTheBoundary } from './boundary';

function rejectsWith(code: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ContractError, `expected a ContractError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** One bad argument per method: each must be refused by the service itself. */
const BAD_ARGS: Record<MethodName, unknown> = {
  getAppInfo: { extra: 1 },
  getSettings: 'nope',
  setLibrary: {},
  setBackupDir: { path: 5 },
  chooseLibraryFile: { path: '/x' },
  chooseBackupDir: [],
  createDemoLibrary: { tracks: 0 },
  getOverview: { x: true },
  listBackups: { dir: '/etc' },
  getBackup: { id: '../../etc/passwd' },
  startBackup: { name: '../x' },
  startVerify: { id: '' },
  startVerifyAll: { all: true },
  startRestorePreview: {},
  getRestorePreviewPage: { previewId: 'p', offset: -1, limit: 10 },
  startRestore: { id: 'abc', mode: 'nuke' },
  setPinned: { id: 'abc', pinned: 'yes' },
  deleteBackup: { id: 'a/b' },
  cleanup: { keep: 1.5, dryRun: false },
  startCleanup: { keep: -1 },
  listJobs: { all: true },
  cancelJob: { jobId: 7 },
  getRescanPlan: { mode: 'gentle' },
  startRescan: { mode: 'safe', workers: 0 },
  getSchedule: { library: '/x' },
  setSchedule: { enabled: true, schedule: { kind: 'daily', time: '25:00' } },
  previewRetention: { policy: { daily: -1 } },
  applyRetention: { policy: {} },
  startRetention: { dryRun: true },
  getStatus: { verbose: true },
  getRepository: { repo: '/x' },
  initRepository: { repo: '' },
  addRepositoryFolder: { path: '/x', excludes: [''] },
  removeRepositoryFolder: {},
  startSnapshot: { name: 'latest' },
  listSnapshots: { all: true },
  getRepositoryReadiness: { check: true },
  setRepositoryPassword: { password: '' },
  setDestinationSecrets: { name: 'x', credentials: { 'lower-case': 'v' } },
  listSnapshotFiles: { snapshot: '' },
  searchSnapshotFiles: { snapshot: 'latest', query: '' },
  diffSnapshots: { from: 'latest' },
  startRepositoryCheck: { readDataPercent: 0 },
  getLastRepositoryCheck: { repo: '/x' },
  listDestinations: { all: true },
  addDestination: { name: 'x', location: 'rest:http://h/p', password: 'secret' },
  removeDestination: {},
  testDestination: { name: '' },
  startCopy: { to: 5 },
  startDestinationCheck: { name: 'x', readDataPercent: 0 },
  setDestinationSchedule: { name: 'x', everyHours: 0.5 },
  startDestinationPrune: { name: 'x', policy: 'keep-last=1' },
  startRecover: { from: 'x' },
  previewRestoreFiles: { snapshot: 'latest' },
  crosscheckLibrary: { all: true },
  startRestoreFiles: { snapshot: 'latest', paths: ['/a'], tracks: ['t-1'] },
  startExport: { snapshot: 'latest', out: '/tmp/archive.tar' },
  chooseExportFile: { suggestedName: '' },
  chooseRestoreFolder: { where: '/x' },
  getOsTimer: { library: 'x' },
  installOsTimer: { force: true },
  uninstallOsTimer: { all: 1 },
};

describe('service basics', () => {
  let root: string;
  let sharedLibrary: string;
  const logs: string[] = [];
  const services: BackbeatService[] = [];

  function make(dataDir: string, extra: Partial<ServiceOptions> = {}): BackbeatService {
    const s = createBackbeatService({
      dataDir,
      appVersion: '9.9.9-test',
      mode: 'browser',
      log: (m) => logs.push(m),
      ...extra,
    });
    services.push(s);
    return s;
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-service-'));
    sharedLibrary = await createDemoLibrary(path.join(root, 'lib'), { tracks: 200, seed: 3 });
  });
  after(async () => {
    for (const s of services) await s.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('describes the app', async () => {
    const s = make(path.join(root, 'data-info'));
    assert.deepEqual(await s.getAppInfo({}), {
      version: '9.9.9-test',
      mode: 'browser',
      dataDir: path.join(root, 'data-info'),
      nativeDialogs: false,
    });
  });

  it('refuses bad arguments for every method with bad-arguments, at the boundary', async () => {
    const s = make(path.join(root, 'data-args'));
    assert.deepEqual(Object.keys(BAD_ARGS).sort(), [...METHOD_NAMES].sort(), 'one case per contract method');
    for (const method of METHOD_NAMES) {
      await assert.rejects(
        atTheBoundary(s, method, BAD_ARGS[method]),
        rejectsWith('bad-arguments', new RegExp(method)),
        method,
      );
    }
  });

  it('starts with no library and says to choose one', async () => {
    const s = make(path.join(root, 'data-empty'));
    assert.deepEqual(await s.getSettings({}), { libraryPath: null, backupDir: null });
    const overview = await s.getOverview({});
    assert.equal(overview.stats, null);
    assert.equal(overview.libraryError, null);
    assert.equal(overview.backupDir, null);
    assert.equal(overview.backupCount, 0);
    for (const call of [
      () => s.listBackups({}),
      () => s.startBackup({}),
      () => s.startRestorePreview({ id: 'abc' }),
    ]) {
      await assert.rejects(call(), rejectsWith('no-library', /^Choose a library first\.$/));
    }
  });

  it('sets a library, remembers it across restarts, and reports its overview', async () => {
    const dataDir = path.join(root, 'data-lib');
    const events: BackbeatEvent[] = [];
    const s = make(dataDir);
    const unsubscribe = s.onEvent((e) => events.push(e));
    const overview = await s.setLibrary({ path: sharedLibrary });
    assert.equal(overview.settings.libraryPath, sharedLibrary);
    assert.equal(overview.stats?.tracks, 200);
    assert.equal(overview.stats?.variant, 'A');
    assert.equal(overview.backupDir, path.join(path.dirname(sharedLibrary), 'backbeat-backups'));
    assert.equal(overview.backupDirSameDisk, true);
    assert.ok(overview.backupDirFreeBytes !== null && overview.backupDirFreeBytes > 0);
    assert.equal(overview.backupCount, 0);
    assert.equal(overview.newestBackup, null);
    assert.deepEqual(events, [{ type: 'library-changed' }]);
    unsubscribe();
    await s.getOverview({});
    await s.setLibrary({ path: sharedLibrary });
    assert.equal(events.length, 1, 'no events after unsubscribing');

    const again = make(dataDir);
    assert.deepEqual(await again.getSettings({}), { libraryPath: sharedLibrary, backupDir: null });
  });

  it('refuses a missing or non-SQLite library and keeps the previous choice', async () => {
    const s = make(path.join(root, 'data-bad-lib'));
    await s.setLibrary({ path: sharedLibrary });
    const missing = path.join(root, 'missing.db');
    await assert.rejects(s.setLibrary({ path: missing }), rejectsWith('not-found', /No library database at/));
    const text = path.join(root, 'text.db');
    fs.writeFileSync(text, 'plain text, long enough to have a header\n');
    await assert.rejects(s.setLibrary({ path: text }), rejectsWith('not-sqlite', /is not a SQLite database/));
    assert.equal((await s.getSettings({})).libraryPath, sharedLibrary);
    assert.equal(fs.existsSync(missing), false);
  });

  it('shows a library that has gone missing as a libraryError, not a failure', async () => {
    const dataDir = path.join(root, 'data-gone');
    const lib = await createDemoLibrary(path.join(root, 'gone'), { tracks: 20, seed: 1 });
    const s = make(dataDir);
    await s.setLibrary({ path: lib });
    fs.rmSync(lib);
    const overview = await s.getOverview({});
    assert.equal(overview.stats, null);
    assert.match(overview.libraryError!, /No library database at/);
  });

  it('sets and resets the backup folder, refusing a file', async () => {
    const s = make(path.join(root, 'data-dir'));
    await s.setLibrary({ path: sharedLibrary });
    const custom = path.join(root, 'elsewhere', 'not-yet');
    const events: BackbeatEvent[] = [];
    s.onEvent((e) => events.push(e));
    const overview = await s.setBackupDir({ path: custom });
    assert.equal(overview.backupDir, custom);
    assert.equal(overview.settings.backupDir, custom);
    assert.ok(overview.backupDirFreeBytes !== null, 'free space comes from the nearest existing folder');
    assert.deepEqual(events, [{ type: 'backups-changed' }]);
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, '');
    await assert.rejects(
      s.setBackupDir({ path: file }),
      rejectsWith('bad-arguments', /is a file, not a folder/),
    );
    const reset = await s.setBackupDir({ path: null });
    assert.equal(reset.backupDir, path.join(path.dirname(sharedLibrary), 'backbeat-backups'));
  });

  it('creates the demo library in the data folder once, then reuses it', async () => {
    const dataDir = path.join(root, 'data-demo');
    const s = make(dataDir);
    const events: BackbeatEvent[] = [];
    s.onEvent((e) => events.push(e));
    const [first, second] = await Promise.all([
      s.createDemoLibrary({ tracks: 50 }),
      s.createDemoLibrary({ tracks: 50 }),
    ]);
    const demo = path.join(dataDir, 'demo', 'library.db');
    assert.equal(first.settings.libraryPath, demo);
    assert.equal(second.settings.libraryPath, demo);
    assert.equal(first.stats?.tracks, 50);
    const mtime = fs.statSync(demo).mtimeMs;
    const third = await s.createDemoLibrary({ tracks: 80 });
    assert.equal(third.stats?.tracks, 50, 'the existing demo is reused');
    assert.equal(fs.statSync(demo).mtimeMs, mtime);
    assert.ok(events.some((e) => e.type === 'library-changed'));
    const demoJobs = (await s.listJobs({})).filter((j) => j.kind === 'demo');
    assert.equal(demoJobs.length, 1);
    assert.equal(demoJobs[0]!.state, 'succeeded');
  });

  it('moves a corrupt settings file aside, warns and starts with defaults', async () => {
    const dataDir = path.join(root, 'data-corrupt');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(settingsFilePath(dataDir), '{"libraryPath": ');
    logs.length = 0;
    const s = make(dataDir);
    assert.deepEqual(await s.getSettings({}), { libraryPath: null, backupDir: null });
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /settings file was damaged/);
    assert.ok(fs.readdirSync(dataDir).some((f) => f.startsWith('settings.json.corrupt-')));
    await s.setLibrary({ path: sharedLibrary });
    assert.equal(JSON.parse(fs.readFileSync(settingsFilePath(dataDir), 'utf8')).libraryPath, sharedLibrary);
  });

  it('uses injected dialogs, or answers null without them', async () => {
    const plain = make(path.join(root, 'data-nodialog'));
    assert.deepEqual(await plain.chooseLibraryFile({}), { path: null });
    assert.deepEqual(await plain.chooseBackupDir({}), { path: null });
    const withDialogs = make(path.join(root, 'data-dialog'), {
      mode: 'electron',
      dialogs: { chooseLibraryFile: async () => '/music/library.db', chooseBackupDir: async () => null },
    });
    assert.deepEqual(await withDialogs.chooseLibraryFile({}), { path: '/music/library.db' });
    assert.deepEqual(await withDialogs.chooseBackupDir({}), { path: null });
    assert.equal((await withDialogs.getAppInfo({})).nativeDialogs, true);
  });

  it('answers unknown jobs and previews clearly', async () => {
    const s = make(path.join(root, 'data-jobs'));
    assert.deepEqual(await s.listJobs({}), []);
    assert.deepEqual(await s.cancelJob({ jobId: 'job-nope' }), { cancelled: false });
    await assert.rejects(
      s.getRestorePreviewPage({ previewId: 'preview-nope', offset: 0, limit: 10 }),
      rejectsWith('not-found', /expired/),
    );
  });

  it('refuses calls after dispose', async () => {
    const s = make(path.join(root, 'data-disposed'));
    await s.dispose();
    await assert.rejects(s.getSettings({}), rejectsWith('internal', /shutting down/));
  });
});
