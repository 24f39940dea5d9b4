// A low octave of the streamed constant-Q transform (see cqt-chroma.ts), many frames
// per FFT. librosa takes one FFT of 1024 samples per frame in every octave, but the
// hop halves with each octave (8 samples in the lowest), so a low octave's frames
// overlap almost entirely and its FFTs recompute nearly the same thing.
//
// Filter j's response to the frame starting at s is sum_e F[e] X_s[k_e] (its sparse
// spectrum against the frame's DFT), which is sum_{n<N} x[s + n] g[n] with
// g[n] = sum_e F[e] exp(-2 pi i k_e n / N): a correlation of the signal with a fixed
// kernel of N samples, read every hop. So a block of M samples holding B frames
// (M = N + (B - 1) * hop) takes one real FFT Y of the block, and per filter the
// product Y[k] G[k] with G[k] = sum_{n<N} g[n] exp(2 pi i k n / M); the correlation at
// multiples of the hop is the inverse of that product folded to M / hop points (the
// bins k, k + M/hop, ... summed), so each filter costs M multiplications and one
// small inverse FFT a block instead of a sparse product per frame plus a 1024-point
// FFT per frame. The values are the per-frame ones up to rounding (the test states
// the tolerance); a frame whose samples are all zero gives exact zeros as before.
import { ComplexFft, twiddleTable } from '../audio/complex-fft';
import { packedRealFftTables } from '../audio/real-fft';
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';
import { HOP } from './constants';
import { BINS_PER_OCTAVE, N_OCTAVES, type OctaveBank } from './cqt-filters';
import { OctaveSignal, realFftOf, type OctaveFrames, type PendingFrames } from './cqt-octave-stream';
import { hypot2 } from './hypot';

/** Samples per block: with N = 1024 the lowest octave gets 385 frames a block. */
export const BLOCK_SIZE = 4096;

/** Octaves whose hop is at most this use blocks; above it a frame's own FFT is cheaper. */
export const BLOCK_MAX_HOP = 32;

/** Each filter's kernel spectrum G (interleaved, bins 0..BLOCK_SIZE-1) for one bank. */
export interface BlockKernel {
  spectra: Float64Array[];
  /** The spectra one after the other (spectra[j] is a view of it), as the native kernel reads them. */
  all: Float64Array;
}

function buildKernel(bank: OctaveBank): BlockKernel {
  const n = bank.nFft;
  const fftN = new ComplexFft(n);
  const fftM = new ComplexFft(BLOCK_SIZE);
  const sparse = new Float64Array(2 * n);
  const padded = new Float64Array(2 * BLOCK_SIZE);
  const all = new Float64Array(BINS_PER_OCTAVE * 2 * BLOCK_SIZE);
  const spectra: Float64Array[] = [];
  for (let j = 0; j < BINS_PER_OCTAVE; j++) {
    sparse.fill(0);
    for (let e = bank.offsets[j]!; e < bank.offsets[j + 1]!; e++) {
      const k = bank.bins[e]!;
      sparse[2 * k] = bank.re[e]!;
      sparse[2 * k + 1] = bank.im[e]!;
    }
    // g[n] = sum_k F[k] exp(-2 pi i k n / N): the forward transform of the sparse spectrum.
    padded.fill(0);
    fftN.transform(padded.subarray(0, 2 * n), sparse);
    // G[k] = sum_n g[n] exp(+2 pi i k n / M) = M * inverse(g); the M goes into the final scale.
    const spectrum = all.subarray(j * 2 * BLOCK_SIZE, (j + 1) * 2 * BLOCK_SIZE);
    fftM.inverseTransform(spectrum, padded);
    spectra.push(spectrum);
  }
  return { spectra, all };
}

/** Kernels of the last few banks (2.4 MB each: a cache as large as the banks' would hold hundreds of MB). */
const KERNELS = new Map<OctaveBank, BlockKernel>();
const MAX_CACHED_KERNELS = 4;

export function kernelFor(bank: OctaveBank): BlockKernel {
  let kernel = KERNELS.get(bank);
  if (!kernel) {
    kernel = buildKernel(bank);
    if (KERNELS.size >= MAX_CACHED_KERNELS) KERNELS.delete(KERNELS.keys().next().value!);
    KERNELS.set(bank, kernel);
  }
  return kernel;
}

/** True when octave `octave`'s frames are computed in blocks. */
export function usesBlocks(octave: number): boolean {
  return HOP / 2 ** octave <= BLOCK_MAX_HOP;
}

/** One low octave's filters over its signal, a block of frames at a time. */
export class BlockOctaveStream extends OctaveSignal implements OctaveFrames {
  next = 0;
  private readonly kernel: BlockKernel;
  private readonly hop: number;
  private readonly halfFft: number;
  private readonly firstBin: number;
  /** Frames per block, and the points of the folded inverse (BLOCK_SIZE / hop). */
  private readonly frames: number;
  private readonly folded: number;
  private readonly inverse: ComplexFft;
  /** Final scale per filter: the bank's, times M (the kernel's) over the hop (the fold's). */
  private readonly factor: Float64Array;
  private readonly block = new Float64Array(BLOCK_SIZE);
  private readonly spec = new Float64Array(BLOCK_SIZE + 2);
  /** The block's whole spectrum, bins 0..M-1 (the upper half conjugates the lower). */
  private readonly full = new Float64Array(2 * BLOCK_SIZE);
  private readonly sums: Float64Array;
  private readonly out: Float64Array;
  /** nonZero[i] = samples among block[0..i) that are not zero. */
  private readonly nonZero = new Int32Array(BLOCK_SIZE + 1);
  /** Where each frame of the block has its row in the pending table (plus the octave's first bin). */
  private readonly rowAt: Int32Array;
  /** The native kernel's plan: computeBlock in C, operation for operation. */
  private readonly native: { dsp: NativeDsp; plan: NativePlan } | null;

  /** `dsp` null runs the JavaScript arithmetic (the kernels' tests compare the two). */
  constructor(bank: OctaveBank, octave: number, dsp: NativeDsp | null = nativeDsp()) {
    super();
    this.kernel = kernelFor(bank);
    this.hop = HOP / 2 ** octave;
    this.halfFft = bank.nFft / 2;
    this.firstBin = (N_OCTAVES - 1 - octave) * BINS_PER_OCTAVE;
    this.frames = (BLOCK_SIZE - bank.nFft) / this.hop + 1;
    this.folded = BLOCK_SIZE / this.hop;
    this.inverse = new ComplexFft(this.folded);
    this.sums = new Float64Array(2 * this.folded);
    this.out = new Float64Array(2 * this.folded);
    this.factor = bank.scale.map((s) => (s * BLOCK_SIZE) / this.hop);
    this.rowAt = new Int32Array(this.frames);
    this.native = dsp
      ? {
          dsp,
          plan: dsp.cqtBlockPlan(
            bank.nFft,
            this.hop,
            this.firstBin,
            BLOCK_SIZE,
            this.factor,
            packedRealFftTables(BLOCK_SIZE),
            twiddleTable(this.folded),
          ),
        }
      : null;
  }

  run(until: number, complete: boolean, pending: PendingFrames): void {
    const { hop, halfFft } = this;
    while (this.next < until) {
      const count = Math.min(this.frames, until - this.next);
      // While the signal is still coming, only whole blocks whose samples have all
      // arrived: the blocks (and so the rounding) are the same however it arrives.
      if (!complete && (count < this.frames || (this.next + count - 1) * hop + halfFft > this.total)) break;
      this.computeBlock(this.next, count, pending);
      this.next += count;
    }
    this.dropBefore(this.next * hop - halfFft);
  }

  private computeBlock(first: number, count: number, pending: PendingFrames): void {
    if (this.native) {
      pending.rowOf(first + count - 1);
      const { dsp, plan } = this.native;
      // The rest of this method in C, operation for operation (every row made room for).
      const rows = pending.rowsArray();
      dsp.cqtBlock(plan, this.kernel.all, this.held(), this.bufStart, first, count, rows, pending.capacity);
      return;
    }
    const { hop, block, firstBin, rowAt } = this;
    const n = 2 * this.halfFft;
    const used = (count - 1) * hop + n;
    for (let m = 0; m < count; m++) pending.rowOf(first + m);
    // Where each frame's row starts (valid now that every row has its room).
    for (let m = 0; m < count; m++) rowAt[m] = pending.rowOf(first + m) + firstBin;
    const rows = pending.rowsArray();
    const sounding = this.copySignal(block, first * hop - this.halfFft, used);
    if (!sounding) {
      for (let m = 0; m < count; m++) rows.fill(0, rowAt[m]!, rowAt[m]! + BINS_PER_OCTAVE);
      return;
    }
    block.fill(0, used);
    const nonZero = this.nonZero;
    for (let i = 0; i < used; i++) nonZero[i + 1] = nonZero[i]! + (block[i] !== 0 ? 1 : 0);
    this.spectrum();
    const { full, sums, out, folded, factor } = this;
    const spectra = this.kernel.spectra;
    // Locals, not module bindings, in the loops (an exported constant is read from
    // the exports object on every test of a loop condition).
    const end = 2 * BLOCK_SIZE;
    const stride = 2 * folded;
    for (let j = 0; j < BINS_PER_OCTAVE; j++) {
      const g = spectra[j]!;
      // Bins i, i + folded, i + 2 * folded, ... all land on i (summed in registers).
      for (let i = 0; i < stride; i += 2) {
        let sr = 0;
        let si = 0;
        for (let k = i; k < end; k += stride) {
          const yr = full[k]!;
          const yi = full[k + 1]!;
          const gr = g[k]!;
          const gi = g[k + 1]!;
          sr += yr * gr - yi * gi;
          si += yr * gi + yi * gr;
        }
        sums[i] = sr;
        sums[i + 1] = si;
      }
      this.inverse.inverseTransform(out, sums);
      const f = factor[j]!;
      for (let m = 0; m < count; m++) {
        const at = m * hop;
        rows[rowAt[m]! + j] = nonZero[at + n] === nonZero[at] ? 0 : hypot2(out[2 * m]!, out[2 * m + 1]!) * f;
      }
    }
  }

  /** The block's spectrum, all M bins: the real FFT's half, and its conjugate mirrored. */
  private spectrum(): void {
    const { spec, full } = this;
    realFftOf(BLOCK_SIZE).spectrumInto(this.block, spec);
    const half = BLOCK_SIZE / 2;
    full.set(spec.subarray(0, 2 * half + 2));
    for (let k = half + 1; k < BLOCK_SIZE; k++) {
      full[2 * k] = spec[2 * (BLOCK_SIZE - k)]!;
      full[2 * k + 1] = -spec[2 * (BLOCK_SIZE - k) + 1]!;
    }
  }
}
