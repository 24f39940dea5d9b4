// Interrupted and contended rescans: cancelling keeps the finished batches, killing
// the process mid-scan leaves only whole rows, and a database locked by another
// writer is waited for and retried rather than failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runRescan } from '../rescan';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { createLibrary, readRows, recordingContext, writeClip } from '../../test/fixtures/rescan-fixtures';

const TRACKS = 10;

function library(dir: string): string {
  const libraryPath = path.join(dir, 'library.db');
  // One clip, linked under every track's name: rendering once keeps the test fast.
  writeClip(path.join(dir, 'clip.wav'), 120, 6);
  const tracks = Array.from({ length: TRACKS }, (_, i) => {
    const rel = `music/${i}.wav`;
    fs.mkdirSync(path.join(dir, 'music'), { recursive: true });
    fs.linkSync(path.join(dir, 'clip.wav'), path.join(dir, rel));
    return { id: `k${i}`, filePath: rel };
  });
  createLibrary(libraryPath, 'A', tracks);
  return libraryPath;
}

/** Every row is either untouched or completely written: features and timestamp together, valid JSON. */
function assertWholeRows(libraryPath: string): number {
  let written = 0;
  for (const [id, row] of Object.entries(readRows(libraryPath))) {
    const hasFeatures = row.sonic_features !== null;
    assert.equal(
      hasFeatures,
      row.sonic_features_updated_at !== null,
      `${id}: features and timestamp go together`,
    );
    if (hasFeatures) {
      written++;
      const f = JSON.parse(String(row.sonic_features));
      assert.equal(f.full.extraction_method, 'beat3tower');
      assert.ok(f.end && f.metadata, `${id}: complete JSON`);
    }
  }
  return written;
}

test('cancelling mid-scan keeps the finished batches and reports cancelled', async (t) => {
  const tmp = makeTempDir('rescan-cancel');
  t.after(tmp.cleanup);
  const libraryPath = library(tmp.dir);
  const ctx = recordingContext((u, c) => {
    if (/^Analysed 5 of/.test(u.label)) c.controller.abort();
  });
  const summary = await runRescan({
    libraryPath,
    backupDir: path.join(tmp.dir, 'backups'),
    stateDir: path.join(tmp.dir, 'state'),
    mode: 'safe',
    workers: 1,
    batchSize: 2,
    appVersion: 'test',
    ctx,
  });
  assert.equal(summary.cancelled, true);
  const written = assertWholeRows(libraryPath);
  assert.equal(written, summary.analysed);
  assert.ok(written >= 4 && written < TRACKS, `written ${written}`);
  assert.equal(summary.skipped, TRACKS - written);
  // The rest is still pending for the next scan.
  const rerun = await runRescan({
    libraryPath,
    backupDir: path.join(tmp.dir, 'backups'),
    stateDir: path.join(tmp.dir, 'state'),
    mode: 'safe',
    workers: 2,
    appVersion: 'test',
    ctx: recordingContext(),
  });
  assert.equal(rerun.analysed, TRACKS - written);
  assert.equal(assertWholeRows(libraryPath), TRACKS);
});

test('a scan killed mid-way leaves whole rows only, and a healthy database', async (t) => {
  const tmp = makeTempDir('rescan-kill');
  t.after(tmp.cleanup);
  const libraryPath = library(tmp.dir);
  const script = path.join(tmp.dir, 'scan.js');
  const rescanModule = path.join(__dirname, '..', 'rescan.js');
  fs.writeFileSync(
    script,
    `const { runRescan } = require(${JSON.stringify(rescanModule)});
     runRescan({ libraryPath: process.argv[2], backupDir: process.argv[3], stateDir: process.argv[3], mode: 'safe',
       workers: 1, batchSize: 1, appVersion: 'test', ctx: { signal: new AbortController().signal, report() {} } })
       .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
  );
  // The process kills itself inside the third batch's transaction: two rows committed, the
  // third written but not committed, seven still to come. A kill from here once two rows
  // showed up raced the scan: on a busy machine it could come after the last row, or
  // between transactions, never testing the half-written one.
  const child = spawn(process.execPath, [script, libraryPath, path.join(tmp.dir, 'state')], {
    env: { ...process.env, BACKBEAT_TEST_CRASH_AT: 'rescan-batch-written#3' },
    stdio: 'ignore',
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, sig) => resolve(sig)),
  );
  assert.equal(signal, 'SIGKILL', 'the scan reached the third batch and was killed there');
  const written = assertWholeRows(libraryPath);
  assert.equal(written, 2, 'the two committed batches stay; the third is rolled back');
  const db = new Database(libraryPath);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a database locked by another writer is retried until the lock is released', async (t) => {
  const tmp = makeTempDir('rescan-busy');
  t.after(tmp.cleanup);
  const libraryPath = library(tmp.dir);
  const holder = new Database(libraryPath);
  holder.exec('BEGIN IMMEDIATE');
  holder.prepare("UPDATE tracks SET artist = 'Writer' WHERE track_id = 'k0'").run();
  let released = false;
  let release: NodeJS.Timeout | null = null;
  // Let go one second after the second result: by then the first batch has met the lock.
  const ctx = recordingContext((u) => {
    if (!release && /^Analysed 2 of/.test(u.label)) {
      release = setTimeout(() => {
        holder.exec('COMMIT');
        released = true;
      }, 1000);
    }
  });
  t.after(() => {
    if (release) clearTimeout(release);
    if (holder.open) holder.close();
  });
  const summary = await runRescan({
    libraryPath,
    backupDir: path.join(tmp.dir, 'backups'),
    stateDir: path.join(tmp.dir, 'state'),
    mode: 'safe',
    workers: 2,
    batchSize: 1,
    appVersion: 'test',
    ctx,
  });
  assert.ok(released, 'the scan finished only after the other writer let go');
  assert.ok(summary.busyRetries > 0, 'it did meet the lock');
  assert.equal(summary.analysed, TRACKS);
  assert.equal(assertWholeRows(libraryPath), TRACKS);
  assert.equal(readRows(libraryPath).k0!.artist, 'Writer', "the other writer's change is kept");
});
