// Micro-bench (issue 16, CPU): the native FFT kernels (dsp/src/fft*.c) against the
// TypeScript arithmetic they reproduce, on the transforms the analysis makes, and
// optionally against another build of the addon (a base build, to see what a change
// to the C gained), in the same process, rounds interleaved. Prints CPU time per call
// (process.cpuUsage, least of several rounds) and whether each native result is the
// TypeScript one bit for bit (it must be: the stored features may not depend on the
// build). Not part of `npm run bench`:
//
//   node dist/bench/fft-native-bench.js [<other build>/electron/engine/dsp/build/Release/backbeat_dsp.node]
import path from 'node:path';
import { ComplexFft } from '../electron/engine/audio/complex-fft';
import { RealFft } from '../electron/engine/audio/real-fft';
import { BLOCK_SIZE } from '../electron/engine/analysis/cqt-block-octave';
import { buildBanks } from '../electron/engine/analysis/cqt-filters';
import { N_FFT } from '../electron/engine/analysis/constants';
import { TEMPOGRAM_WINDOW } from '../electron/engine/analysis/tempogram';
import { type NativeDsp, dspStatus, nativeDsp, parseNativeDsp } from '../electron/engine/dsp/native-dsp';
import { cpuPerCall, loadAverage } from './cpu-per-call';

/** Deterministic noise in [-0.5, 0.5). */
function noise(length: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** One transform of the analysis: a call on kernels `dsp` (null: TypeScript) writing `out`. */
interface Case {
  name: string;
  calls: number;
  make(dsp: NativeDsp | null): { run: () => void; out: Float64Array };
}

function realForward(name: string, n: number, power: boolean, calls: number): Case {
  const frame = noise(n, n);
  return {
    name,
    calls,
    make(dsp) {
      const fft = new RealFft(n, dsp);
      const out = new Float64Array(power ? n / 2 + 1 : n + 2);
      return { out, run: power ? () => fft.powerInto(frame, out) : () => fft.spectrumInto(frame, out) };
    },
  };
}

function realInverse(name: string, n: number, calls: number): Case {
  const spec = new Float64Array(n + 2);
  new RealFft(n, null).spectrumInto(noise(n, 7), spec);
  return {
    name,
    calls,
    make(dsp) {
      const fft = new RealFft(n, dsp);
      const out = new Float64Array(n);
      return { out, run: () => fft.inverseInto(spec, out) };
    },
  };
}

function complexInverse(name: string, n: number, calls: number): Case {
  const data = noise(2 * n, 11);
  return {
    name,
    calls,
    make(dsp) {
      const fft = new ComplexFft(n, dsp);
      const out = new Float64Array(2 * n);
      return { out, run: () => fft.inverseTransform(out, data) };
    },
  };
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

function main(): void {
  const native = nativeDsp();
  if (!native) {
    console.error(`the native kernels are not loaded: ${dspStatus().reason ?? ''}`);
    process.exit(1);
  }
  const otherFile = process.argv[2];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const other = otherFile ? parseNativeDsp(require(path.resolve(otherFile))) : null;
  const cqtFft = buildBanks(0)[0]!.nFft;
  let tempogramFft = 1;
  while (tempogramFft < 2 * TEMPOGRAM_WINDOW - 1) tempogramFft *= 2;
  const cases = [
    realForward(`STFT frame: real ${N_FFT}, power`, N_FFT, true, 4000),
    realForward(`constant-Q frame: real ${cqtFft}, bins`, cqtFft, false, 8000),
    realForward(`constant-Q block / halving: real ${BLOCK_SIZE}, bins`, BLOCK_SIZE, false, 2000),
    realInverse(`44.1 kHz halving: real ${BLOCK_SIZE / 2}, inverse`, BLOCK_SIZE / 2, 4000),
    realForward(`tempogram: real ${tempogramFft}, power`, tempogramFft, true, 8000),
    // Block octaves' hops 8, 16, 32: BLOCK_SIZE / hop points.
    ...[8, 16, 32].map((hop) =>
      complexInverse(
        `constant-Q block fold: complex ${BLOCK_SIZE / hop}, inverse`,
        BLOCK_SIZE / hop,
        1000 * hop,
      ),
    ),
  ];
  console.log(`node ${process.version}, load ${loadAverage()}`);
  console.log(
    `case | TypeScript us | native us | TypeScript / native | bit for bit${other ? ' | other build us | other / native' : ''}`,
  );
  for (const c of cases) {
    const js = c.make(null);
    const mine = c.make(native);
    const theirs = other ? c.make(other) : null;
    js.run();
    mine.run();
    const f = (x: number): string => x.toFixed(2);
    // Rounds interleaved, so a burst of load on the shared machine hits all alike.
    const best = { js: Infinity, mine: Infinity, theirs: Infinity };
    for (let round = 0; round < 5; round++) {
      best.js = Math.min(best.js, cpuPerCall(js.run, c.calls, 2));
      best.mine = Math.min(best.mine, cpuPerCall(mine.run, c.calls, 2));
      if (theirs) best.theirs = Math.min(best.theirs, cpuPerCall(theirs.run, c.calls, 2));
    }
    const row = `${c.name} | ${f(best.js)} | ${f(best.mine)} | ${f(best.js / best.mine)}x | ${sameBits(mine.out, js.out) ? 'yes' : 'NO'}`;
    console.log(theirs ? `${row} | ${f(best.theirs)} | ${f(best.theirs / best.mine)}x` : row);
  }
  console.log(`load ${loadAverage()}`);
}

main();
