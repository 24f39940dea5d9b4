// The backup as a user meets it: the whole `backbeat backup` process (Node's start-up,
// loading the CLI, snapshot, compression, hashing, fsync, stats) against the whole
// reference pipeline (`sqlite3 .backup` then `pigz -6 -p 2`), timed as processes,
// alternating A B A B so a machine whose load drifts treats both alike; medians.
//
// Two libraries: one shaped like the reference's (30,000 tracks, ~151 MB, ~5 KB of
// analysis JSON a track; see docs in /work/shared/reference/library-format.md) and the
// demo generator's own 217 MB one (~7 KB a track). Each runs quiet and, with --busy,
// again with two CPU-bound programs beside both commands (a user's scanner usually is
// one). The machine's load average is printed with every row: on a shared machine it
// says how much the numbers can be trusted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BenchRow } from './table';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'backbeat.js');

export interface CliBenchLibrary {
  label: string;
  path: string;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs a command to its end and returns its wall time in seconds; throws on failure. */
function timed(cmd: string, args: string[]): number {
  const start = performance.now();
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  return seconds;
}

/**
 * An older, single-window analysis as the generator once wrote it: one flat vector at
 * full double precision. Derived from the track's own numbers with a small
 * deterministic jitter, so every track's vector differs as real measurements do.
 */
function legacyFeatures(json: string, rowid: number): string {
  const numbers = (json.match(/-?\d+\.\d+/g) ?? []).slice(0, 137).map(Number);
  let x = (rowid * 2654435761) % 4294967296;
  const features = numbers.map((n) => {
    x = (x * 1664525 + 1013904223) % 4294967296;
    return Number((n * (1 + (x / 4294967296 - 0.5) * 1e-3)).toPrecision(9));
  });
  return JSON.stringify({ window_seconds: 30, features });
}

/**
 * Rewrites the demo library towards the reference's shape (library-format.md: 30,080
 * tracks, 156 MB, 42 MB gzipped; the 151 MB, ~5 KB of JSON a track, 40 MB):
 * one analysed track in three keeps an older single-window analysis (a flat vector of
 * 137 numbers at nine digits, which compresses far less than beat3tower's named
 * fields), then VACUUM. Measured: 4.8 KB of JSON a track, 41 MB gzipped, like the
 * reference; the file is ~182 MB rather than ~151, because a ~6.6 KB beat3tower row
 * leaves a leaf page 1.5 KB empty. The demo's own JSON (~7 KB a track) compresses to
 * ~21% (46 MB of 217 MB) against the reference's ~27%, which made pigz look faster.
 */
export function reshapeToReference(libraryPath: string): void {
  const db = new Database(libraryPath);
  try {
    db.function('legacy_features', { deterministic: true }, (json: unknown, rowid: unknown) =>
      typeof json === 'string' ? legacyFeatures(json, Number(rowid)) : json,
    );
    db.exec(
      'UPDATE tracks SET sonic_features = legacy_features(sonic_features, rowid) ' +
        'WHERE sonic_features IS NOT NULL AND rowid % 3 = 0',
    );
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}

/** Average analysis JSON per analysed track, in bytes. */
export function featureBytesPerTrack(libraryPath: string): number {
  const db = new Database(libraryPath, { readonly: true });
  try {
    const row = db
      .prepare('SELECT avg(length(sonic_features)) AS n FROM tracks WHERE sonic_features IS NOT NULL')
      .get() as { n: number | null };
    return row.n ?? 0;
  } finally {
    db.close();
  }
}

/** Two CPU-bound programs, as a busy user's machine has (a scanner, a browser tab...). */
export function startBusyPrograms(): () => void {
  const children: ChildProcess[] = [0, 1].map(() =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );
  return () => {
    for (const c of children) c.kill('SIGKILL');
  };
}

/** `backbeat --help`: Node's start-up plus loading the CLI, median of five. */
export function cliStartupSeconds(): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(timed(process.execPath, [BIN, '--help']));
  return median(times);
}

/**
 * `backbeat backup` on a missing library: start-up plus loading everything a backup
 * loads, up to the library check (which fails), median of five.
 */
export function backupStartupSeconds(): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [BIN, 'backup', '--library', path.join(ROOT, 'no-such-library.db')], {
      stdio: 'ignore',
    });
    times.push((performance.now() - start) / 1000);
  }
  return median(times);
}

function loadNote(): string {
  return `load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

interface Pair {
  backbeat: number;
  reference: number;
  backbeatBytes: number;
  referenceBytes: number;
}

/** One A B pair: the whole `backbeat backup` process, then sqlite3 .backup + pigz. */
function onePair(lib: string, work: string, i: number): Pair {
  const backupDir = path.join(work, `cli-backups-${i}`);
  const backbeat = timed(process.execPath, [
    BIN,
    'backup',
    '--library',
    lib,
    '--backup-dir',
    backupDir,
    '--json',
  ]);
  const gz = fs.readdirSync(backupDir).find((f) => f.endsWith('.db.gz'));
  const backbeatBytes = gz ? fs.statSync(path.join(backupDir, gz)).size : 0;
  fs.rmSync(backupDir, { recursive: true, force: true });
  const snap = path.join(work, `ref-${i}.db`);
  const reference =
    timed('sqlite3', [lib, `.backup '${snap}'`]) + timed('pigz', ['-6', '-p', '2', '-f', snap]);
  const referenceBytes = fs.statSync(`${snap}.gz`).size;
  fs.rmSync(`${snap}.gz`, { force: true });
  return { backbeat, reference, backbeatBytes, referenceBytes };
}

function rowsFor(lib: CliBenchLibrary, work: string, runs: number, busy: boolean): BenchRow[] {
  const stop = busy ? startBusyPrograms() : () => undefined;
  const pairs: Pair[] = [];
  try {
    for (let i = 0; i < runs; i++) pairs.push(onePair(lib.path, work, i));
  } finally {
    stop();
  }
  const a = median(pairs.map((p) => p.backbeat));
  const b = median(pairs.map((p) => p.reference));
  const beside = busy ? ', 2 busy programs beside' : '';
  const target = busy ? 1.0 : 0.9;
  return [
    {
      metric: `backbeat backup (whole process), ${lib.label}${beside}`,
      measured: `${a.toFixed(2)} s`,
      reference:
        `${b.toFixed(2)} s (sqlite3 .backup + pigz -6 -p 2; median of ${runs}, A B alternating; ` +
        `${loadNote()})`,
      ratio: a / b,
      target: `<= ${target.toFixed(1)}x reference`,
      ok: a / b <= target,
    },
    ...(busy
      ? []
      : [
          {
            metric: `backup size, ${lib.label}`,
            measured: `${(pairs[0]!.backbeatBytes / 1e6).toFixed(1)} MB`,
            reference: `${(pairs[0]!.referenceBytes / 1e6).toFixed(1)} MB (pigz -6)`,
            ratio: pairs[0]!.backbeatBytes / pairs[0]!.referenceBytes,
            target: 'informational',
            ok: null,
          },
        ]),
  ];
}

/** The rows: CLI start-up, then each library quiet and (with `busy`) with two busy programs beside. */
export function runCliBackupBench(
  libraries: CliBenchLibrary[],
  work: string,
  options: { busy?: boolean; runs?: number } = {},
): BenchRow[] {
  const runs = options.runs ?? 5;
  const bare = median([0, 1, 2, 3, 4].map(() => timed(process.execPath, ['-e', '0'])));
  const rows: BenchRow[] = [
    {
      metric: 'CLI start-up (backbeat --help, whole process)',
      measured: `${cliStartupSeconds().toFixed(3)} s`,
      reference: `node -e 0: ${bare.toFixed(3)} s`,
      ratio: null,
      target: 'informational',
      ok: null,
    },
    {
      metric: 'CLI start-up, backup path (backbeat backup on a missing library)',
      measured: `${backupStartupSeconds().toFixed(3)} s`,
      reference: `node -e 0: ${bare.toFixed(3)} s; ${loadNote()}`,
      ratio: null,
      target: 'informational',
      ok: null,
    },
  ];
  if (!has('sqlite3') || !has('pigz')) {
    console.log(
      'bench: sqlite3 or pigz missing (apt-get install -y sqlite3 pigz); no whole-process backup rows.',
    );
    return rows;
  }
  for (const busy of options.busy ? [false, true] : [false]) {
    for (const lib of libraries) rows.push(...rowsFor(lib, work, runs, busy));
  }
  return rows;
}
