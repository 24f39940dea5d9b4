// Analysis speed against the playlist generator's extractor: the CPU time Backbeat's
// analysis takes for each track of the fidelity audio set (real recordings, several
// formats), summed, against the generator's cpu_seconds recorded for the same files
// in fidelity/reference.json; and the peak memory of analysing the set's longest
// track. CPU time (process.cpuUsage), not wall time: the bench machine is shared.
// Each measurement runs in a child process of its own, so its numbers are that
// analysis and nothing else.
//
//   node dist/bench/analysis-speed-bench.js    prints the rows
//   npm run bench                              calls run() through bench/run.ts
import { spawnSync } from 'node:child_process';
import { analyseAudioFile } from '../electron/engine/analysis/analyse-file';
import { dspStatus } from '../electron/engine/dsp/native-dsp';
import {
  audioFileOf,
  makeAudioSet,
  readManifest,
  readReference,
  sourcesInstalled,
} from './fidelity/reference-set';
import type { BenchRow } from './table';

/** The target: at least 5x less CPU than the generator's extractor. */
const SPEED_TARGET = 5;
/** The rescan's memory target for one analysis (whole process). */
const MEMORY_TARGET_MB = 300;

export interface ChildResult {
  cpuSeconds: Record<string, number>;
  peakRssMb: number;
  /** Which DSP kernels the analysis ran (native-dsp.ts): `native`, or `js (why)`. */
  kernels: string;
}

/** Analyses the tracks in a child process of its own: CPU time each, peak memory. */
export function runChild(ids: string[]): ChildResult {
  const res = spawnSync(process.execPath, [__filename, '--child', ...ids], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`analysis child failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as ChildResult;
}

export async function run(): Promise<BenchRow[]> {
  const tracks = readManifest();
  if (!sourcesInstalled(tracks))
    return [
      {
        metric: 'analysis CPU vs the generator, fidelity set',
        measured: 'skipped',
        reference: 'the fidelity audio set is not here (see fidelity/make-audio-set.js)',
        ratio: null,
        target: `>= ${SPEED_TARGET}x less`,
        ok: null,
      },
    ];
  makeAudioSet(false);
  const reference = readReference();
  const measured = tracks.filter((t) => reference.tracks[t.id] !== undefined);
  const speed = runChild(measured.map((t) => t.id));
  let ours = 0;
  let theirs = 0;
  for (const t of measured) {
    ours += speed.cpuSeconds[t.id]!;
    theirs += reference.tracks[t.id]!.cpu_seconds;
  }
  const durationOf = (id: string): number =>
    (reference.tracks[id]?.features?.metadata as { duration?: number } | undefined)?.duration ?? 0;
  const longest = measured.reduce((a, b) => (durationOf(b.id) > durationOf(a.id) ? b : a));
  const memory = runChild([longest.id]);
  return [
    {
      metric: `analysis CPU vs the generator, fidelity set (${measured.length} real tracks, ${speed.kernels} kernels)`,
      measured: `${ours.toFixed(1)} s (${(theirs / ours).toFixed(1)}x less)`,
      reference: `${theirs.toFixed(1)} s (generator's cpu_seconds, fidelity/reference.json)`,
      ratio: ours / theirs,
      target: `>= ${SPEED_TARGET}x less (ratio <= ${(1 / SPEED_TARGET).toFixed(2)})`,
      ok: theirs / ours >= SPEED_TARGET,
    },
    {
      metric: `analysis peak memory, longest fidelity track (${longest.id}, ${(durationOf(longest.id) / 60).toFixed(0)} min)`,
      measured: `${memory.peakRssMb.toFixed(0)} MB`,
      reference: 'whole process (max RSS)',
      ratio: null,
      target: `<= ${MEMORY_TARGET_MB} MB`,
      ok: memory.peakRssMb <= MEMORY_TARGET_MB,
    },
  ];
}

/** In the child: analyses the tracks one after another, CPU time each, then the peak RSS. */
async function child(ids: string[]): Promise<void> {
  const byId = new Map(readManifest().map((t) => [t.id, t]));
  const cpuSeconds: Record<string, number> = {};
  for (const id of ids) {
    const track = byId.get(id);
    if (!track) throw new Error(`no track ${id} in fidelity/tracks.json`);
    const before = process.cpuUsage();
    await analyseAudioFile(audioFileOf(track));
    const used = process.cpuUsage(before);
    cpuSeconds[id] = (used.user + used.system) / 1e6;
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const status = dspStatus();
  const kernels = status.kernels === 'native' ? 'native' : `js (${status.reason ?? 'no reason'})`;
  const result: ChildResult = { cpuSeconds, peakRssMb, kernels };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  const [flag, ...rest] = process.argv.slice(2);
  const main = flag === '--child' ? child(rest) : run().then((rows) => rows.forEach((r) => console.log(r)));
  main.catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
