// Rescan benchmark: per-track time for a 3-minute stereo 44.1 kHz track (decode
// included) on one worker, pool throughput with 1 and 2 workers, and peak memory of
// one analysis on a 20-minute file (measured in a child process of its own, so the
// number is that analysis and nothing else).
//
//   node dist/bench/rescan-bench.js            prints the rows
//   npm run bench                              calls run() through bench/run.ts
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseAudioFile } from '../electron/engine/analysis/analyse-file';
import { findOnPath } from '../electron/engine/audio/find-ffmpeg';
import { renderMusic } from '../electron/engine/audio/synth';
import { runAnalysisPool } from '../electron/engine/rescan/pool';
import type { BenchRow } from './table';

export interface Row {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean | null;
}

const RATE = 44_100;
const SPEC = { bpm: 124, tonic: 7, mode: 'major' as const, sampleRate: RATE };

/** Writes a 16-bit stereo WAV of `seconds`, looping a 30-second render (streamed: bounded memory). */
function writeLongWav(file: string, seconds: number): void {
  const loop = renderMusic(SPEC, 0, 30 * RATE);
  const frames = Math.round(seconds * RATE);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + frames * 4, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(frames * 4, 40);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header);
    const block = Buffer.alloc(RATE * 4);
    for (let start = 0; start < frames; start += RATE) {
      const n = Math.min(RATE, frames - start);
      for (let i = 0; i < n; i++) {
        const v = Math.max(-32768, Math.min(32767, Math.round(loop[(start + i) % loop.length]! * 32767)));
        block.writeInt16LE(v, i * 4);
        // A slightly different right channel, so the downmix has work to do.
        block.writeInt16LE(Math.round(v * 0.9), i * 4 + 2);
      }
      fs.writeSync(fd, block, 0, n * 4);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function encode(ffmpeg: string, wav: string, out: string): void {
  execFileSync(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    wav,
    '-c:a',
    'libmp3lame',
    '-b:a',
    '192k',
    out,
  ]);
}

async function poolSeconds(files: string[], workers: number): Promise<number> {
  const started = performance.now();
  let failed = 0;
  await runAnalysisPool(
    files.map((filePath) => ({ filePath })),
    workers,
    new AbortController().signal,
    { onDone: (_item, outcome) => void (outcome.ok || failed++) },
  );
  if (failed > 0) throw new Error(`${failed} benchmark tracks failed to analyse`);
  return (performance.now() - started) / 1000;
}

/** In-worker time of one analysis (the worker reports it), median of `repeats`, after one warm-up. */
async function perTrackSeconds(file: string, repeats: number): Promise<number> {
  const times: number[] = [];
  await runAnalysisPool(
    Array.from({ length: repeats + 1 }, () => ({ filePath: file })),
    1,
    new AbortController().signal,
    {
      onDone: (_item, outcome) => {
        if (!outcome.ok) throw new Error(outcome.reason);
        times.push(outcome.ms / 1000);
      },
    },
  );
  const measured = times.slice(1).sort((a, b) => a - b);
  return measured[Math.floor(measured.length / 2)]!;
}

function peakMemoryMb(file: string): number {
  const res = spawnSync(process.execPath, [__filename, '--memory-child', file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`memory child failed: ${res.stderr}`);
  return Number(res.stdout.trim().split('\n').pop());
}

export async function runRescanBench(workDir?: string): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(workDir ?? os.tmpdir(), 'rescan-bench-'));
  const rows: Row[] = [];
  try {
    const ffmpeg = findOnPath('ffmpeg');
    const wav3 = path.join(dir, 'three-minutes.wav');
    writeLongWav(wav3, 180);
    rows.push({
      name: 'per track, 3 min stereo 44.1 kHz WAV, 1 worker',
      value: await perTrackSeconds(wav3, 3),
      unit: 's',
      target: '<= 1.5 s',
      pass: null,
    });
    let poolFile = wav3;
    if (ffmpeg) {
      const mp3 = path.join(dir, 'three-minutes.mp3');
      encode(ffmpeg, wav3, mp3);
      rows.push({
        name: 'per track, 3 min stereo 44.1 kHz MP3 192k, 1 worker',
        value: await perTrackSeconds(mp3, 3),
        unit: 's',
        target: '<= 1.5 s',
        pass: null,
      });
      poolFile = mp3;
    }
    for (const r of rows) r.pass = r.value <= 1.5;

    // Throughput: the same 3-minute file, six times, through 1 and then 2 workers.
    const files = Array.from({ length: 6 }, () => poolFile);
    for (const workers of [1, 2]) {
      const seconds = await poolSeconds(files, workers);
      rows.push({
        name: `pool throughput, ${workers} worker${workers > 1 ? 's' : ''}, 3 min tracks`,
        value: files.length / seconds,
        unit: 'tracks/s',
        target: 'more with 2 workers',
        pass: null,
      });
    }
    const [one, two] = rows.slice(-2);
    two!.pass = two!.value > one!.value * 1.3;
    one!.pass = true;

    const wav20 = path.join(dir, 'twenty-minutes.wav');
    writeLongWav(wav20, 20 * 60);
    let long = wav20;
    if (ffmpeg) {
      long = path.join(dir, 'twenty-minutes.mp3');
      encode(ffmpeg, wav20, long);
      fs.rmSync(wav20);
    }
    const mb = peakMemoryMb(long);
    rows.push({
      name: `peak memory, one analysis of a 20 min ${ffmpeg ? 'MP3' : 'WAV'} (whole process)`,
      value: mb,
      unit: 'MB',
      target: '<= 300 MB',
      pass: mb <= 300,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The shape bench/run.ts prints. */
export async function run(work: string): Promise<BenchRow[]> {
  return (await runRescanBench(work)).map((r) => ({
    metric: `rescan: ${r.name}`,
    measured: `${r.value.toFixed(r.unit === 'MB' ? 0 : 2)} ${r.unit}`,
    reference: '',
    ratio: null,
    target: r.target,
    ok: r.pass,
  }));
}

async function memoryChild(file: string): Promise<void> {
  const r = await analyseAudioFile(file);
  if (!(r.durationSeconds > 1100)) throw new Error(`decoded only ${r.durationSeconds} s`);
  process.stdout.write(`${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
}

if (require.main === module) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--memory-child') {
    memoryChild(file!).catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  } else {
    runRescanBench()
      .then((rows) => {
        for (const r of rows)
          console.log(
            `${r.name}: ${r.value.toFixed(2)} ${r.unit} (target ${r.target}) ${r.pass === null ? '' : r.pass ? 'PASS' : 'MISS'}`,
          );
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  }
}
