// Per frame: the log-mel spectrum (128 Slaney mel bands of the power spectrum, in
// dB). When the signal is complete, finish() applies librosa's floor, 80 dB below
// the loudest mel value of this signal (power_to_db's top_db), and derives what the
// generator derives from it: the onset strength (mean, and median, over bands of the
// positive rise since the previous frame, delayed by librosa's centring of 2 frames
// plus the lag of 1) and the MFCCs (orthonormal DCT-II of the floored log-mel).
import { N_MELS, N_MFCC } from './constants';
import { COL, type FrameTable } from './frame-columns';
import { dctMatrix, melFilterbank, packFilters } from './filterbanks';

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

export class MelFrame {
  /** Unfloored log-mel of every frame so far, frame-major, in chunks of CHUNK_FRAMES. */
  private readonly chunks: Float32Array[] = [];
  private count = 0;
  private max = -Infinity;

  /** Stores the log-mel of the frame with this power spectrum. */
  push(power: Float64Array): void {
    const at = this.count & CHUNK_MASK;
    if (at === 0) this.chunks.push(new Float32Array(N_MELS * CHUNK_FRAMES));
    const db = this.chunks[this.chunks.length - 1]!;
    const { starts, offsets, weights } = MEL;
    const base = at * N_MELS;
    for (let m = 0; m < N_MELS; m++) {
      const end = offsets[m + 1]!;
      let acc = 0;
      for (let i = offsets[m]!, k = starts[m]!; i < end; i++, k++) acc += weights[i]! * power[k]!;
      // librosa computes in float32: round the power first, as it does.
      const v = 10 * Math.log10(Math.max(AMIN, Math.fround(acc)));
      db[base + m] = v;
      if (v > this.max) this.max = v;
    }
    this.count++;
  }

  /** Frame t's log-mel values. */
  private row(t: number): Float32Array {
    const at = (t & CHUNK_MASK) * N_MELS;
    return this.chunks[t >>> CHUNK_SHIFT]!.subarray(at, at + N_MELS);
  }

  /** Fills the onset and MFCC columns of every frame of `frames` (one per push). */
  finish(frames: FrameTable): void {
    const n = this.count;
    const floor = this.max - TOP_DB;
    for (const db of this.chunks) for (let i = 0; i < db.length; i++) if (db[i]! < floor) db[i] = floor;
    const rises = new Float64Array(N_MELS);
    for (let t = 0; t < n; t++) {
      const src = t - ONSET_DELAY + 1;
      let mean = 0;
      let median = 0;
      if (src >= 1) {
        const cur = this.row(src);
        const prev = this.row(src - 1);
        let sum = 0;
        for (let m = 0; m < N_MELS; m++) {
          const r = Math.max(0, cur[m]! - prev[m]!);
          rises[m] = r;
          sum += r;
        }
        mean = sum / N_MELS;
        rises.sort();
        median = 0.5 * (rises[HALF_MELS - 1]! + rises[HALF_MELS]!);
      }
      frames.set(t, COL.onset, mean);
      frames.set(t, COL.onsetMedian, median);
      this.writeMfcc(this.row(t), frames, t);
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

  private writeMfcc(x: Float32Array, frames: FrameTable, t: number): void {
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
