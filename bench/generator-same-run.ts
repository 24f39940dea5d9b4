// Analysis CPU against the generator's extractor in the same run: the recorded
// cpu_seconds of fidelity/reference.json came from another day's load, so the honest
// comparison runs both here, alternating, on the same files: the generator
// (fidelity/reference/run-generator.py in a Python with its librosa stack), then
// Backbeat's analysis in a child process, round after round, CPU time each
// (process_time there, process.cpuUsage here; both count every thread).
//
// Needs the generator's checkout (Release v3.2.0) and its Python, named by
//   BACKBEAT_GENERATOR_DIR=<checkout> BACKBEAT_GENERATOR_PYTHON=<python> npm run bench
// (see README, "Analysis fidelity"); without them the row says how to run it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runChild } from './analysis-speed-bench';
import { REPO_ROOT, audioDir, makeAudioSet, readManifest, sourcesInstalled } from './fidelity/reference-set';
import type { BenchRow } from './table';

/** Typical tracks of the set (2.4-3.7 minutes; Vorbis, MP3, WAV), the ones the README's rounds used. */
export const TYPICAL_TRACKS = [
  'wesnoth-frantic',
  'wesnoth-loyalists',
  'drascula-track1',
  'muldjord-chaos-god',
  'sectoid-war-of-freedom',
  'muldjord-mutilated-mime',
  'sectoid-metal-madness',
  'drascula-track23',
];
const ROUNDS = 2;
const SPEED_TARGET = 5;
const METRIC = `analysis CPU vs the generator, same run (${TYPICAL_TRACKS.length} tracks, ${ROUNDS} rounds alternating)`;

const GeneratorOutput = z.object({
  tracks: z.record(z.string(), z.object({ cpu_seconds: z.number().nonnegative() })),
});

function skipped(why: string): BenchRow[] {
  return [
    {
      metric: METRIC,
      measured: 'skipped',
      reference: why,
      ratio: null,
      target: `>= ${SPEED_TARGET}x less`,
      ok: null,
    },
  ];
}

/** One generator run over the tracks: CPU seconds each, as its script measured them. */
function runGenerator(python: string, checkout: string): Record<string, number> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-same-run-')), 'generator.json');
  try {
    const res = spawnSync(
      python,
      [
        path.join(REPO_ROOT, 'fidelity', 'reference', 'run-generator.py'),
        checkout,
        audioDir(),
        out,
        ...TYPICAL_TRACKS,
      ],
      {
        encoding: 'utf8',
        // One BLAS/numba thread, as the generator's users run it per track.
        env: {
          ...process.env,
          OPENBLAS_NUM_THREADS: '1',
          OMP_NUM_THREADS: '1',
          MKL_NUM_THREADS: '1',
          NUMBA_NUM_THREADS: '1',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    if (res.status !== 0)
      throw new Error(`the generator failed (${python}):\n${res.stderr || res.error?.message}`);
    const parsed = GeneratorOutput.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    return Object.fromEntries(TYPICAL_TRACKS.map((id) => [id, parsed.tracks[id]?.cpu_seconds ?? NaN]));
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

export function run(): BenchRow[] {
  const checkout = process.env.BACKBEAT_GENERATOR_DIR;
  const python = process.env.BACKBEAT_GENERATOR_PYTHON ?? 'python3';
  if (!checkout)
    return skipped('set BACKBEAT_GENERATOR_DIR (and BACKBEAT_GENERATOR_PYTHON) to run the generator here');
  const tracks = readManifest().filter((t) => TYPICAL_TRACKS.includes(t.id));
  if (!sourcesInstalled(tracks))
    return skipped('the fidelity audio set is not here (see fidelity/make-audio-set.js)');
  makeAudioSet(false);
  const generator: number[] = [];
  const ours: number[] = [];
  let kernels = '';
  for (let round = 0; round < ROUNDS; round++) {
    const theirs = runGenerator(python, checkout);
    const backbeat = runChild(TYPICAL_TRACKS);
    kernels = backbeat.kernels;
    const g = sum(TYPICAL_TRACKS.map((id) => theirs[id]!));
    const b = sum(TYPICAL_TRACKS.map((id) => backbeat.cpuSeconds[id]!));
    if (!Number.isFinite(g) || !Number.isFinite(b)) throw new Error('a track has no CPU time');
    generator.push(g);
    ours.push(b);
  }
  const theirs = sum(generator);
  const mine = sum(ours);
  return [
    {
      metric: `${METRIC}, ${kernels} kernels`,
      measured: `${ours.map((s) => s.toFixed(1)).join(' / ')} s (${(theirs / mine).toFixed(1)}x less)`,
      reference: `generator ${generator.map((s) => s.toFixed(1)).join(' / ')} s, load ${os.loadavg()[0]!.toFixed(1)}`,
      ratio: mine / theirs,
      target: `>= ${SPEED_TARGET}x less (ratio <= ${(1 / SPEED_TARGET).toFixed(2)})`,
      ok: theirs / mine >= SPEED_TARGET,
    },
  ];
}

if (require.main === module) run().forEach((row) => console.log(row));
