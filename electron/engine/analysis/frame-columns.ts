// What the frame analyzer keeps per STFT frame: one row of COLUMN_COUNT floats.
// Everything later (beats, segments, statistics) works from these rows, so a
// 20-minute file needs about 12 MB instead of its 100 MB of samples.
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

/** Rows per chunk: the table grows a chunk at a time, never copying or doubling. */
const CHUNK_SHIFT = 12;
const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_ROWS - 1;

/** Rows of per-frame values, appended as frames are analysed. */
export class FrameTable {
  private readonly chunks: Float32Array[] = [];
  length = 0;

  /** A row to fill for the next frame. */
  appendRow(): Float32Array {
    const frame = this.appendBlankRow();
    const at = this.rowOffset(frame);
    return this.rowChunk(frame).subarray(at, at + COLUMN_COUNT);
  }

  /** Adds a row of zeros for the next frame and returns its index (a native kernel fills it in place). */
  appendBlankRow(): number {
    if ((this.length & CHUNK_MASK) === 0) this.chunks.push(new Float32Array(COLUMN_COUNT * CHUNK_ROWS));
    return this.length++;
  }

  set(frame: number, column: number, value: number): void {
    this.chunks[frame >>> CHUNK_SHIFT]![(frame & CHUNK_MASK) * COLUMN_COUNT + column] = value;
  }

  /** The chunk that holds `frame`'s row, which starts at rowOffset(frame) in it (for the native kernels). */
  rowChunk(frame: number): Float32Array {
    return this.chunks[frame >>> CHUNK_SHIFT]!;
  }

  rowOffset(frame: number): number {
    return (frame & CHUNK_MASK) * COLUMN_COUNT;
  }

  get(frame: number, column: number): number {
    return this.chunks[frame >>> CHUNK_SHIFT]![(frame & CHUNK_MASK) * COLUMN_COUNT + column]!;
  }

  /** One column over frames [from, to) as a new array. */
  column(column: number, from = 0, to = this.length): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    for (let f = from, i = 0; f < to; f++, i++) out[i] = this.get(f, column);
    return out;
  }
}
