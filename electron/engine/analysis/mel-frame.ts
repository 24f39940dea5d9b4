// Per frame: the log-mel spectrum (128 Slaney mel bands of the power spectrum, in
// dB). When the signal is complete, finish() applies librosa's floor, 80 dB below
// the loudest mel value of this signal (power_to_db's top_db), and derives what the
// generator derives from it: the onset strength (mean, and median, over bands of the
// positive rise since the previous frame, delayed by librosa's centring of 2 frames
// plus the lag of 1) and the MFCCs (orthonormal DCT-II of the floored log-mel).
// The rows are kept unfloored, so fillRange() can do the same for a run of frames
// with that run's own floor (a 30 s segment read from the whole track's frames).
// Where the native kernels are built, each row of fillRange() is one call to them
// (dsp/src/mel-rows.c: the same operations, the same values).
import { N_MELS, N_MFCC } from './constants';
import { COL, type FrameTable } from './frame-columns';
import { dctMatrix, melFilterbank, packFilters } from './filterbanks';
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';

/** librosa's power_to_db: amin 1e-10, ref 1, top_db 80. */
const AMIN = 1e-10;
export const TOP_DB = 80;
/** Onset frame t holds the rise from frame t - 3 to t - 2 (lag 1 + n_fft / (2 hop)). */
const ONSET_DELAY = 3;

const HALF_MELS = N_MELS / 2;

/** Built once per worker, as module constants so the loops keep them in registers. */
const MEL = packFilters(melFilterbank());
const DCT = Float64Array.from(dctMatrix());

/** Frames per chunk of stored log-mel: it grows a chunk at a time, never copying or doubling. */
const CHUNK_SHIFT = 12;
const CHUNK_FRAMES = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_FRAMES - 1;

/** The filters' first bins then their offsets into the weights, for the native frame kernel. */
export function melLayout(): { bands: Float64Array; weights: Float64Array; amin: number } {
  const bands = new Float64Array(2 * N_MELS + 1);
  bands.set(MEL.starts);
  bands.set(MEL.offsets, N_MELS);
  return { bands, weights: MEL.weights, amin: AMIN };
}

/** Each mel band's power in `power`, as librosa has it before its log: rounded to float32, at least AMIN. */
function melPowers(power: Float64Array, out: Float64Array): void {
  const { starts, offsets, weights } = MEL;
  for (let m = 0; m < N_MELS; m++) {
    const end = offsets[m + 1]!;
    let acc = 0;
    for (let i = offsets[m]!, k = starts[m]!; i < end; i++, k++) acc += weights[i]! * power[k]!;
    // librosa computes in float32: round the power first, as it does.
    out[m] = Math.max(AMIN, Math.fround(acc));
  }
}

/**
 * The median of `zeros` zeros and the first `positive` values of `rises` (all > 0),
 * N_MELS values in all: the mean of the middle two, sorting only the positive ones.
 */
function middlePair(rises: Float64Array, positive: number, zeros: number): number {
  if (zeros > HALF_MELS) return 0;
  const sorted = rises.subarray(0, positive).sort();
  const at = (i: number): number => (i < zeros ? 0 : sorted[i - zeros]!);
  return 0.5 * (at(HALF_MELS - 1) + at(HALF_MELS));
}

export class MelFrame {
  /** Unfloored log-mel of every frame so far, frame-major, in chunks of CHUNK_FRAMES. */
  private readonly chunks: Float32Array[] = [];
  /** Each frame's loudest value before rounding to float32 (the floor is relative to it). */
  private frameMax = new Float64Array(CHUNK_FRAMES);
  private count = 0;

  /** The native kernel's plan and its per-row parameters (mel-rows-binding.c's order). */
  private readonly native: { dsp: NativeDsp; plan: NativePlan; params: Float64Array } | null;

  /** `dsp` null runs the TypeScript arithmetic (the kernels' tests compare the two). */
  constructor(dsp: NativeDsp | null = nativeDsp()) {
    const layout = Float64Array.from([N_MELS, N_MFCC, COL.onset, COL.onsetMedian, COL.mfcc]);
    this.native = dsp ? { dsp, plan: dsp.melRowsPlan(DCT, layout), params: new Float64Array(7) } : null;
  }

  get length(): number {
    return this.count;
  }

  private readonly bandPower = new Float64Array(N_MELS);

  /** Stores the log-mel of the frame with this power spectrum. */
  push(power: Float64Array): void {
    melPowers(power, this.bandPower);
    this.pushBandPowers(this.bandPower);
  }

  /**
   * Stores the log-mel of a frame from its mel band powers (as melPowers writes them;
   * the native frame kernel writes them too). The log10 stays here: V8's Math.log10
   * and the C library's may differ in the last bit.
   */
  pushBandPowers(bandPower: Float64Array): void {
    const at = this.count & CHUNK_MASK;
    if (at === 0) this.chunks.push(new Float32Array(N_MELS * CHUNK_FRAMES));
    const db = this.chunks[this.chunks.length - 1]!;
    const base = at * N_MELS;
    let max = -Infinity;
    for (let m = 0; m < N_MELS; m++) {
      const v = 10 * Math.log10(bandPower[m]!);
      db[base + m] = v;
      if (v > max) max = v;
    }
    if (this.count === this.frameMax.length) {
      const grown = new Float64Array(2 * this.count);
      grown.set(this.frameMax);
      this.frameMax = grown;
    }
    this.frameMax[this.count] = max;
    this.count++;
  }

  /** Fills the onset and MFCC columns of every frame of `frames` (one per push). */
  finish(frames: FrameTable): void {
    this.fillRange(frames, 0, this.count);
  }

  /**
   * Fills the onset and MFCC columns of rows 0..count-1 of `frames` from frames
   * from..from+count-1 as a signal of their own: floored 80 dB under their loudest
   * value, their first onsets zero.
   */
  fillRange(frames: FrameTable, from: number, count: number): void {
    if (from < 0 || from + count > this.count) throw new Error('MelFrame: range outside the frames');
    let max = -Infinity;
    for (let t = from; t < from + count; t++) if (this.frameMax[t]! > max) max = this.frameMax[t]!;
    const floor = max - TOP_DB;
    // What librosa stores for a floored value: the floor rounded to float32.
    const floor32 = Math.fround(floor);
    if (this.native) return this.fillNative(frames, from, count, floor, floor32);
    const cur = this.cur;
    const prev = this.prev;
    const rises = new Float64Array(N_MELS);
    for (let t = 0; t < count; t++) {
      const src = t - ONSET_DELAY + 1;
      let mean = 0;
      let median = 0;
      if (src >= 1) {
        this.floored(from + src, floor, floor32, cur);
        this.floored(from + src - 1, floor, floor32, prev);
        // The positive rises only: the others are zeros, which sort first.
        let sum = 0;
        let positive = 0;
        for (let m = 0; m < N_MELS; m++) {
          const r = cur[m]! - prev[m]!;
          if (r > 0) {
            rises[positive++] = r;
            sum += r;
          }
        }
        mean = sum / N_MELS;
        median = middlePair(rises, positive, N_MELS - positive);
      }
      frames.set(t, COL.onset, mean);
      frames.set(t, COL.onsetMedian, median);
      this.floored(from + t, floor, floor32, cur);
      this.writeMfcc(cur, frames, t);
    }
  }

  /** fillRange's loop in the native kernel: one call per row. */
  private fillNative(frames: FrameTable, from: number, count: number, floor: number, floor32: number): void {
    const { dsp, plan, params } = this.native!;
    const { chunks } = this;
    params[4] = floor;
    params[5] = floor32;
    for (let t = 0; t < count; t++) {
      const own = from + t;
      const cur = own - ONSET_DELAY + 1;
      const onset = cur >= from + 1;
      const ownDb = chunks[own >>> CHUNK_SHIFT]!;
      params[0] = onset ? (cur & CHUNK_MASK) * N_MELS : 0;
      params[1] = onset ? ((cur - 1) & CHUNK_MASK) * N_MELS : 0;
      params[2] = (own & CHUNK_MASK) * N_MELS;
      params[3] = frames.rowOffset(t);
      params[6] = onset ? 1 : 0;
      const curDb = onset ? chunks[cur >>> CHUNK_SHIFT]! : ownDb;
      const prevDb = onset ? chunks[(cur - 1) >>> CHUNK_SHIFT]! : ownDb;
      dsp.melRow(plan, curDb, prevDb, ownDb, frames.rowChunk(t), params);
    }
  }

  private readonly cur = new Float64Array(N_MELS);
  private readonly prev = new Float64Array(N_MELS);

  /** Frame t's log-mel values with the floor applied, into `out`. */
  private floored(t: number, floor: number, floor32: number, out: Float64Array): void {
    const at = (t & CHUNK_MASK) * N_MELS;
    const db = this.chunks[t >>> CHUNK_SHIFT]!;
    for (let m = 0; m < N_MELS; m++) {
      const v = db[at + m]!;
      out[m] = v < floor ? floor32 : v;
    }
  }

  /**
   * The DCT-II rows are symmetric (even k) or antisymmetric (odd k) about the
   * middle of the log-mel vector, so each row needs only half the products: the
   * first half of the row against the sums (even k) or differences (odd k) of
   * mirrored log-mel values.
   */
  private readonly sums = new Float64Array(HALF_MELS);
  private readonly diffs = new Float64Array(HALF_MELS);

  private writeMfcc(x: Float64Array, frames: FrameTable, t: number): void {
    const dct = DCT;
    const { sums, diffs } = this;
    for (let m = 0; m < HALF_MELS; m++) {
      const a = x[m]!;
      const b = x[N_MELS - 1 - m]!;
      sums[m] = a + b;
      diffs[m] = a - b;
    }
    for (let c = 0; c < N_MFCC; c++) {
      const folded = c % 2 === 0 ? sums : diffs;
      const off = c * N_MELS;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let m = 0; m < HALF_MELS; m += 4) {
        a0 += dct[off + m]! * folded[m]!;
        a1 += dct[off + m + 1]! * folded[m + 1]!;
        a2 += dct[off + m + 2]! * folded[m + 2]!;
        a3 += dct[off + m + 3]! * folded[m + 3]!;
      }
      frames.set(t, COL.mfcc + c, a0 + a1 + a2 + a3);
    }
  }
}
