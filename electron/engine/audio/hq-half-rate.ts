// Streaming 2:1 decimation (44.1 -> 22.05 kHz, by far the commonest case, and each
// octave of the constant-Q chroma) with a filter shaped like the one librosa's
// loader gets from soxr's "HQ" recipe: flat to 91.4% of the new Nyquist frequency,
// 120 dB down from Nyquist on. Such a filter is long (about 370 taps at the input
// rate), so it runs as an FFT convolution (overlap-save) that computes only the even
// samples it keeps: about 55 operations per input sample instead of 370. Output n sits on input 2n (the filter is symmetric:
// no delay); n inputs give ceil(n / 2) outputs; input outside the stream is zero.
//
// Where the native kernels are built (dsp/native-dsp.ts), each block (the float to
// double copy, both transforms, the filter's product and the fold to even samples,
// the rounding to float) is one call into C with RealFft's own tables: bit for bit
// the same samples. Stereo blocks are averaged straight into the input buffer.
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';
import { kaiser } from './kaiser';
import { RealFft, packedRealFftTables } from './real-fft';

/** soxr HQ: passband end 1 - 0.05 / TO_3dB(120.4 dB), stopband at Nyquist; 20 bits of rejection. */
const PASSBAND_END = 0.9136;
const STOPBAND_BEGIN = 1;
const REJECTION_DB = 120.4;
/** Kaiser's formulas: beta for the rejection, and the taps for the transition width. */
const BETA = 0.1102 * (REJECTION_DB - 8.7);
/** Cutoff and transition in cycles per input sample (output Nyquist = 0.25). */
const CUTOFF = 0.25 * ((PASSBAND_END + STOPBAND_BEGIN) / 2);
const TRANSITION = 0.25 * (STOPBAND_BEGIN - PASSBAND_END);
export const HQ_REACH = Math.ceil((REJECTION_DB - 8) / (2.285 * 2 * Math.PI * TRANSITION) / 2);

const FFT_SIZE = 4096;
/** Input positions whose filtered value one FFT block yields. */
const BLOCK = FFT_SIZE - 2 * HQ_REACH;
// Outputs are read at even circular indices only (see produce); that needs both even.
if (HQ_REACH % 2 !== 0 || BLOCK % 2 !== 0) throw new Error('hq-half-rate: HQ_REACH and BLOCK must be even');

/** The filter's taps at distances -HQ_REACH..HQ_REACH, unit gain at DC. */
export function hqTaps(): Float64Array {
  const taps = new Float64Array(2 * HQ_REACH + 1);
  let sum = 0;
  for (let d = -HQ_REACH; d <= HQ_REACH; d++) {
    const arg = 2 * CUTOFF * d;
    const sinc = d === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    const v = 2 * CUTOFF * sinc * kaiser(d / (HQ_REACH + 1), BETA);
    taps[d + HQ_REACH] = v;
    sum += v;
  }
  for (let i = 0; i < taps.length; i++) taps[i]! /= sum;
  return taps;
}

/**
 * The transforms (forward at the input rate, inverse at the output rate) and the
 * filter's spectrum, built once per worker: the TypeScript reference, which the
 * native block is tested against (so these never run in C themselves).
 */
const FORWARD = new RealFft(FFT_SIZE, null);
const INVERSE = new RealFft(FFT_SIZE / 2, null);
const H = (() => {
  const h = new Float64Array(FFT_SIZE);
  h.set(hqTaps());
  const spectrum = new Float64Array(FFT_SIZE + 2);
  FORWARD.spectrumInto(h, spectrum);
  return spectrum;
})();

/**
 * The block's circular convolution with the filter, at even indices only: for a
 * spectrum Y of FFT_SIZE = 2M points, the even samples y[2m] are the M-point
 * inverse of (Y[k] + Y[k + M]) / 2, and Y[k + M] = conj(Y[M - k]) for a real signal.
 * So one half-size inverse does the work of the full one, and nothing is computed
 * for the odd samples that decimation drops.
 */
function filterEvenSamples(
  frame: Float64Array,
  spec: Float64Array,
  evenSpec: Float64Array,
  even: Float64Array,
): void {
  FORWARD.spectrumInto(frame, spec);
  const half = FFT_SIZE / 2;
  for (let k = 0; k <= half; k++) {
    const ar = spec[2 * k]!;
    const ai = spec[2 * k + 1]!;
    const br = H[2 * k]!;
    const bi = H[2 * k + 1]!;
    spec[2 * k] = ar * br - ai * bi;
    spec[2 * k + 1] = ar * bi + ai * br;
  }
  const quarter = FFT_SIZE / 4;
  for (let k = 0; k <= quarter; k++) {
    const m = half - k;
    evenSpec[2 * k] = 0.5 * (spec[2 * k]! + spec[2 * m]!);
    evenSpec[2 * k + 1] = 0.5 * (spec[2 * k + 1]! - spec[2 * m + 1]!);
  }
  INVERSE.inverseInto(evenSpec, even);
}

/** The native plans, one per kernel set (in practice one per worker). */
const NATIVE_PLANS = new WeakMap<NativeDsp, NativePlan>();

function nativePlanOf(dsp: NativeDsp): NativePlan {
  let plan = NATIVE_PLANS.get(dsp);
  if (!plan) {
    plan = dsp.halfRatePlan(FFT_SIZE, packedRealFftTables(FFT_SIZE), packedRealFftTables(FFT_SIZE / 2), H);
    NATIVE_PLANS.set(dsp, plan);
  }
  return plan;
}

/** One block of the filter, in C when the kernels are there, else in TypeScript. */
class BlockFilter {
  private readonly frame = new Float64Array(FFT_SIZE);
  /** Bins 0..FFT_SIZE/2 of the block's spectrum, then of its filtered spectrum. */
  private readonly spec = new Float64Array(FFT_SIZE + 2);
  /** Bins 0..FFT_SIZE/4 of the spectrum of the filtered block's even samples. */
  private readonly evenSpec = new Float64Array(FFT_SIZE / 2 + 2);
  /** The filtered block's even samples: even[m] is circular index 2m. */
  private readonly even = new Float64Array(FFT_SIZE / 2);
  private readonly native: { dsp: NativeDsp; plan: NativePlan } | null;

  constructor(dsp: NativeDsp | null) {
    this.native = dsp ? { dsp, plan: nativePlanOf(dsp) } : null;
  }

  /**
   * Filters the block whose samples offset.. are `input` (zero elsewhere) and writes
   * its even samples first..first+count-1, rounded to 32 bits, to out[at..].
   */
  run(
    input: Float32Array,
    offset: number,
    out: Float32Array,
    at: number,
    first: number,
    count: number,
  ): void {
    if (this.native)
      return this.native.dsp.halfRateBlock(this.native.plan, input, offset, out, at, first, count);
    const { frame, even } = this;
    frame.fill(0);
    // One native converting copy (a loop here was most of produce's own time).
    frame.set(input, offset);
    filterEvenSamples(frame, this.spec, this.evenSpec, even);
    for (let i = 0; i < count; i++) out[at + i] = even[first + i]!;
  }
}

/**
 * The whole of `input` decimated at once, each output multiplied by `gain` after it
 * is rounded to 32 bits: bit for bit what push(input) + flush() give, then scaled,
 * without buffering or copying the input. The blocks are the streaming ones: a full
 * block every BLOCK positions, and at the very end (as flush does) a last block
 * moved up so that it ends HQ_REACH zeros after the input.
 */
export function decimateAll(
  input: Float32Array,
  gain = 1,
  dsp: NativeDsp | null = nativeDsp(),
): Float32Array {
  const n = input.length;
  const out = new Float32Array(Math.ceil(n / 2));
  const filter = new BlockFilter(dsp);
  // The block holds input positions start .. start + FFT_SIZE - 1 (zero outside the
  // input); its filtered value for position p sits at index p - start + HQ_REACH.
  let start = -HQ_REACH;
  let pos = 0;
  while (pos < n) {
    const from = Math.max(0, start);
    const to = Math.max(from, Math.min(n, start + FFT_SIZE));
    const endPos = Math.min(start + HQ_REACH + BLOCK, n);
    const count = Math.max(0, Math.ceil((endPos - pos) / 2));
    filter.run(input.subarray(from, to), from - start, out, pos >> 1, (pos - start + HQ_REACH) >> 1, count);
    pos += 2 * count;
    const drop = Math.min(BLOCK, Math.max(0, n - start - 2 * HQ_REACH));
    if (drop === 0) break;
    start += drop;
  }
  // Each output rounded to 32 bits, then scaled (and rounded again on the way in).
  if (gain !== 1) for (let i = 0; i < out.length; i++) out[i]! *= gain;
  return out;
}

export class HqHalfRateDecimator {
  /**
   * buf[head + i] is input sample bufStart + i, for i < bufLen; it starts with
   * HQ_REACH zeros for the silence before the stream.
   */
  private buf = new Float32Array(FFT_SIZE * 2);
  private head = 0;
  private bufLen = HQ_REACH;
  private bufStart = -HQ_REACH;
  private inputCount = 0;
  /** Input position of the next output (always even). */
  private nextPos = 0;
  private flushed = false;
  private readonly filter: BlockFilter;
  private readonly dsp: NativeDsp | null;
  /** Outputs of one produce call, before they are copied out. */
  private outputs = new Float32Array(FFT_SIZE);

  /** `dsp` null runs the TypeScript arithmetic (the kernels' tests compare the two). */
  constructor(dsp: NativeDsp | null = nativeDsp()) {
    this.dsp = dsp;
    this.filter = new BlockFilter(dsp);
  }

  /**
   * Feeds input; returns the output samples that are now final, as a view of a buffer
   * the next call reuses (consume or copy it before then: a new array per call was
   * garbage the size of the track's samples).
   */
  push(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    this.append(input);
    this.inputCount += input.length;
    return this.produce(false);
  }

  /** Feeds a stereo block, averaged to mono on the way in (what downmix.ts gives); returns as push does. */
  pushStereo(left: Float32Array, right: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    const n = left.length;
    const at = this.reserve(n);
    const buf = this.buf;
    if (this.dsp) this.dsp.mixStereo(buf, at, left, right);
    else for (let i = 0; i < n; i++) buf[at + i] = (left[i]! + right[i]!) * 0.5;
    this.bufLen += n;
    this.inputCount += n;
    return this.produce(false);
  }

  /** Ends the stream: the remaining outputs, computed with silence after the last sample. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    return this.produce(true);
  }

  private append(input: Float32Array): void {
    const at = this.reserve(input.length); // (may replace this.buf: read it after)
    this.buf.set(input, at);
    this.bufLen += input.length;
  }

  /** Makes room for `count` more samples after the live ones; returns where they go in buf. */
  private reserve(count: number): number {
    // Move the live samples to the front (once per append, not per block), growing if needed.
    if (this.head + this.bufLen + count > this.buf.length) {
      const needed = this.bufLen + count;
      if (needed > this.buf.length) {
        const next = new Float32Array(2 * needed);
        next.set(this.buf.subarray(this.head, this.head + this.bufLen));
        this.buf = next;
      } else {
        this.buf.copyWithin(0, this.head, this.head + this.bufLen);
      }
      this.head = 0;
    }
    return this.head + this.bufLen;
  }

  private produce(final: boolean): Float32Array {
    let count = 0;
    const lastPos = this.inputCount - 1;
    for (;;) {
      // This block gives positions bufStart + HQ_REACH .. bufStart + HQ_REACH + BLOCK - 1.
      const available = this.bufLen - 2 * HQ_REACH;
      if (!final && available < BLOCK) break;
      if (this.nextPos > lastPos) break;
      const n = Math.min(FFT_SIZE, this.bufLen);
      const firstPos = this.bufStart + HQ_REACH;
      const endPos = firstPos + BLOCK;
      if (count + BLOCK / 2 + 1 > this.outputs.length) {
        const grown = new Float32Array(2 * (count + BLOCK));
        grown.set(this.outputs.subarray(0, count));
        this.outputs = grown;
      }
      // Positions nextPos, nextPos + 2, ... before endPos and up to lastPos. Filtered
      // value at position p sits at circular index (p - bufStart) + HQ_REACH, which is
      // even (bufStart moves by BLOCK, an even number, from -HQ_REACH, also even).
      const outs = Math.max(0, Math.ceil((Math.min(endPos, lastPos + 1) - this.nextPos) / 2));
      const first = (this.nextPos - this.bufStart + HQ_REACH) >> 1;
      this.filter.run(this.buf.subarray(this.head, this.head + n), 0, this.outputs, count, first, outs);
      count += outs;
      this.nextPos += 2 * outs;
      // Keep the 2 * HQ_REACH samples the next block's first positions still need.
      const drop = Math.min(BLOCK, Math.max(0, this.bufLen - 2 * HQ_REACH));
      if (drop === 0) break;
      this.head += drop;
      this.bufLen -= drop;
      this.bufStart += drop;
    }
    return this.outputs.subarray(0, count);
  }
}
