// Loads Backbeat's native DSP kernels (C, built from ./src by `npm install`; see
// binding.gyp) for the analysis' hot loops. They compute exactly what the TypeScript
// versions compute, operation for operation, only faster; the TypeScript stays as the
// reference the kernels are tested against and as the fallback where no C compiler
// built them (the analysis is then slower, never different).
//
// BACKBEAT_DSP chooses: `js` never loads them (benchmarks, tests of the fallback),
// `native` requires them (CI: a broken build must fail, not fall back quietly), unset
// loads them when they are there.
import fs from 'node:fs';
import path from 'node:path';

/** What a plan made by the kernels is to JavaScript: an opaque handle. */
export type NativePlan = { readonly __nativePlan: unique symbol };

/**
 * Constant-Q frames first..first+count-1 of an octave's signal (signal[i] is sample
 * signalStart + i) into the ring of rows that holds `capacity` frames (PendingFrames).
 */
export type CqtFrames = [
  signal: Float32Array,
  signalStart: number,
  first: number,
  count: number,
  rows: Float64Array,
  capacity: number,
];

export interface NativeDsp {
  complexPlan(size: number, table: Float64Array): NativePlan;
  complexTransform(plan: NativePlan, out: Float64Array, data: Float64Array, inverse: 0 | 1): void;
  realPlan(size: number, halfTable: Float64Array, cos: Float64Array, sin: Float64Array): NativePlan;
  realPower(plan: NativePlan, frame: Float64Array, power: Float64Array): void;
  realSpectrum(plan: NativePlan, frame: Float64Array, spec: Float64Array, from: number, to: number): void;
  realInverse(plan: NativePlan, spec: Float64Array, out: Float64Array): void;
  stftFramePlan(
    halfTable: Float64Array,
    cos: Float64Array,
    sin: Float64Array,
    window: Float64Array,
    melBands: Float64Array,
    melWeights: Float64Array,
    contrastBands: Float64Array,
    layout: Float64Array,
  ): NativePlan;
  stftFrame(
    plan: NativePlan,
    samples: Float32Array,
    at: number,
    rows: Float32Array,
    rowAt: number,
    melPower: Float64Array,
    peaks: Float64Array,
    peakAt: number,
  ): number;
  melRowsPlan(dct: Float64Array, layout: Float64Array): NativePlan;
  melRow(
    plan: NativePlan,
    curDb: Float32Array,
    prevDb: Float32Array,
    ownDb: Float32Array,
    rows: Float32Array,
    params: Float64Array,
  ): void;
  /** The 44.1 kHz halving's block (audio/hq-half-rate.ts); tables from packedRealFftTables. */
  halfRatePlan(size: number, forward: Float64Array, inverse: Float64Array, filter: Float64Array): NativePlan;
  halfRateBlock(
    plan: NativePlan,
    input: Float32Array,
    offset: number,
    out: Float32Array,
    at: number,
    first: number,
    count: number,
  ): void;
  /** out[at + i] = (left[i] + right[i]) * 0.5 (audio/downmix.ts). */
  mixStereo(out: Float32Array, at: number, left: Float32Array, right: Float32Array): void;
  /** The sum over frames of analysis/tempogram.ts's normalised power spectra. */
  tempogramPlan(size: number, tables: Float64Array, hann: Float64Array): NativePlan;
  tempogramSum(plan: NativePlan, padded: Float64Array, frames: number, sum: Float64Array): void;
  /** The rational resampler's filter bank loop (audio/polyphase-resampler.ts). */
  polyphasePlan(up: number, down: number, firstTap: number, tapCount: number, bank: Float64Array): NativePlan;
  polyphaseRun(
    plan: NativePlan,
    buf: Float32Array,
    bufLen: number,
    bufStart: number,
    nextOut: number,
    out: Float32Array,
  ): void;
  /** The constant-Q chroma's loops (analysis/cqt-*.ts; see their native paths). */
  cqtHalve(taps: Float64Array, input: Float32Array, at: number, count: number, out: Float32Array): void;
  cqtFramePlan(
    nFft: number,
    hop: number,
    firstBin: number,
    offsets: Int32Array,
    bins: Int32Array,
    filters: Float64Array,
    scale: Float64Array,
    fftTables: Float64Array,
  ): NativePlan;
  cqtFrames(plan: NativePlan, ...frames: CqtFrames): void;
  cqtBlockPlan(
    nFft: number,
    hop: number,
    firstBin: number,
    block: number,
    factor: Float64Array,
    fftTables: Float64Array,
    foldedTable: Float64Array,
  ): NativePlan;
  cqtBlock(plan: NativePlan, kernel: Float64Array, ...frames: CqtFrames): void;
  cqtFold(
    rows: Float64Array,
    capacity: number,
    from: number,
    upTo: number,
    keyWeight: Float64Array,
    chroma: Float32Array,
    keyProfile: Float64Array,
  ): void;
  flacDecode(
    input: Uint8Array,
    last: 0 | 1,
    out: Float32Array,
    capacity: number,
    scratch: Int32Array,
    stream: Int32Array,
    result: Float64Array,
  ): void;
}

/** The contract version this code expects (BACKBEAT_DSP_ABI in src/addon.c). */
export const DSP_ABI = 4;
const FUNCTIONS: readonly (keyof NativeDsp)[] = [
  'complexPlan',
  'complexTransform',
  'realPlan',
  'realPower',
  'realSpectrum',
  'realInverse',
  'stftFramePlan',
  'stftFrame',
  'melRowsPlan',
  'melRow',
  'halfRatePlan',
  'halfRateBlock',
  'mixStereo',
  'tempogramPlan',
  'tempogramSum',
  'polyphasePlan',
  'polyphaseRun',
  'cqtHalve',
  'cqtFramePlan',
  'cqtFrames',
  'cqtBlockPlan',
  'cqtBlock',
  'cqtFold',
  'flacDecode',
];

/** dist/electron/engine/dsp/ is four levels below the repository (or unpacked app) root. */
export const DSP_ADDON_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'electron',
  'engine',
  'dsp',
  'build',
  'Release',
  'backbeat_dsp.node',
);

export interface DspStatus {
  kernels: 'native' | 'js';
  /** Why the JavaScript kernels run, when they do. */
  reason?: string;
}

/** Checks what the addon exports against the contract; a stale or foreign file is refused. */
export function parseNativeDsp(loaded: unknown): NativeDsp {
  if (typeof loaded !== 'object' || loaded === null) throw new Error('the addon exports nothing');
  const addon = loaded as Record<string, unknown>;
  if (addon.abi !== DSP_ABI)
    throw new Error(
      `the addon was built for kernel contract ${String(addon.abi)}, this code needs ${DSP_ABI} (run npm install)`,
    );
  for (const name of FUNCTIONS)
    if (typeof addon[name] !== 'function') throw new Error(`the addon has no ${name}()`);
  return loaded as NativeDsp;
}

/** Loads the addon at `file` under BACKBEAT_DSP `mode` (exported for its tests). */
export function loadDsp(
  file: string,
  mode: string | undefined,
): { dsp: NativeDsp | null; status: DspStatus } {
  if (mode === 'js') return { dsp: null, status: { kernels: 'js', reason: 'BACKBEAT_DSP=js' } };
  let reason: string;
  if (!fs.existsSync(file)) {
    reason = `${file} is missing (npm install builds it; a C compiler is needed)`;
  } else {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { dsp: parseNativeDsp(require(file)), status: { kernels: 'native' } };
    } catch (err) {
      reason = `${file} could not be loaded: ${(err as Error).message}`;
    }
  }
  if (mode === 'native') throw new Error(`BACKBEAT_DSP=native, but ${reason}`);
  return { dsp: null, status: { kernels: 'js', reason } };
}

let loaded: { dsp: NativeDsp | null; status: DspStatus } | null = null;

function loadOnce(): { dsp: NativeDsp | null; status: DspStatus } {
  if (!loaded) {
    loaded = loadDsp(DSP_ADDON_FILE, process.env.BACKBEAT_DSP);
    // Said once per thread that analyses, on stderr like the engine's default log: the
    // values are the same, but a rescan takes about twice the time, and a user should
    // know why. Asking for the TypeScript kernels is not news.
    if (!loaded.dsp && process.env.BACKBEAT_DSP !== 'js')
      process.stderr.write(
        `backbeat: ${loaded.status.reason}; the analysis runs its TypeScript kernels (same values, slower)\n`,
      );
  }
  return loaded;
}

/** The native kernels, or null where the JavaScript ones run (see the header). */
export function nativeDsp(): NativeDsp | null {
  return loadOnce().dsp;
}

/** Which kernels this process runs, and why; printed by the benchmarks and `npm run fidelity`. */
export function dspStatus(): DspStatus {
  return loadOnce().status;
}
