// The repository rows of issue 14 (and issue 15's copy rows, on the same repository),
// side by side with plain restic and rsync in one run, on generated audio-like files
// (incompressible, tag block first), generated once into a cache below the bench's
// temp root and removed after. The sizes (30,000 audio files) would be 150+ GB,
// so files are scaled down and each row names the sizes it used:
//
// - first snapshot (whole `backbeat snapshot` process) vs `restic backup` of the same folder
//   and the library database file (a snapshot holds a copy of it too);
// - unchanged second snapshot vs `rsync -a --link-dest` of the same tree;
// - growth of the repository (bytes on its disk) when 8 MB files are retagged (first
//   4 KB rewritten) and when a folder of 500 files is moved;
// - growth over 30 database snapshots with 25 tracks analysed between each, against 30
//   `.db.gz` backups;
// - Backbeat's own peak memory while snapshotting and browsing 100,000 files, and how
//   long listing a folder takes once the snapshot is indexed (repo-scenario.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createBackup } from '../electron/engine/backup/backup';
import { beat3towerFeatures } from '../electron/engine/demo/demo-features';
import { SeededRandom } from '../electron/engine/demo/demo-random';
import { createDemoLibrary } from '../electron/engine/demo/demo';
import { initRepository, snapshotOperation } from '../electron/engine/repository/operations';
import { findRestic } from '../electron/engine/repository/restic-discovery';
import { silentContext } from '../electron/engine/runtime/progress';
import { dirBytes, has, mb, median, retag, timedRun, writeLibrary, writeTree } from './audio-tree';
import { copyStatus, runDestBench } from './dest-bench';
import type { RepoScenarioResult } from './repo-scenario';
import { count, kb, makeWorld, setFolders, type World } from './repo-world';
import type { BenchRow } from './table';

const SCENARIO = path.join(__dirname, 'repo-scenario.js');
const MB8 = 8 * 1024 * 1024;

interface Scale {
  files: number;
  fileBytes: number;
  retagged: number;
  /** Files in the folder that is moved. */
  moved: number;
  dbTracks: number;
  dbSnapshots: number;
  dbAnalysedBetween: number;
  browseFiles: number;
  browseFileBytes: number;
  /** Runs of the first-snapshot pair (each one a new repository of the whole tree). */
  firstRuns: number;
}

const FULL: Scale = {
  files: 30_000,
  fileBytes: 64 * 1024,
  retagged: 100,
  moved: 500,
  dbTracks: 30_000,
  dbSnapshots: 30,
  dbAnalysedBetween: 25,
  browseFiles: 100_000,
  browseFileBytes: 4 * 1024,
  firstRuns: 3,
};

const QUICK: Scale = {
  files: 3_000,
  fileBytes: 64 * 1024,
  retagged: 20,
  moved: 500,
  dbTracks: 5_000,
  dbSnapshots: 10,
  dbAnalysedBetween: 25,
  browseFiles: 20_000,
  browseFileBytes: 4 * 1024,
  firstRuns: 3,
};

function snapshotStatus(json: unknown): string {
  return (json as { status?: string }).status ?? 'unknown';
}

export async function runRepoBench(work: string, options: { quick: boolean }): Promise<BenchRow[]> {
  let restic: string;
  try {
    restic = (await findRestic(process.env)).path;
  } catch (err) {
    return [skipped('repository rows', `restic not found (${(err as Error).message}); set BACKBEAT_RESTIC`)];
  }
  const scale = options.quick ? QUICK : FULL;
  const cache = path.join(work, 'repo-cache');
  fs.mkdirSync(cache, { recursive: true });
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await treeRows(cache, restic, scale, work)));
    rows.push(...(await databaseRows(cache, restic, scale)));
    rows.push(...(await browseRows(cache, restic, scale)));
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  return rows;
}

function skipped(metric: string, why: string): BenchRow {
  return { metric, measured: 'skipped', reference: why, ratio: null, target: '', ok: null };
}

/** First and unchanged snapshots, the copy rows, then retag and move growth, on one tree. */
async function treeRows(cache: string, restic: string, s: Scale, work: string): Promise<BenchRow[]> {
  const w = makeWorld(cache, 'tree', restic);
  const t0 = performance.now();
  const files = writeTree(w.music, s.files, s.fileBytes, { perArtist: s.moved, perAlbum: 25 });
  writeLibrary(w.libraryPath, files);
  await setFolders(w, [w.music]);
  const treeBytes = s.files * s.fileBytes;
  const label = `${count(s.files)} files of ${kb(s.fileBytes)} (${mb(treeBytes)})`;
  console.log(`bench: generated ${label} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rows: BenchRow[] = [];
  const resticEnv = { ...process.env, RESTIC_PASSWORD_FILE: w.passwordFile };

  // First snapshot, A B alternating, each into a new repository.
  const ours: number[] = [];
  const theirs: number[] = [];
  let repo = '';
  for (let i = 0; i < s.firstRuns; i++) {
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
    repo = path.join(w.cache, `repo-${i}`);
    w.cli(['repo', 'init'], repo);
    const snap = w.cli(['snapshot'], repo);
    if (snapshotStatus(snap.json) !== 'created')
      throw new Error(`first snapshot: ${JSON.stringify(snap.json)}`);
    ours.push(snap.seconds);
    const plain = path.join(w.cache, `plain-restic-${i}`);
    timedRun(restic, ['-r', plain, 'init', '--repository-version', '2'], resticEnv);
    // The same data as a snapshot holds: the folder and the library database.
    const targets = [w.music, w.libraryPath];
    theirs.push(timedRun(restic, ['-r', plain, 'backup', '--json', ...targets], resticEnv).seconds);
    fs.rmSync(plain, { recursive: true, force: true });
  }
  const a = median(ours);
  const b = median(theirs);
  const runs = s.firstRuns === 1 ? 'one run each' : `median of ${s.firstRuns}, A B alternating`;
  rows.push({
    metric: `first snapshot, ${label} (backbeat snapshot, whole process)`,
    measured: `${a.toFixed(2)} s`,
    reference: `${b.toFixed(2)} s (restic backup of the same folder and the database file; ${runs})`,
    ratio: a / b,
    target: '<= 1.1x reference',
    ok: a / b <= 1.1,
  });

  // Nothing changed: a second snapshot against an rsync --link-dest snapshot of the tree.
  if (has('rsync')) {
    const rs = path.join(w.cache, 'rsync');
    const base = path.join(rs, 'base');
    fs.mkdirSync(rs, { recursive: true });
    const full = timedRun('rsync', ['-a', `${w.music}/`, `${base}/`]).seconds;
    ours.length = 0;
    theirs.length = 0;
    const statuses = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const snap = w.cli(['snapshot'], repo);
      statuses.add(snapshotStatus(snap.json));
      ours.push(snap.seconds);
      const next = path.join(rs, `next-${i}`);
      theirs.push(timedRun('rsync', ['-a', `--link-dest=${base}`, `${w.music}/`, `${next}/`]).seconds);
      fs.rmSync(next, { recursive: true, force: true });
    }
    fs.rmSync(rs, { recursive: true, force: true });
    const x = median(ours);
    const y = median(theirs);
    const unchanged = statuses.size === 1 && statuses.has('unchanged');
    rows.push({
      metric: `second snapshot, nothing changed, ${label}`,
      measured: `${x.toFixed(2)} s (${[...statuses].join(', ')})`,
      reference: `${y.toFixed(2)} s (rsync -a --link-dest; median of 3, A B alternating; first rsync copy ${full.toFixed(1)} s)`,
      ratio: x / y,
      target: '<= 1.0x reference',
      ok: x / y <= 1.0 && unchanged,
    });
  } else {
    rows.push(
      skipped('second snapshot vs rsync --link-dest', 'rsync is not installed (apt-get install -y rsync)'),
    );
  }

  // Copies of the first snapshot, then of a small change (100 of the files retagged).
  rows.push(
    ...(await runDestBench({
      work,
      cli: (args) => w.cli(args, repo),
      rclone: has('rclone') ? 'rclone' : null,
      smallChange: () => {
        const n = Math.min(100, files.length);
        for (let i = 0; i < n; i++) retag(files[i * Math.floor(files.length / n)]!);
        w.cli(['snapshot'], repo);
        return `${n} of the ${kb(s.fileBytes)} files retagged`;
      },
    })),
  );

  // Retagging: the 8 MB files are stored first, then their tags are rewritten.
  const retagDir = path.join(w.music, 'Retagged');
  const big = writeTree(retagDir, s.retagged, MB8, { perArtist: s.retagged, perAlbum: s.retagged });
  w.cli(['snapshot'], repo);
  let size = dirBytes(repo);
  for (const f of big) retag(f);
  const retagSnap = w.cli(['snapshot'], repo);
  const retagGrowth = dirBytes(repo) - size;
  const copyCost = s.retagged * MB8;
  rows.push({
    metric: `repository growth, ${s.retagged} files of 8 MB retagged (first 4 KB rewritten)`,
    measured: mb(retagGrowth),
    reference: `${mb(copyCost)} (copying those files again); snapshot ${snapshotStatus(retagSnap.json)}`,
    ratio: retagGrowth / copyCost,
    target: '<= 0.25x reference',
    ok: retagGrowth / copyCost <= 0.25,
  });

  // A folder of `moved` files moved elsewhere in the tree.
  size = dirBytes(repo);
  fs.mkdirSync(path.join(w.music, 'Moved'));
  fs.renameSync(path.join(w.music, 'A000'), path.join(w.music, 'Moved', 'A000'));
  const moveSnap = w.cli(['snapshot'], repo);
  const moveGrowth = dirBytes(repo) - size;
  rows.push({
    metric: `repository growth, a folder of ${count(s.moved)} files of ${kb(s.fileBytes)} moved`,
    measured: mb(moveGrowth),
    reference: `snapshot ${snapshotStatus(moveSnap.json)}`,
    ratio: null,
    target: '<= 1 MB',
    ok: moveGrowth <= 1e6,
  });
  return rows;
}

/**
 * `n` tracks without analysis get one, the next ones in rowid order (as a rescan goes
 * through them), as an analyser writes it.
 */
function analyseNext(libraryPath: string, n: number, rng: SeededRandom): number {
  const db = new Database(libraryPath);
  try {
    const ids = db
      .prepare('SELECT rowid AS id FROM tracks WHERE sonic_features IS NULL ORDER BY rowid LIMIT ?')
      .all(n) as { id: number }[];
    const update = db.prepare('UPDATE tracks SET sonic_features = ? WHERE rowid = ?');
    db.transaction(() => {
      for (const { id } of ids) update.run(beat3towerFeatures(rng, rng.range(120, 420)).json, id);
    })();
    return ids.length;
  } finally {
    db.close();
  }
}

/** Database snapshots of a demo library with tracks analysed between each, against `.db.gz` backups. */
async function databaseRows(cache: string, restic: string, s: Scale): Promise<BenchRow[]> {
  const w = makeWorld(cache, 'database', restic);
  fs.writeFileSync(path.join(w.music, 'cover.jpg'), Buffer.alloc(1024));
  const libraryPath = await createDemoLibrary(path.dirname(w.libraryPath), { tracks: s.dbTracks, seed: 11 });
  if (libraryPath !== w.libraryPath) fs.renameSync(libraryPath, w.libraryPath);
  const dbBytes = fs.statSync(w.libraryPath).size;
  await setFolders(w, [w.music]);
  const repo = path.join(w.cache, 'repo');
  const scope = w.scope(repo);
  await initRepository(scope);
  const empty = dirBytes(repo);
  const backups = path.join(w.cache, 'backups');
  const ctx = silentContext();
  const gz: number[] = [];
  const rng = new SeededRandom(5);
  const start = performance.now();
  let analysed = 0;
  let created = 0;
  for (let i = 0; i < s.dbSnapshots; i++) {
    if (i > 0) analysed += analyseNext(w.libraryPath, s.dbAnalysedBetween, rng);
    const r = await snapshotOperation(scope, { trigger: 'manual', ctx });
    if (r.status === 'created') created++;
    // The .db.gz a backup of this state would be: made for the first and the last.
    if (i === 0 || i === s.dbSnapshots - 1) {
      gz.push(
        (
          await createBackup({
            libraryPath: w.libraryPath,
            backupDir: backups,
            trigger: 'manual',
            appVersion: 'bench',
            ctx,
          })
        ).sizes.compressedBytes,
      );
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const growth = dirBytes(repo) - empty;
  const backupsCost = (s.dbSnapshots * (gz[0]! + gz[gz.length - 1]!)) / 2;
  return [
    {
      metric:
        `repository growth, ${s.dbSnapshots} database snapshots of a ${count(s.dbTracks)}-track library ` +
        `(${mb(dbBytes)}), ${s.dbAnalysedBetween} tracks analysed between each`,
      measured: mb(growth),
      reference:
        `${mb(backupsCost)} (${s.dbSnapshots} .db.gz backups: ${mb(gz[0]!)} first, ${mb(gz[gz.length - 1]!)} last); ` +
        `${created} snapshots made, ${analysed} tracks analysed, ${seconds.toFixed(0)} s with the 2 backups`,
      ratio: growth / backupsCost,
      target: '<= 0.1x reference',
      ok: growth / backupsCost <= 0.1 && created === s.dbSnapshots,
    },
  ];
}

/** Peak memory and listing time around a snapshot of many small files, in a process of its own. */
async function browseRows(cache: string, restic: string, s: Scale): Promise<BenchRow[]> {
  const w = makeWorld(cache, 'browse', restic);
  const files = writeTree(w.music, s.browseFiles, s.browseFileBytes, { perArtist: 500, perAlbum: 25 });
  writeLibrary(w.libraryPath, files);
  const label = `${count(s.browseFiles)} files of ${kb(s.browseFileBytes)}`;
  const album = path.dirname(files[0]!);
  const artist = path.dirname(album);
  await setFolders(w, [w.music]);
  const res = timedRun(
    process.execPath,
    [SCENARIO, w.dataDir, w.libraryPath, path.join(w.cache, 'repo'), w.passwordFile, w.music, artist, album],
    { ...w.env, BACKBEAT_RESTIC: restic },
  );
  const r = JSON.parse(res.stdout.trim().split('\n').pop()!) as RepoScenarioResult;
  const rows: BenchRow[] = [
    {
      metric: `Backbeat's peak memory, snapshot and browsing of ${label}`,
      measured: `${r.peakRssMb.toFixed(0)} MB`,
      reference:
        `the app's process (restic, a child, not counted); snapshot ${r.snapshotSeconds.toFixed(1)} s of ` +
        `${count(r.totalFiles)} files, first listing (indexing) ${r.firstListSeconds.toFixed(1)} s`,
      ratio: null,
      target: '<= 250 MB',
      ok: r.peakRssMb <= 250,
    },
  ];
  for (const l of r.listings) {
    const what =
      l.dir === w.music ? 'the tree root' : l.dir === artist ? 'an artist folder' : 'an album folder';
    rows.push({
      metric: `listing ${what} (${count(l.entries)} entries) of a ${label} snapshot, once indexed`,
      measured: `${l.callMs.toFixed(0)} ms`,
      reference: `the app's call, median of 3 (its index query alone: ${l.indexMs.toFixed(1)} ms)`,
      ratio: null,
      target: '<= 200 ms',
      ok: l.callMs <= 200,
    });
  }
  rows.push(copyAtScaleRow(w, path.join(w.cache, 'repo'), label));
  return rows;
}

/**
 * Issue 15's scale row: the first copy of the 100,000-file snapshot to a folder, with
 * the peak memory of the largest process (restic's index grows with the files).
 */
function copyAtScaleRow(w: World, repo: string, label: string): BenchRow {
  const dest = path.join(w.cache, 'dest-scale');
  w.cli(['dest', 'add', 'scale', dest], repo);
  const run = w.cliWithPeakMemory(['copy', '--to', 'scale'], repo);
  if (!run) return skipped(`first copy of a ${label} snapshot`, 'GNU time is not installed (/usr/bin/time)');
  const bytes = dirBytes(dest);
  fs.rmSync(dest, { recursive: true, force: true });
  return {
    metric: `first copy of a ${label} snapshot to a folder (backbeat copy, whole process)`,
    measured: `${run.seconds.toFixed(1)} s, ${(bytes / 1e6 / run.seconds).toFixed(1)} MB/s; peak ${run.peakRssMb.toFixed(0)} MB`,
    reference: `${mb(bytes)} written; peak is the largest process's resident memory (Backbeat's or restic's)`,
    ratio: null,
    target: 'informational',
    ok: copyStatus(run.json) === 'copied' ? null : false,
  };
}
