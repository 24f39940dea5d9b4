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

export interface NativeDsp {
  complexPlan(size: number, table: Float64Array): NativePlan;
  complexTransform(plan: NativePlan, out: Float64Array, data: Float64Array, inverse: 0 | 1): void;
  realPlan(size: number, halfTable: Float64Array, cos: Float64Array, sin: Float64Array): NativePlan;
  realPower(plan: NativePlan, frame: Float64Array, power: Float64Array): void;
  realSpectrum(plan: NativePlan, frame: Float64Array, spec: Float64Array, from: number, to: number): void;
  realInverse(plan: NativePlan, spec: Float64Array, out: Float64Array): void;
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
export const DSP_ABI = 1;
const FUNCTIONS: readonly (keyof NativeDsp)[] = [
  'complexPlan',
  'complexTransform',
  'realPlan',
  'realPower',
  'realSpectrum',
  'realInverse',
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
  loaded ??= loadDsp(DSP_ADDON_FILE, process.env.BACKBEAT_DSP);
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
