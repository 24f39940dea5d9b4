// What the frame analyzer keeps per STFT frame: one row of COLUMN_COUNT floats.
// Everything later (beats, segments, statistics) works from these rows, so a
// 20-minute file needs about 10 MB instead of its 100 MB of samples.
import { N_CHROMA, N_CONTRAST, N_MFCC, N_TONNETZ } from './constants';

/**
 * `onset` is librosa's onset strength (mean over mel bands, the rhythm tower's and
 * spectral flux's), `onsetMedian` the same with the median over bands (what its beat
 * tracker reads). Both, the MFCCs and the contrast are filled in when the signal is
 * complete: they depend on its loudest value (see finishColumns in frame-analyzer.ts).
 */
const C = 2 + N_MFCC;
export const COL = {
  onset: 0,
  onsetMedian: 1,
  mfcc: 2,
  contrast: C,
  contrastPeak: C + N_CONTRAST,
  contrastValley: C + 2 * N_CONTRAST,
  rolloff: C + 3 * N_CONTRAST,
  centroid: C + 3 * N_CONTRAST + 1,
  bandwidth: C + 3 * N_CONTRAST + 2,
  zcr: C + 3 * N_CONTRAST + 3,
  rms: C + 3 * N_CONTRAST + 4,
  chroma: C + 3 * N_CONTRAST + 5,
  tonnetz: C + 3 * N_CONTRAST + 5 + N_CHROMA,
} as const;

export const COLUMN_COUNT = COL.tonnetz + N_TONNETZ;

/** Rows of per-frame values, appended as frames are analysed. */
export class FrameTable {
  private data = new Float32Array(COLUMN_COUNT * 1024);
  length = 0;

  /** A row to fill for the next frame. */
  appendRow(): Float32Array {
    if ((this.length + 1) * COLUMN_COUNT > this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const row = this.data.subarray(this.length * COLUMN_COUNT, (this.length + 1) * COLUMN_COUNT);
    this.length++;
    return row;
  }

  set(frame: number, column: number, value: number): void {
    this.data[frame * COLUMN_COUNT + column] = value;
  }

  get(frame: number, column: number): number {
    return this.data[frame * COLUMN_COUNT + column]!;
  }

  /** One column over frames [from, to) as a new array. */
  column(column: number, from = 0, to = this.length): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    for (let f = from, i = 0; f < to; f++, i++) out[i] = this.data[f * COLUMN_COUNT + column]!;
    return out;
  }
}
