// Micro-bench (issue 16, CPU): is a SIMD WebAssembly FFT (PFFFT, npm
// @echogarden/pffft-wasm, float32) clearly cheaper than the JavaScript FFT
// (audio/complex-fft.ts, audio/real-fft.ts, float64) for the transforms the analysis
// makes, counting what a caller would pay to use it: the copy of its Float64Array into
// wasm memory (a float32 conversion), the transform, and the copy of the result back
// into the layout the caller reads. Prints CPU time per call (process.cpuUsage, the
// least of several rounds: the machine is shared) and how far the float32 result is
// from the float64 one. Not part of `npm run bench`: the package is not a dependency
// (this bench found it does not win by enough to be one); install it anywhere and pass
// its directory:
//
//   npm install --prefix /tmp/pffft @echogarden/pffft-wasm@0.4.2
//   node dist/bench/fft-wasm-bench.js /tmp/pffft/node_modules/@echogarden/pffft-wasm
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ComplexFft } from '../electron/engine/audio/complex-fft';
import { RealFft } from '../electron/engine/audio/real-fft';
import { BLOCK_SIZE } from '../electron/engine/analysis/cqt-block-octave';
import { buildBanks } from '../electron/engine/analysis/cqt-filters';
import { N_FFT } from '../electron/engine/analysis/constants';
import { TEMPOGRAM_WINDOW } from '../electron/engine/analysis/tempogram';
import { cpuPerCall, loadAverage } from './cpu-per-call';

/** The parts of the Emscripten module the bench calls (pffft.h's API). */
interface Pffft {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, kind: number): number;
  _pffft_transform_ordered(
    setup: number,
    input: number,
    output: number,
    work: number,
    direction: number,
  ): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_simd_size(): number;
}
const REAL = 0;
const COMPLEX = 1;
const FORWARD = 0;
const BACKWARD = 1;

/** One PFFFT transform of `n` points with its three float buffers in wasm memory (byte offsets). */
interface Plan {
  setup: number;
  input: number;
  output: number;
  work: number;
}

function plan(mod: Pffft, n: number, kind: number): Plan {
  const floats = kind === REAL ? n : 2 * n;
  return {
    setup: mod._pffft_new_setup(n, kind),
    input: mod._pffft_aligned_malloc(floats * 4),
    output: mod._pffft_aligned_malloc(floats * 4),
    work: mod._pffft_aligned_malloc(floats * 4),
  };
}

/** A music-like test frame: a few partials and some noise (deterministic). */
function testSignal(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const noise = s / 2147483648 - 0.5;
    x[i] =
      0.5 * Math.sin((2 * Math.PI * 440 * i) / 22050) +
      0.25 * Math.sin((2 * Math.PI * 1318.5 * i) / 22050 + 1) +
      0.1 * Math.sin((2 * Math.PI * 97.3 * i) / 22050 + 2) +
      0.05 * noise;
  }
  return x;
}

/** Largest difference over the largest magnitude of the reference. */
function relError(test: ArrayLike<number>, ref: ArrayLike<number>): number {
  let diff = 0;
  let peak = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(test[i]! - ref[i]!));
    peak = Math.max(peak, Math.abs(ref[i]!));
  }
  return diff / peak;
}

interface Case {
  name: string;
  /** The JavaScript FFT as the caller uses it. */
  js: () => void;
  /** The copy of the caller's Float64Array into wasm memory (float32). */
  copyIn: () => void;
  /** PFFFT alone (input already in wasm memory, result left there). */
  wasmOnly: () => void;
  /** The copy of the result into the caller's layout (float64). */
  copyOut: () => void;
  jsOut: Float64Array;
  wasmOut: Float64Array;
  calls: number;
}

/** A forward real transform read as the caller reads it: power (|X|^2) or the complex bins. */
function realForwardCase(mod: Pffft, name: string, n: number, power: boolean, calls: number): Case {
  const fft = new RealFft(n);
  const p = plan(mod, n, REAL);
  const frame = testSignal(n, n);
  const jsOut = new Float64Array(power ? n / 2 + 1 : n + 2);
  const wasmOut = new Float64Array(jsOut.length);
  const half = n / 2;
  const wasmOnly = (): void => mod._pffft_transform_ordered(p.setup, p.input, p.output, p.work, FORWARD);
  const copyIn = (): void => mod.HEAPF32.set(frame, p.input >> 2);
  const copyOut = (): void => {
    const heap = mod.HEAPF32;
    // Ordered real output: X[0], X[n/2] (both real), then re, im of X[1..n/2-1].
    const o = p.output >> 2;
    if (power) {
      wasmOut[0] = heap[o]! * heap[o]!;
      wasmOut[half] = heap[o + 1]! * heap[o + 1]!;
      for (let k = 1; k < half; k++) {
        const re = heap[o + 2 * k]!;
        const im = heap[o + 2 * k + 1]!;
        wasmOut[k] = re * re + im * im;
      }
    } else {
      wasmOut[0] = heap[o]!;
      wasmOut[1] = 0;
      wasmOut[2 * half] = heap[o + 1]!;
      wasmOut[2 * half + 1] = 0;
      for (let i = 2; i < n; i++) wasmOut[i] = heap[o + i]!;
    }
  };
  const js = power ? (): void => fft.powerInto(frame, jsOut) : (): void => fft.spectrumInto(frame, jsOut);
  return { name, js, copyIn, wasmOnly, copyOut, jsOut, wasmOut, calls };
}

/** The inverse real transform of the 44.1 kHz halving (bins 0..n/2 in, n samples out, scaled 1/n). */
function realInverseCase(mod: Pffft, name: string, n: number, calls: number): Case {
  const fft = new RealFft(n);
  const p = plan(mod, n, REAL);
  const spec = new Float64Array(n + 2);
  fft.spectrumInto(testSignal(n, 7), spec);
  const jsOut = new Float64Array(n);
  const wasmOut = new Float64Array(n);
  const wasmOnly = (): void => mod._pffft_transform_ordered(p.setup, p.input, p.output, p.work, BACKWARD);
  const copyIn = (): void => {
    const heap = mod.HEAPF32;
    const i0 = p.input >> 2;
    heap[i0] = spec[0]!;
    heap[i0 + 1] = spec[n]!;
    for (let i = 2; i < n; i++) heap[i0 + i] = spec[i]!;
  };
  const copyOut = (): void => {
    const heap = mod.HEAPF32;
    const o = p.output >> 2;
    const scale = 1 / n;
    for (let i = 0; i < n; i++) wasmOut[i] = heap[o + i]! * scale;
  };
  return { name, js: () => fft.inverseInto(spec, jsOut), copyIn, wasmOnly, copyOut, jsOut, wasmOut, calls };
}

/** The constant-Q block octaves' small complex inverses (interleaved in and out, scaled 1/n). */
function complexInverseCase(mod: Pffft, name: string, n: number, calls: number): Case {
  const fft = new ComplexFft(n);
  const p = plan(mod, n, COMPLEX);
  const data = testSignal(2 * n, 11);
  const jsOut = new Float64Array(2 * n);
  const wasmOut = new Float64Array(2 * n);
  const wasmOnly = (): void => mod._pffft_transform_ordered(p.setup, p.input, p.output, p.work, BACKWARD);
  const copyIn = (): void => mod.HEAPF32.set(data, p.input >> 2);
  const copyOut = (): void => {
    const heap = mod.HEAPF32;
    const o = p.output >> 2;
    const scale = 1 / n;
    for (let i = 0; i < 2 * n; i++) wasmOut[i] = heap[o + i]! * scale;
  };
  return {
    name,
    js: () => fft.inverseTransform(jsOut, data),
    copyIn,
    wasmOnly,
    copyOut,
    jsOut,
    wasmOut,
    calls,
  };
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node dist/bench/fft-wasm-bench.js <directory of @echogarden/pffft-wasm>');
    process.exit(2);
  }
  const simd = !process.argv.includes('--no-simd');
  const entry = path.join(dir, 'dist', simd ? 'simd' : 'non-simd', 'pffft.js');
  const factory = ((await import(pathToFileURL(entry).href)) as { default: () => Promise<Pffft> }).default;
  const mod = await factory();
  const cqtFft = buildBanks(0)[0]!.nFft;
  let tempogramFft = 1;
  while (tempogramFft < 2 * TEMPOGRAM_WINDOW - 1) tempogramFft *= 2;
  const cases = [
    realForwardCase(mod, `STFT frame: real ${N_FFT}, power`, N_FFT, true, 4000),
    realForwardCase(mod, `constant-Q frame: real ${cqtFft}, bins`, cqtFft, false, 8000),
    realForwardCase(mod, `constant-Q block / halving: real ${BLOCK_SIZE}, bins`, BLOCK_SIZE, false, 2000),
    realInverseCase(mod, `44.1 kHz halving: real ${BLOCK_SIZE / 2}, inverse`, BLOCK_SIZE / 2, 4000),
    realForwardCase(mod, `tempogram: real ${tempogramFft}, power`, tempogramFft, true, 8000),
    // Block octaves' hops 8, 16, 32: BLOCK_SIZE / hop points.
    complexInverseCase(
      mod,
      `constant-Q block fold: complex ${BLOCK_SIZE / 8}, inverse`,
      BLOCK_SIZE / 8,
      8000,
    ),
    complexInverseCase(
      mod,
      `constant-Q block fold: complex ${BLOCK_SIZE / 16}, inverse`,
      BLOCK_SIZE / 16,
      16000,
    ),
    complexInverseCase(
      mod,
      `constant-Q block fold: complex ${BLOCK_SIZE / 32}, inverse`,
      BLOCK_SIZE / 32,
      32000,
    ),
  ];
  console.log(
    `PFFFT ${simd ? 'SIMD' : 'non-SIMD'} build (simd size ${mod._pffft_simd_size()}), node ${process.version}, load ${loadAverage()}`,
  );
  // "in wasm": the caller would write its input straight into wasm memory (the STFT's
  // windowing and the constant-Q frame copy already copy every sample), so only the
  // result's copy out is paid.
  console.log(
    'case | JS us | wasm, copies in+out us | wasm, copy out us | wasm alone us | JS / (in+out) | JS / (out) | max error / peak',
  );
  for (const c of cases) {
    c.js();
    c.copyIn();
    c.wasmOnly();
    c.copyOut();
    const err = relError(c.wasmOut, c.jsOut);
    const { copyIn, wasmOnly, copyOut } = c;
    const js = cpuPerCall(c.js, c.calls);
    const both = cpuPerCall(() => {
      copyIn();
      wasmOnly();
      copyOut();
    }, c.calls);
    const out = cpuPerCall(() => {
      wasmOnly();
      copyOut();
    }, c.calls);
    const alone = cpuPerCall(wasmOnly, c.calls);
    const f = (x: number): string => x.toFixed(2);
    console.log(
      `${c.name} | ${f(js)} | ${f(both)} | ${f(out)} | ${f(alone)} | ${f(js / both)}x | ${f(js / out)}x | ${err.toExponential(1)}`,
    );
  }
  console.log(`load ${loadAverage()}`);
}

void main();
